"""The good-practice library: every good and poor practice box of every report.

Each entry knows where its box is (the report and the box anchor, numbered
as :func:`generator.stages.present.box_ids` numbers them on the report page) and the
values the library's filters use. An entry carries a short plain-text excerpt,
not the whole box, so a page stays small: one entry per box.

The entries are shelved one page per criterion or standard, and one per
framework for the boxes outside any criterion, so no page grows with the whole
archive: the index lists the shelves, each page holds one shelf.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from generator.explore.finder import framework_name
from generator.model.archive import Archive
from generator.model.framework import Framework
from generator.model.markdown import render
from generator.model.report import Box, Content, Part, Report
from generator.model.urls import area_slug, slugify
from generator.model.walk import walk
from generator.stages.present import box_ids, criterion_anchor

EXCERPT = 240  # characters of a box's text shown in the library
OUTSIDE = "outside-criteria"
"""The URL segment of a framework's shelf of boxes outside any criterion."""
OUTSIDE_LABEL = "Outside any criterion or standard"
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

    framework_id: str
    """That methodology's id: the folder of the box's page in the library."""

    criterion: str
    """``<framework id>:<criterion id>``, naming the box's page; '' for a box outside one."""

    theme: str
    """The thematic element's name, for a box in a report's thematic element; '' otherwise."""

    excerpt: str
    area_slug: str


@lru_cache(maxsize=1 << 16)  # a preview server rebuilds the library on every save
def excerpt(text: str, limit: int = EXCERPT) -> str:
    """A box's opening as plain words, in whole sentences: as many as fit in ``limit``
    characters, and always the first, however long; autoescaping applies on output.

    A list item or paragraph that ends without a full stop still ends there, so
    two items never run together into one made-up sentence.
    """
    units = [u for u in sentences(render(text)) if u]
    shown: list[str] = []
    for unit in units:
        if shown and len(" ".join([*shown, unit])) > limit:
            break
        shown.append(unit)
    return " ".join(shown)


_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|tr|td|th|caption|blockquote|dt|dd)>|<br\s*/?>")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”)]*\s+(?=[\"'‘“(]?[A-Z0-9])")


def sentences(html_text: str) -> list[str]:
    """The sentences of rendered HTML, in order: each block's text split after '.', '!' or '?'
    where a capital or a digit follows, so 'e.g. the' stays whole."""
    found: list[str] = []
    for block in _BLOCK_END.split(html_text):
        words = _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", block))).strip()
        if words:
            found += [_SPACE.sub(" ", s).strip() for s in _split(words)]
    return found


def _split(words: str) -> list[str]:
    out, start = [], 0
    for match in _SENTENCE_END.finditer(words):
        out.append(words[start : match.start()] + match.group(0).rstrip())
        start = match.end()
    out.append(words[start:])
    return [s for s in out if s.strip()]


def _boxes(content: Content, container: str) -> Iterator[tuple[Box, str]]:
    yield from zip(content.boxes, box_ids(container, content.boxes), strict=True)


def _walk(parts: list[Part], fw: Framework, prefix: str) -> Iterator[tuple[Box, str, str, str]]:
    """(box, anchor, place, criterion key) in document order."""
    for visit in walk(parts):
        result = visit.result
        if result is None:
            for box, anchor in _boxes(visit.part, visit.part.id):
                yield box, anchor, visit.part.title, ""
            continue
        crit = fw.criterion(result.id)
        title = result.title or (crit.title if crit else "")
        label = f"{result.id} {title}".strip()
        for box, anchor in _boxes(result, criterion_anchor(result.id, prefix)):
            yield box, anchor, label, f"{fw.id}:{result.id}"


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
            framework_id=owner.id,
            criterion=key,
            theme=theme_name,
            excerpt=excerpt(box.body),
            area_slug=area_slug(report.meta.area),
        )
        for owner, theme_name, (box, anchor, place, key) in found
    ]


@dataclass(frozen=True)
class Shelf:
    """One page of the library: a criterion's entries, or a framework's outside any criterion."""

    framework: Framework
    criterion: str
    """The criterion's id; '' for the boxes outside any criterion."""

    label: str
    """The criterion's id and title, as the index lists it."""

    slug: str
    """The page's URL segment under its framework's folder."""

    entries: list[Entry]
    """Newest report first."""

    @property
    def folder(self) -> str:
        """The framework's folder under the library, and its section's anchor on the index."""
        return slugify(self.framework.id) or "framework"

    @property
    def path(self) -> str:
        """The page's folder under the library: ``<framework id>/<slug>``."""
        return f"{self.folder}/{self.slug}"

    @property
    def name(self) -> str:
        """The framework's short name."""
        return framework_name(self.framework)

    @property
    def heading(self) -> str:
        """The framework and criterion in words: 'ESI B1 Assessment of risk of harm'."""
        if self.criterion:
            return f"{self.name} {self.label}"
        return f"{self.name}: {OUTSIDE_LABEL.lower()}"

    @property
    def thematic(self) -> bool:
        return self.framework.kind == "theme"

    def count(self, kind: str) -> int:
        return sum(1 for e in self.entries if e.box.kind == kind)

    @property
    def kinds(self) -> list[str]:
        return sorted({e.box.kind for e in self.entries})

    @property
    def areas(self) -> list[str]:
        return sorted({e.report.meta.area for e in self.entries}, key=str.casefold)

    @property
    def years(self) -> list[int]:
        return sorted({e.report.meta.year for e in self.entries}, reverse=True)


@dataclass(frozen=True)
class Library:
    """Every entry, newest report first, and its shelves grouped by framework, in framework order."""

    entries: list[Entry]
    shelves: dict[str, list[Shelf]]
    """Each framework's shelves, by framework id: its criteria in framework order, then the
    boxes outside any criterion."""


def criterion_slugs(fw: Framework, others: Iterable[str] = ()) -> dict[str, str]:
    """Each criterion's URL segment by id, in framework order, then the outside shelf's by ''.

    A criterion's segment is its report anchor (``b1``, ``standard-2-3``); ids
    that make the same segment are numbered in framework order, so a page keeps
    its address however many reports the archive holds. ``others`` are ids the
    framework does not know, placed after its own.
    """
    known = [c.id for s in fw.sections for c in s.criteria]
    found: dict[str, str] = {}
    taken: set[str] = set()
    for crit_id in [*known, *(c for c in others if c and c not in known), ""]:
        base = (criterion_anchor(crit_id) if crit_id else OUTSIDE) or "criterion"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        found[crit_id] = slug
    return found


def _shelves(fw: Framework, entries: list[Entry]) -> list[Shelf]:
    grouped: dict[str, list[Entry]] = {}
    for entry in entries:
        grouped.setdefault(entry.criterion.partition(":")[2], []).append(entry)
    shelves = []
    for crit_id, slug in criterion_slugs(fw, sorted(grouped)).items():
        if found := grouped.get(crit_id):
            crit = fw.criterion(crit_id)
            label = f"{crit.id} {crit.title}" if crit else found[0].place
            shelves.append(Shelf(fw, crit_id, label if crit_id else OUTSIDE_LABEL, slug, found))
    return shelves


EntriesOf = Callable[[Archive, Report], list[Entry]]


def library(archive: Archive, entries_of: EntriesOf = report_entries) -> Library:
    """The whole library from one pass over the reports, each one's boxes from ``entries_of``."""
    reports = sorted(archive.reports.values(), key=lambda r: (-r.meta.year, r.meta.title, r.slug))
    entries = [e for r in reports for e in entries_of(archive, r)]
    by_framework: dict[str, list[Entry]] = {}
    for entry in entries:
        by_framework.setdefault(entry.framework_id, []).append(entry)
    return Library(
        entries=entries,
        shelves={
            fw_id: _shelves(archive.frameworks[fw_id], found)
            for fw_id, found in sorted(by_framework.items())
        },
    )
