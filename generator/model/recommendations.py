"""Every recommendation of a report, with the id that names it across the archive.

A recommendation's id is its report's slug and its anchor on the report page,
``<slug>#recommendation-<n>`` (``#thematic-recommendation-<n>`` for the
thematic element's), where ``n`` is the published number, or the count on
from the last one for an unnumbered recommendation. Published numbers do not
change, so neither do the ids; later reports record their judgements against
them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.model.report import Recommendation, RecommendationGroup, Report

Element = Literal["main", "thematic"]
PREFIX: dict[Element, str] = {"main": "", "thematic": "thematic-"}
"""The anchor prefix of each element's recommendations on the report page."""


@dataclass(frozen=True)
class Made:
    """One recommendation, where it stands in its report, and its id."""

    report: Report
    element: Element
    """'main' for the report's own recommendations, 'thematic' for its thematic element's."""

    addressee: str
    number: int
    """The published number, or the count on from the previous recommendation."""

    item: Recommendation

    @property
    def anchor(self) -> str:
        """The recommendation's anchor on its report's page."""
        return f"{PREFIX[self.element]}recommendation-{self.number}"

    @property
    def id(self) -> str:
        """The archive-wide id: '<report slug>#<anchor>'."""
        return f"{self.report.slug}#{self.anchor}"


def numbers(groups: list[RecommendationGroup]) -> list[list[int]]:
    """Each recommendation's number: as published, or counting on across addressees."""
    found: list[list[int]] = []
    last = 0
    for group in groups:
        row = []
        for item in group.items:
            last = item.number if item.number is not None else last + 1
            row.append(last)
        found.append(row)
    return found


def made(report: Report) -> list[Made]:
    """Every recommendation of a report in page order: its own, then its thematic element's."""
    found: list[Made] = []
    elements: list[tuple[Element, list[RecommendationGroup]]] = [("main", report.recommendations)]
    if report.thematic:
        elements.append(("thematic", report.thematic.recommendations))
    for element, groups in elements:
        for group, row in zip(groups, numbers(groups), strict=True):
            found += [
                Made(report, element, group.addressee, n, item)
                for n, item in zip(row, group.items, strict=True)
            ]
    return found


def split_id(rec_id: str) -> tuple[str, str]:
    """A recommendation id as (report slug, anchor); the anchor is '' when there is none."""
    slug, _, anchor = rec_id.partition("#")
    return slug, anchor
