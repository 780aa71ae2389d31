"""A rendered page as any site builder takes it: its HTML, headings and front matter.

Kept apart from the rendering itself, so a build with nothing to render
(every page kept from the last one) never loads the models and templates.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TypedDict

from markupsafe import escape

# The printed contents lists chapters and sections, never criteria; depth 3
# keeps the sidebar to that outline plus criteria and standards.
TOC_DEPTH = 3

_HEADING = re.compile(r'<h([1-6])((?: class="[^"]*")?) id="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


class TocToken(TypedDict):
    """A table-of-contents entry in the shape MkDocs' ``get_toc`` takes."""

    level: int
    id: str
    name: str
    children: list[TocToken]


@dataclass(frozen=True)
class Heading:
    """A rendered heading: its level, anchor and text (HTML-escaped, without tags)."""

    level: int
    id: str
    name: str
    in_toc: bool = True
    """False for a subheading (strengths, conclusion): the printed contents never list them."""


@dataclass(frozen=True)
class RenderedPage:
    """One page ready for any site builder."""

    src_uri: str
    """The page's path as a Markdown source would have it: ``reports/<slug>/index.md``."""

    title: str
    description: str
    html: str
    headings: tuple[Heading, ...] = ()
    anchors: frozenset[str] = field(default_factory=frozenset)
    in_nav: bool = False
    duplicates: frozenset[str] = field(default_factory=frozenset)
    """Anchors used more than once: a part id that clashes with a fixed heading, say."""

    def toc_tokens(self) -> list[TocToken]:
        """The headings as nested ``{level, id, name, children}`` tokens, as MkDocs expects."""
        root: list[TocToken] = []
        stack: list[TocToken] = []
        for h in self.headings:
            if h.level > TOC_DEPTH or not h.in_toc:
                continue
            token: TocToken = {"level": h.level, "id": h.id, "name": h.name, "children": []}
            while stack and stack[-1]["level"] >= h.level:
                stack.pop()
            (stack[-1]["children"] if stack else root).append(token)
            stack.append(token)
        return root

    def broken_anchors(self) -> list[str]:
        """In-page links whose target the page does not contain."""
        return sorted({a for a in attribute_values(self.html, 'href="#') if a not in self.anchors})


def attribute_values(html: str, opening: str, empty: bool = True) -> list[str]:
    """What ``re.findall(r'\\s' + opening + '([^"]*)"', html)`` finds (``[^"]+`` without ``empty``).

    A search for the literal ``opening`` runs in C, where a pattern that starts
    with ``\\s`` tries a match at every character: about four times as fast on
    a report's page.
    """
    found: list[str] = []
    skip = len(opening)
    at = html.find(opening, 1)
    while at != -1:
        end = html.find('"', at + skip)
        if end == -1:
            break
        if html[at - 1].isspace() and (empty or end > at + skip):
            found.append(html[at + skip : end])
            at = html.find(opening, end + 1)
        else:
            at = html.find(opening, at + 1)
    return found


def front_matter(**fields: str) -> str:
    """A Markdown stub of front matter alone, for a site builder that gets its HTML elsewhere.

    MkDocs' themes print a page's title and description as HTML, unescaped, in
    ``<title>``, the header, the navigation and meta tags, so every value is
    escaped here, once: a report's title or area can never become markup.
    JSON strings are valid YAML scalars, so YAML needs no escaping of its own.
    """
    lines = [f"{key}: {json.dumps(str(escape(value)))}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def page_stub(page: RenderedPage) -> str:
    """The tiny Markdown source a site builder sees; the HTML is substituted after."""
    return front_matter(title=page.title, description=page.description)


def headings(markup: str) -> tuple[Heading, ...]:
    """The headings that carry an id, in document order."""
    return tuple(
        Heading(int(level), anchor, _TAGS.sub("", inner).strip(), "subheading" not in attrs)
        for level, attrs, anchor, inner in _HEADING.findall(markup)
    )


def page_from_markup(
    src_uri: str, title: str, description: str, markup: str, in_nav: bool
) -> RenderedPage:
    ids = attribute_values(markup, 'id="', empty=False)
    return RenderedPage(
        src_uri=src_uri,
        title=title,
        description=description,
        html=markup,
        headings=headings(markup),
        anchors=frozenset(ids),
        duplicates=frozenset(a for a, n in Counter(ids).items() if n > 1),
        in_nav=in_nav,
    )
