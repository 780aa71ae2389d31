"""Archive-level views: the report finder, the areas and their inspections.

Plain data for the ``templates/explore/`` pages, computed once per build in
a single pass over the archive, so each page grows with the number of
reports it lists and never with the square of the archive. Labels, titles
and scales come from the frameworks; nothing here knows a methodology.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator.model.archive import Archive, by_time
from generator.model.framework import Framework
from generator.model.report import Report
from generator.model.urls import area_slug
from generator.stages.overall import overall_rule


def type_name(fw: Framework) -> str:
    """A report type in words, for lists and filters."""
    return fw.report_type_title or fw.title


def framework_name(fw: Framework) -> str:
    """A methodology's short name, for lists and filters."""
    return fw.short_title or fw.title


@dataclass(frozen=True)
class FinderRow:
    """One report as the finder lists it, with the keys its filters and sorting use."""

    report: Report
    fw: Framework
    area_slug: str
    rating_rank: int | None
    """The overall rating's position on its scale, 0 being best; none without a rating."""

    unit: str | None
    """What the report's overall figure counts ('percent' or 'points'); none if it states none.
    Each unit is sorted on its own: a percentage and a points total are not one scale."""


@dataclass(frozen=True)
class ScoreKind:
    """One kind of overall figure the finder can sort by, and the methodologies that use it."""

    unit: str
    """'percent' or 'points': the rows' ``data-<unit>`` attribute holds the figure."""

    frameworks: list[str]
    """The short names of the methodologies whose overall figure is of this kind."""

    @property
    def label(self) -> str:
        """The sort option's name: 'Overall score (%, ESI)', 'Overall points total (PDU)'."""
        names = ", ".join(self.frameworks)
        return (
            f"Overall score (%, {names})"
            if self.unit == "percent"
            else (f"Overall points total ({names})")
        )


@dataclass(frozen=True)
class Finder:
    """Every report, newest first, and the values each filter offers."""

    rows: list[FinderRow]
    areas: list[str]
    regions: list[str]
    years: list[int]
    types: list[str]
    frameworks: list[str]
    ratings: list[str]
    score_kinds: list[ScoreKind]
    """Each kind of overall figure some report states, percentages first."""


def _rating_rank(fw: Framework, label: str | None) -> tuple[int | None, list[str]]:
    banding = fw.overall.banding if fw.overall else None
    scale = fw.scales.get(banding.scale) if banding else None
    levels = [level.label for level in scale.levels] if scale else []
    if not label:
        return None, levels
    folded = [level.casefold() for level in levels]
    key = label.strip().casefold()
    return (folded.index(key) if key in folded else None), levels


def finder(archive: Archive) -> Finder:
    """The finder's rows and filter values, from one pass over the reports."""
    reports = sorted(archive.reports.values(), key=lambda r: (-r.meta.year, r.meta.title, r.slug))
    rows: list[FinderRow] = []
    ranked: dict[str, int] = {}
    for report in reports:
        fw = archive.frameworks[report.framework]
        rank, levels = _rating_rank(fw, report.stated.overall_rating)
        for i, level in enumerate(levels):
            ranked.setdefault(level, i)
        unit = None
        if fw.overall and report.stated.overall is not None:
            unit = overall_rule(fw, fw.overall).unit
        rows.append(FinderRow(report, fw, area_slug(report.meta.area), rank, unit))
    stated = {r.report.stated.overall_rating for r in rows if r.rating_rank is not None}
    kinds: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row.unit is not None:
            kinds[row.unit].add(framework_name(row.fw))
    return Finder(
        rows=rows,
        areas=sorted({r.report.meta.area for r in rows}, key=str.casefold),
        regions=sorted({r.report.meta.region for r in rows if r.report.meta.region}),
        years=sorted({r.report.meta.year for r in rows}, reverse=True),
        types=sorted({type_name(r.fw) for r in rows}),
        frameworks=sorted({framework_name(r.fw) for r in rows}),
        ratings=sorted((s for s in stated if s), key=lambda s: (ranked.get(s, 99), s)),
        score_kinds=[
            ScoreKind(unit, sorted(kinds[unit])) for unit in sorted(kinds, key=_UNITS.index)
        ],
    )


_UNITS = ["percent", "points"]
"""The order the finder offers the kinds of overall figure in."""


@dataclass(frozen=True)
class Area:
    """An inspected area and every inspection of it, in time order."""

    name: str
    slug: str
    reports: list[Report]
    regions: list[str]


def areas(archive: Archive) -> list[Area]:
    """Every area, alphabetically; validation makes the reports of one page spell its name alike."""
    grouped: dict[str, list[Report]] = defaultdict(list)
    for report in archive.reports.values():
        grouped[area_slug(report.meta.area)].append(report)
    found = []
    for slug, reports in grouped.items():
        ordered = by_time(reports)
        names = sorted({r.meta.area for r in ordered})
        regions = sorted({r.meta.region for r in ordered if r.meta.region})
        found.append(Area(" / ".join(names), slug, ordered, regions))
    return sorted(found, key=lambda a: (a.name.casefold(), a.slug))
