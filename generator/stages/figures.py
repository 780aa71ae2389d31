"""Figures: what the score stage returns, and how a stated value meets a computed one.

Every rule in :mod:`generator.stages.rules` and :mod:`generator.stages.overall`
returns :class:`Figure` values built with named fields. A figure carries what
its readers need (its kind, its inputs with their weights in words, the bands
it falls in), so the templates show figures instead of testing methods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from generator.stages.wording import BandRange, Value, fmt, round_half_up

Status = Literal["match", "differs", "not stated", "not computed"]
Kind = Literal["percent", "points", "rating"]


@dataclass(frozen=True)
class Term:
    """One input to a computed figure: a score or rating and what it weighs."""

    label: str
    value: float | str
    weight: float | None = None
    """The weight (or, in a points total, the points) the input counts with."""

    weight_class: str | None = None
    """The framework's weight class the weight comes from, for example 'critical'."""

    weight_words: str = ""
    """The weight as a reader sees it: 'Critical (weight 2)', '30%', or a number of points."""


@dataclass(frozen=True)
class Figure:
    """A published or computable figure, with how it was (or was not) reproduced."""

    key: str
    name: str
    stated: Value
    computed: Value
    status: Status
    explanation: str
    kind: Kind = "percent"
    terms: tuple[Term, ...] = ()
    out_of: int | None = None
    """For a points total: the highest possible total, for example 27."""

    bands: tuple[BandRange, ...] = ()
    """For a rating given by bands: every band and its range, best first."""

    reason: str | None = None
    """For a result its framework gives no rule to compute: why, as the framework states it.
    Such a figure is explained to the reader; a measured input, also not computed, is not."""

    def as_json(self) -> dict[str, object]:
        """The figure in the documented ``reports score --json`` shape."""
        return {
            "name": self.name,
            "stated": _plain(self.stated),
            "computed": _plain(self.computed),
            "status": self.status,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class Scorecard:
    """Every figure of one report."""

    report: str
    framework: str
    figures: tuple[Figure, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, object]:
        return {"report": self.report, "figures": [f.as_json() for f in self.figures]}

    def get(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)


def _plain(value: Value) -> Value:
    if isinstance(value, float):
        rounded = round(value, 2)
        return int(rounded) if rounded.is_integer() else rounded
    return value


def status_of(stated: Value, computed: Value, same: bool) -> Status:
    """The status of a figure: whether it was computed, stated, and whether the two agree."""
    if computed is None:
        return "not computed"
    if stated is None:
        return "not stated"
    return "match" if same else "differs"


def measured(*, key: str, name: str, value: float | str, explanation: str) -> Figure:
    """A figure that is an input, not a result: a score measured by the inspection."""
    return Figure(
        key=key,
        name=name,
        stated=value,
        computed=None,
        status="not computed",
        explanation=explanation,
        kind="rating" if isinstance(value, str) else "percent",
    )


def compare_percent(
    *,
    key: str,
    name: str,
    stated: float | None,
    computed: float | None,
    terms: tuple[Term, ...],
    how: str,
) -> Figure:
    """A computed percentage set against the stated one; rounding alone may explain a gap."""
    rounds_alike = (
        stated is not None
        and computed is not None
        and round_half_up(computed) == round_half_up(stated)
    )
    status = status_of(stated, computed, rounds_alike)
    if computed is None:
        explanation = "not every criterion it depends on has a published percentage"
    elif stated is None:
        explanation = (
            f"the report does not print this figure; this site calculates {fmt(computed)} {how}"
        )
    elif status == "match":
        explanation = (
            f"this site calculates {fmt(computed)} {how}, which rounds to the printed {fmt(stated)}"
        )
    else:
        why = (
            "; the published criterion scores are themselves rounded to whole numbers, so a gap "
            "of this size can come from rounding alone"
            if abs(computed - stated) <= 1.0
            else "; the gap is larger than rounding of the published scores can explain, so the "
            "report's figure may rest on unpublished data or contain an error"
        )
        explanation = (
            f"the report prints {fmt(stated)}; this site calculates {fmt(computed)} {how}{why}"
        )
    return Figure(
        key=key,
        name=name,
        stated=stated,
        computed=computed,
        status=status,
        explanation=explanation,
        terms=terms,
    )
