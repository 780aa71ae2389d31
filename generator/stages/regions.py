"""Every report's region: its own, or else its area's from ``data/regions.yaml``."""

from __future__ import annotations

from generator.model.archive import Archive
from generator.model.regions import Regions


def apply_regions(archive: Archive, table: Regions) -> None:
    """Give each report without a region of its own its area's region from the table.

    A region the report itself names is never replaced: the table only fills gaps.
    """
    for slug, report in archive.reports.items():
        if report.meta.region:
            continue
        region = table.of(report.meta.area)
        if region is not None:
            meta = report.meta.model_copy(update={"region": region})
            archive.reports[slug] = report.model_copy(update={"meta": meta})
            archive.regions_added.add(slug)
