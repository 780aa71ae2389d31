"""One walk over a report's parts, shared by scoring, the templates and the explore pages.

Parts nest (a domain holds sub-parts, a section holds criteria), and every
reader of a report needs them in the same document order: each part, then its
criteria, then its sub-parts. Writing that recursion once means scoring, open
data and the library can never disagree about which criterion comes first or
which section a criterion belongs to.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.model.report import CriterionResult, Part


@dataclass(frozen=True)
class Visit:
    """One stop of the walk: a part itself, or one criterion reported in it."""

    part: Part
    section: str
    """The framework section the part reports on: its own, or the nearest enclosing part's."""

    result: CriterionResult | None = None
    """The criterion visited, or None when the stop is the part itself."""


def walk(parts: Iterable[Part], section: str = "") -> Iterator[Visit]:
    """Every part and every criterion at any depth, in document order."""
    for part in parts:
        here = part.section or section
        yield Visit(part, here)
        for result in part.criteria:
            yield Visit(part, here, result)
        yield from walk(part.parts, here)


def criteria(parts: Iterable[Part]) -> Iterator[tuple[str, CriterionResult]]:
    """Every reported criterion with its section, in document order, repeats included."""
    for visit in walk(parts):
        if visit.result is not None:
            yield visit.section, visit.result


def results(parts: Iterable[Part]) -> dict[str, CriterionResult]:
    """Reported criteria by id, from parts at any depth; the first report of an id wins."""
    found: dict[str, CriterionResult] = {}
    for _, result in criteria(parts):
        found.setdefault(result.id, result)
    return found


def has_part(parts: Iterable[Part], part_id: str) -> bool:
    """Whether a part with this anchor exists at any depth."""
    return any(visit.result is None and visit.part.id == part_id for visit in walk(parts))
