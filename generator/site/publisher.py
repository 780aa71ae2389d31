"""Who publishes the site: name, logo, colours, contacts, licence, as configuration.

The publisher is set once, under ``extra.publisher`` in ``mkdocs.yml``; the
theme's header, footer and share tags read it there, the accessibility
statement has its contacts and dates filled in from it, report pages cite it,
and its colours become a stylesheet (a Content-Security-Policy without
``'unsafe-inline'`` allows no ``<style>`` in a page). A value that is missing,
or is a stand-in such as an ``example.invalid`` address, is reported by
:func:`problems`: the plugin logs each as a warning, so ``--strict`` refuses
to publish a site that names no real publisher.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

REQUIRED = (
    "name",
    "short_name",
    "logo",
    "url",
    "email",
    "accessibility_email",
    "address",
    "licence",
    "licence_url",
    "copyright",
    "statement_prepared",
    "statement_reviewed",
    "colour",
)
"""Every key of ``extra.publisher``, each a string."""

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
# Hosts and words that only ever stand in for a real value (RFC 2606 and 6761 names).
_STAND_IN = re.compile(
    r"example\.(invalid|com|org|net)|\.(invalid|test|example|localhost)\b|"
    r"\b(todo|tbc|tbd|changeme|placeholder|lorem)\b|x{3,}",
    re.IGNORECASE,
)
_FIELDS = re.compile(r"\{\{\s*publisher\.([a-z_]+)\s*\}\}")


@dataclass(frozen=True)
class Publisher:
    """The validated ``extra.publisher``: every key of :data:`REQUIRED`, as text."""

    values: Mapping[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values[key]


def publisher_of(extra: Mapping[str, Any]) -> Publisher:
    """``extra.publisher`` as text, keys missing from it as empty strings."""
    raw = extra.get("publisher")
    given = raw if isinstance(raw, Mapping) else {}
    return Publisher({key: str(given.get(key) or "").strip() for key in REQUIRED})


def problems(publisher: Publisher, site_url: str | None) -> list[str]:
    """What keeps this configuration from naming a real publisher, one message each."""
    found = []
    host = urlsplit(site_url or "").hostname or ""
    if not host or _STAND_IN.search(site_url or ""):
        found.append(f"site_url: expected the address the site is published at, got {site_url!r}")
    for key in REQUIRED:
        value = publisher[key]
        where = f"extra.publisher.{key}"
        if not value:
            found.append(f"{where}: expected a value, got none")
        elif _STAND_IN.search(value):
            found.append(f"{where}: expected a real value, got the stand-in {value!r}")
        elif key.endswith("email") and not _EMAIL.match(value):
            found.append(f"{where}: expected an email address, got {value!r}")
        elif key.startswith("statement_") and not _DATE.match(value):
            found.append(f"{where}: expected a date as YYYY-MM-DD, got {value!r}")
        elif key == "colour" and not _COLOUR.match(value):
            found.append(f"{where}: expected a colour as #rrggbb, got {value!r}")
        elif key.endswith("url") and urlsplit(value).scheme != "https":
            found.append(f"{where}: expected an https:// address, got {value!r}")
    return found


def fill(markdown: str, publisher: Publisher) -> str:
    """A hand-written page with each ``{{ publisher.<key> }}`` replaced by its value."""

    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in REQUIRED:
            return match.group(0)
        text = publisher[key]
        if key.startswith("statement_") and _DATE.match(text):
            day = date.fromisoformat(text)
            return f"{day.day} {day:%B %Y}"
        return text

    return _FIELDS.sub(value, markdown)


def _channel(hex_colour: str, i: int) -> int:
    return int(hex_colour[1 + 2 * i : 3 + 2 * i], 16)


def _mix(hex_colour: str, other: int, share: float) -> str:
    mixed = (round(_channel(hex_colour, i) * (1 - share) + other * share) for i in range(3))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def stylesheet(publisher: Publisher) -> str:
    """The publisher's colour as Material's primary and accent colours, in both palettes.

    Links are the colour itself on the light palette and a tint of it on the
    dark one, where the colour itself (a dark one, behind the header's white
    text) would not stand out from the background.
    """
    colour = publisher["colour"] if _COLOUR.match(publisher["colour"]) else "#1d3c6e"
    tint, dark, pale = _mix(colour, 255, 0.85), _mix(colour, 0, 0.25), _mix(colour, 255, 0.6)
    return (
        "/* Generated from extra.publisher.colour in mkdocs.yml. */\n"
        ":root, [data-md-color-scheme] {\n"
        f"  --ir-brand: {colour};\n  --ir-brand-dark: {dark};\n  --ir-brand-tint: {tint};\n"
        f"  --md-primary-fg-color: {colour};\n  --md-primary-fg-color--light: {colour};\n"
        f"  --md-primary-fg-color--dark: {dark};\n  --md-primary-bg-color: #ffffff;\n"
        "  --md-primary-bg-color--light: #ffffffb3;\n"
        f"  --md-accent-fg-color: {colour};\n  --md-accent-fg-color--transparent: {colour}1a;\n"
        f"  --md-typeset-a-color: {colour};\n"
        "}\n"
        "[data-md-color-scheme=slate][data-md-color-primary] {\n"
        f"  --md-typeset-a-color: {pale};\n  --md-accent-fg-color: {pale};\n"
        f"  --md-accent-fg-color--transparent: {pale}1a;\n"
        "}\n"
    )


def site_globals(publisher: Publisher, site_url: str | None, pdf: bool) -> dict[str, Any]:
    """What report templates know of the site: for a citation and the PDF link."""
    return {
        "publisher": publisher["name"],
        "url": (site_url or "").rstrip("/") + "/",
        "pdf": pdf,
    }
