"""Dates an author writes: when a report was published, and when an embargoed one may be.

Every scalar reaches the models as the text the author typed (see
:mod:`generator.stages.load`), so a date is text in ISO 8601 form, checked
against the calendar; a month alone is allowed where only the month was printed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Annotated

from pydantic import BeforeValidator, WithJsonSchema


def _calendar(value: object, pattern: re.Pattern[str], expected: str) -> str:
    """A date written as text, checked against the calendar; ValueError otherwise."""
    text = value.isoformat() if isinstance(value, date) else value
    if not isinstance(text, str) or not (found := pattern.match(text)):
        raise ValueError(f"expected {expected}, got {text!r}")
    parts = [int(p) for p in found.groups() if p is not None]
    try:
        date(parts[0], parts[1], parts[2] if len(parts) >= 3 else 1)
        if len(parts) > 3:
            time(parts[3], parts[4])
    except ValueError:
        raise ValueError(f"expected {expected}, got {text!r}, which is no such date") from None
    return text


DAY_OR_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
DAY_AND_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$")

PublicationDate = Annotated[
    str,
    BeforeValidator(
        lambda v: _calendar(v, DAY_OR_MONTH, "a date as YYYY-MM-DD, or a month as YYYY-MM")
    ),
    WithJsonSchema({"type": "string", "pattern": DAY_OR_MONTH.pattern}),
]
"""A date (YYYY-MM-DD) or, where only the month is known, a month (YYYY-MM)."""

ReleaseTime = Annotated[
    str,
    BeforeValidator(
        lambda v: _calendar(
            v, DAY_AND_TIME, "a date as YYYY-MM-DD, or a date and time as YYYY-MM-DD HH:MM"
        )
    ),
    WithJsonSchema({"type": "string", "pattern": DAY_AND_TIME.pattern}),
]
"""A day (YYYY-MM-DD), or a day and a time (YYYY-MM-DD HH:MM), in Europe/London."""

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_PRINTED_MONTH = re.compile(rf"^\s*({'|'.join(_MONTHS)})\s+((?:19|20)\d{{2}})\s*$", re.IGNORECASE)


def publication_fields(printed: str | None) -> dict[str, str]:
    """``meta.published`` and ``meta.published_as`` for a date as printed ('May 2004').

    A printed month becomes the month it names (2004-05); anything else is kept
    as printed only, for an editor to date by hand.
    """
    if not printed:
        return {}
    found = _PRINTED_MONTH.match(printed)
    if found is None:
        return {"published_as": printed}
    month = [m.casefold() for m in _MONTHS].index(found.group(1).casefold()) + 1
    return {"published": f"{found.group(2)}-{month:02d}", "published_as": printed}


def published_words(published: str | None) -> str:
    """A publication date in words: '14 March 2023', or 'May 2004' for a month."""
    if not published:
        return ""
    parts = [int(p) for p in published.split("-")]
    words = f"{_MONTHS[parts[1] - 1]} {parts[0]}"
    return f"{parts[2]} {words}" if len(parts) == 3 else words


LONDON = "Europe/London"
"""The time zone of an embargo's day and time."""


def release_moment(text: str) -> datetime:
    """The moment an embargo ends: the start of its day, or its time, in Europe/London."""
    from zoneinfo import ZoneInfo  # tzdata is in the lock, for systems without a zone database

    day, _, clock = text.replace("T", " ").partition(" ")
    year, month, dom = (int(p) for p in day.split("-"))
    hour, minute = (int(p) for p in clock.split(":")) if clock else (0, 0)
    return datetime(year, month, dom, hour, minute, tzinfo=ZoneInfo(LONDON))


def release_words(text: str) -> str:
    """An embargo's end as a reader reads it: '14 March 2023' or '14 March 2023, 09:30 (London)'."""
    day, _, clock = text.replace("T", " ").partition(" ")
    return f"{published_words(day)}, {clock} (London time)" if clock else published_words(day)
