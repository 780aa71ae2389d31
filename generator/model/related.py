"""Reports a reader of one report may want next: the same area's, and the same round's nearby.

A report page lists them at its end. They are found from the reports' facts
alone (area, framework, region, year), so a page names only reports that exist.
"""

from __future__ import annotations

from generator.model.archive import Archive, by_time
from generator.model.report import Report
from generator.model.urls import area_slug

SAME_ROUND = 6
"""At most this many reports of the same round are listed, the nearest in time first."""


def related_reports(archive: Archive, report: Report) -> list[Report]:
    """Every other report of the same area, in time order, then the same round's in its region."""
    area = area_slug(report.meta.area)
    others = [r for r in archive.reports.values() if r.slug != report.slug]
    same_area = by_time([r for r in others if area_slug(r.meta.area) == area])
    return same_area + same_round(others, report, area)


def same_round(others: list[Report], report: Report, area: str) -> list[Report]:
    """Reports of the same framework in the same region, other areas only, nearest year first."""
    if not report.meta.region:
        return []
    found = [
        r
        for r in others
        if r.framework == report.framework
        and r.meta.region == report.meta.region
        and area_slug(r.meta.area) != area
    ]
    found.sort(key=lambda r: (abs(r.meta.year - report.meta.year), r.meta.title, r.slug))
    return found[:SAME_ROUND]
