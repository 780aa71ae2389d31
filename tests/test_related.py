"""Related reports: the nearest of the same round, found year by year, as a full sort orders them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from hypothesis import given
from hypothesis import strategies as st

from generator.model.archive import Archive, by_time
from generator.model.related import SAME_ROUND, related_index
from generator.model.urls import area_slug


@dataclass(frozen=True)
class _Meta:
    area: str
    region: str | None
    year: int
    title: str
    follow_up_of: str | None = None


@dataclass(frozen=True)
class _Report:
    slug: str
    framework: str
    meta: _Meta


@dataclass
class _Archive:
    reports: dict[str, Any]


def _sorted_whole(archive: _Archive) -> dict[str, list[Any]]:
    """The definition: every same-area report in time order, then the whole round sorted."""
    found = {}
    for slug, report in archive.reports.items():
        area = area_slug(report.meta.area)
        others = archive.reports.values()
        same_area = by_time(
            [r for r in others if area_slug(r.meta.area) == area and r is not report]
        )
        same_round = sorted(
            (
                r
                for r in others
                if report.meta.region
                and (r.framework, r.meta.region) == (report.framework, report.meta.region)
                and area_slug(r.meta.area) != area
            ),
            key=lambda r: (abs(r.meta.year - report.meta.year), r.meta.title, r.slug),
        )
        found[slug] = same_area + same_round[:SAME_ROUND]
    return found


_reports = st.lists(
    st.tuples(
        st.sampled_from(["Ashbury", "Brookfield", "Carrow", "ashbury"]),
        st.sampled_from([None, "North", "South"]),
        st.sampled_from(["esi", "pdu"]),
        st.integers(2000, 2008),
        st.sampled_from(["Inspection of A", "Inspection of B", "A report"]),
    ),
    max_size=30,
)


@given(_reports)
def test_the_nearest_of_the_round_are_those_a_full_sort_puts_first(rows: list[Any]) -> None:
    archive = _Archive(
        {
            f"r{i}": _Report(f"r{i}", framework, _Meta(area, region, year, title))
            for i, (area, region, framework, year, title) in enumerate(rows)
        }
    )
    assert related_index(cast(Archive, archive)) == _sorted_whole(archive)
