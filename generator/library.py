"""The good-practice library: every good and poor practice box of every report.

Each entry knows where its box is (the report and the box anchor, numbered
as :func:`generator.present.box_ids` numbers them on the report page) and the
values the library's filters use. An entry carries a short plain-text excerpt,
not the whole box, so the page stays small: one entry per box.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from generator.explore import area_slug, framework_name
from generator.framework import Framework
from generator.markdown import render
from generator.present import box_ids, criterion_anchor
from generator.report import Box, Content, Part, Report
from generator.validate import Archive

EXCERPT = 240  # characters of a box's text shown in the library
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Entry:
    """One box, where it is, and what the library's filters know of it."""

    report: Report
    box: Box
    anchor: str
    place: str
    """Where in the report: the criterion or part the box belongs to."""

    framework: str
    """The methodology the box's criterion is reported under: the report's, or its theme's."""

    criterion: str
    """``<framework id>:<criterion id>`` for the criterion filter; '' for a box outside one."""

    criterion_label: str
    theme: str
    """The thematic element's name, for a box in a report's thematic element; '' otherwise."""

    excerpt: str
    area_slug: str


@lru_cache(maxsize=1 << 16)  # a preview server rebuilds the library on every save
def excerpt(text: str, limit: int = EXCERPT) -> str:
    """A box's text as plain words, cut at a word boundary; autoescaping applies on output."""
    words = _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", render(text)))).strip()
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def _boxes(content: Content, container: str) -> Iterator[tuple[Box, str]]:
    yield from zip(content.boxes, box_ids(container, content.boxes), strict=True)


def _walk(
    parts: list[Part], fw: Framework, prefix: str
) -> Iterator[tuple[Box, str, str, str, str]]:
    """(box, anchor, place, criterion key, criterion label) in document order."""
    for part in parts:
        for box, anchor in _boxes(part, part.id):
            yield box, anchor, part.title, "", ""
        for result in part.criteria:
            crit = fw.criterion(result.id)
            title = result.title or (crit.title if crit else "")
            label = f"{result.id} {title}".strip()
            for box, anchor in _boxes(result, criterion_anchor(result.id, prefix)):
                yield box, anchor, label, f"{fw.id}:{result.id}", label
        yield from _walk(part.parts, fw, prefix)


def report_entries(archive: Archive, report: Report) -> list[Entry]:
    """Every box of one report, in the order the report page shows them."""
    fw = archive.frameworks[report.framework]
    found = [(fw, "", item) for item in _walk(report.parts, fw, "")]
    if report.thematic and (theme := archive.frameworks.get(report.thematic.theme)):
        name = framework_name(theme)
        found += [(theme, name, item) for item in _walk(report.thematic.parts, theme, "thematic-")]
    if report.role:
        found += [(fw, "", item) for item in _walk([report.role], fw, "")]
    return [
        Entry(
            report=report,
            box=box,
            anchor=anchor,
            place=place,
            framework=framework_name(owner),
            criterion=key,
            criterion_label=f"{framework_name(owner)} {label}" if label else "",
            theme=theme_name,
            excerpt=excerpt(box.body),
            area_slug=area_slug(report.meta.area),
        )
        for owner, theme_name, (box, anchor, place, key, label) in found
    ]


@dataclass(frozen=True)
class Library:
    """Every entry, newest report first, and the values each filter offers."""

    entries: list[Entry]
    frameworks: list[str]
    criteria: list[tuple[str, str]]
    themes: list[str]
    areas: list[str]
    years: list[int]


def library(archive: Archive) -> Library:
    """The whole library from one pass over the reports."""
    reports = sorted(archive.reports.values(), key=lambda r: (-r.meta.year, r.meta.title, r.slug))
    entries = [e for r in reports for e in report_entries(archive, r)]
    order = {
        f"{fw.id}:{c.id}": (fw_id, i)
        for fw_id, fw in sorted(archive.frameworks.items())
        for i, c in enumerate(c for s in fw.sections for c in s.criteria)
    }
    criteria = {e.criterion: e.criterion_label for e in entries if e.criterion}
    return Library(
        entries=entries,
        frameworks=sorted({e.framework for e in entries}),
        criteria=sorted(criteria.items(), key=lambda kv: (order.get(kv[0], ("", 0)), kv[0])),
        themes=sorted({e.theme for e in entries if e.theme}),
        areas=sorted({e.report.meta.area for e in entries}, key=str.casefold),
        years=sorted({e.report.meta.year for e in entries}, reverse=True),
    )
