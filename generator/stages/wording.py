"""How figures, bands and changes are put into words: one wording for each idea.

The explanations of the score stage, the score explainer on the pages and the
follow-up comparison tables all say these things, so they say them here once.
The units follow the frameworks: a percentage is shown as '69%', a difference
between two percentages is in percentage points, and 'points' are only the
points an ordinal scale's levels carry towards a points total.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from generator.model.framework import Banding

Unit = Literal["percent", "points"]
"""What a number counts: a percentage, or points of a points total."""

Value = float | str | None


def round_half_up(value: float) -> int:
    """Round as published tables do: 69.5 becomes 70, never 'banker's' 69."""
    return math.floor(value + 0.5)


def fmt(value: Value, kind: str = "percent") -> str:
    """A figure as a reader sees it: '69%', '69.4%', '6 points', 'Good'."""
    if value is None:
        return "none"
    if isinstance(value, str):
        return value
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text}%" if kind == "percent" else f"{text} points"


def shown(value: Value, kind: str = "percent", out_of: int | None = None) -> str:
    """A figure as a table cell shows it: '69%', 'Good', or a points total as '6' or '6/27'."""
    if kind != "points" or not isinstance(value, float | int):
        return fmt(value, kind)
    return f"{value:g}" if out_of is None else f"{value:g}/{out_of}"


def same_label(a: str, b: str) -> bool:
    """Whether two published labels are the same level, whatever their case and spacing."""
    return a.strip().casefold() == b.strip().casefold()


def band(banding: Banding, value: float) -> str:
    """The label of the band a value falls in."""
    for entry in sorted(banding.bands, key=lambda b: b.min, reverse=True):
        if value >= entry.min:
            return entry.label
    return sorted(banding.bands, key=lambda b: b.min)[0].label


def band_words(banding: Banding, label: str, unit: Unit) -> str:
    """The range of values a band covers, in words: '65% to under 80%', '6 to 15 points'."""
    ordered = sorted(banding.bands, key=lambda b: b.min)
    for i, entry in enumerate(ordered):
        if entry.label != label:
            continue
        upper = ordered[i + 1].min if i + 1 < len(ordered) else None
        if upper is None:
            return f"{fmt(entry.min, unit)} or more"
        if entry.min == 0:
            return f"under {fmt(upper, unit)}"
        if unit == "points":
            # Points are whole numbers, so the band is closed at both ends.
            return f"{entry.min:g} to {upper - 1:g} points"
        return f"{fmt(entry.min)} to under {fmt(upper)}"
    return ""


@dataclass(frozen=True)
class BandRange:
    """One band of a banding and the range it covers, in words."""

    label: str
    words: str


def band_ranges(banding: Banding, unit: Unit) -> tuple[BandRange, ...]:
    """Each band's label and the range it covers in words, best first."""
    ordered = sorted(banding.bands, key=lambda b: b.min, reverse=True)
    return tuple(BandRange(b.label, band_words(banding, b.label, unit)) for b in ordered)


@dataclass(frozen=True)
class Change:
    """How a follow-up score moved from the original inspection's score."""

    direction: str
    words: str


def change(previous: Value, current: Value) -> Change | None:
    """The difference between two scores, in words, so it never relies on colour or arrows.

    Two percentages differ by percentage points: 'down 37 percentage points'.
    """
    if previous is None or current is None:
        return None
    if isinstance(previous, float) and isinstance(current, float):
        delta = current - previous
        if delta == 0:
            return Change("unchanged", "unchanged")
        direction = "up" if delta > 0 else "down"
        points = fmt(abs(delta)).rstrip("%")
        unit = "percentage point" if points == "1" else "percentage points"
        return Change(direction, f"{direction} {points} {unit}")
    if str(previous).casefold() == str(current).casefold():
        return Change("unchanged", "unchanged")
    return Change("changed", f"changed from {previous} to {current}")
