"""Reports a reader of one report may want next: the same area's, and the same round's nearby.

A report page lists them at its end. They are found from the reports' facts
alone (area, framework, region, year), so a page names only reports that exist.
"""

from __future__ import annotations

from collections import defaultdict

from generator.model.archive import Archive, by_time
from generator.model.report import Report
from generator.model.urls import area_slug

SAME_ROUND = 6
"""At most this many reports of the same round are listed, the nearest in time first."""


def related_index(archive: Archive) -> dict[str, list[Report]]:
    """Every report's related reports, by slug: the archive grouped once, not searched per report.

    For each: every other report of the same area, in time order, then up to
    :data:`SAME_ROUND` of the same framework in the same region, other areas
    only, nearest year first (then by title and slug).
    """
    areas = {slug: area_slug(r.meta.area) for slug, r in archive.reports.items()}
    by_area: dict[str, list[Report]] = defaultdict(list)
    by_round: dict[tuple[str, str], list[Report]] = defaultdict(list)
    for report in archive.reports.values():
        by_area[areas[report.slug]].append(report)
        if report.meta.region:
            by_round[(report.framework, report.meta.region)].append(report)
    in_time = {area: by_time(found) for area, found in by_area.items()}
    years = {key: _by_year(peers) for key, peers in by_round.items()}
    found: dict[str, list[Report]] = {}
    for slug, report in archive.reports.items():
        area = areas[slug]
        same_area = [r for r in in_time[area] if r.slug != slug]
        same_round: list[Report] = []
        if report.meta.region:
            peers = years[(report.framework, report.meta.region)]
            same_round = _nearest(peers, report.meta.year, area, areas)
        found[slug] = same_area + same_round
    return found


def _by_year(reports: list[Report]) -> dict[int, list[Report]]:
    grouped: dict[int, list[Report]] = defaultdict(list)
    for report in sorted(reports, key=_by_title):
        grouped[report.meta.year].append(report)
    return grouped


def _by_title(report: Report) -> tuple[str, str]:
    return report.meta.title, report.slug


def _nearest(
    by_year: dict[int, list[Report]], year: int, area: str, areas: dict[str, str]
) -> list[Report]:
    """Up to SAME_ROUND reports of other areas, nearest ``year`` first, then by title and slug.

    Year by year outwards, not a sort of the whole round for every report:
    rounds hold hundreds of reports in a large archive.
    """
    found: list[Report] = []
    for distance in sorted({abs(y - year) for y in by_year}):
        group = by_year.get(year - distance, [])
        if distance:
            group = sorted([*group, *by_year.get(year + distance, [])], key=_by_title)
        for report in group:
            if areas[report.slug] != area:
                found.append(report)
                if len(found) == SAME_ROUND:
                    return found
    return found


def related_reports(archive: Archive, report: Report) -> list[Report]:
    """One report's related reports (see :func:`related_index`)."""
    return related_index(archive).get(report.slug, [])
