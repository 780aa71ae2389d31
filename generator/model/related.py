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
    only, nearest year first.
    """
    areas = {slug: area_slug(r.meta.area) for slug, r in archive.reports.items()}
    by_area: dict[str, list[Report]] = defaultdict(list)
    by_round: dict[tuple[str, str], list[Report]] = defaultdict(list)
    for report in archive.reports.values():
        by_area[areas[report.slug]].append(report)
        if report.meta.region:
            by_round[(report.framework, report.meta.region)].append(report)
    found: dict[str, list[Report]] = {}
    for slug, report in archive.reports.items():
        area = areas[slug]
        same_area = by_time([r for r in by_area[area] if r.slug != slug])
        same_round: list[Report] = []
        if report.meta.region:
            peers = by_round[(report.framework, report.meta.region)]
            same_round = [r for r in peers if areas[r.slug] != area]
            same_round.sort(
                key=lambda r: (abs(r.meta.year - report.meta.year), r.meta.title, r.slug)
            )
        found[slug] = same_area + same_round[:SAME_ROUND]
    return found


def related_reports(archive: Archive, report: Report) -> list[Report]:
    """One report's related reports (see :func:`related_index`)."""
    return related_index(archive).get(report.slug, [])
