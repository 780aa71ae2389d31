"""What a reader sees of a value: canonical labels, ranks, changes and anchors.

Small pure functions the templates call. They know kinds of thing (an ordinal
scale, an anchor, a figure) but no framework facts: every label, title and rule
comes from the :class:`~generator.model.framework.Framework` passed in, and what
a rule decided comes from the score stage's figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.framework import Criterion, Framework, Overall, Scale
from generator.model.report import Box, CriterionResult, Part
from generator.model.urls import slugify
from generator.stages.figures import Figure, Scorecard
from generator.stages.overall import overall_rule
from generator.stages.wording import fmt, shown


def criterion_anchor(criterion_id: str, prefix: str = "") -> str:
    """The stable anchor of a criterion: ``b1``, ``standard-2-3``, ``thematic-b1``.

    HTML ids may start with a digit, but CSS selectors and some tools stumble on
    them, so numeric ids (the PDU standards) get a ``standard-`` prefix.
    """
    slug = slugify(criterion_id)
    if slug[:1].isdigit():
        slug = f"standard-{slug}"
    return f"{prefix}{slug}"


@dataclass(frozen=True)
class Shown:
    """A score as shown: its text and, for an ordinal label, its rank (0 is best)."""

    text: str
    rank: int | None = None
    levels: int = 0

    @property
    def tone(self) -> int | None:
        """The rank spread over four tones (0 best, 3 worst), whatever the scale's length,
        so one stylesheet serves a four-level and a six-level scale alike."""
        if self.rank is None or self.levels < 2:
            return None
        return round(self.rank * 3 / (self.levels - 1))

    @property
    def filled(self) -> int:
        """How many of the badge's pips are filled: all for the best level, one for the worst."""
        return self.levels - (self.rank or 0)


def show_score(scale: Scale | None, score: float | str | None) -> Shown | None:
    """A published score in its canonical spelling, ranked on its scale."""
    if score is None:
        return None
    if isinstance(score, float):
        return Shown(fmt(score))
    if scale is not None:
        for rank, level in enumerate(scale.levels):
            if level.label.casefold() == score.strip().casefold():
                return Shown(level.label, rank, len(scale.levels))
    return Shown(score)


def show_label(fw: Framework, scale_id: str, label: str | None) -> Shown | None:
    """A label on one of the framework's scales, such as an overall rating."""
    return show_score(fw.scales.get(scale_id), label)


def criterion_of(fw: Framework, result: CriterionResult) -> Criterion:
    """The framework criterion a reported result belongs to (validation guarantees one)."""
    crit = fw.criterion(result.id)
    if crit is None:
        raise LookupError(f"criterion {result.id!r} is not in framework {fw.id!r}")
    return crit


def box_ids(container: str, boxes: list[Box]) -> list[str]:
    """Anchors for boxes, numbered per kind within their container: ``b1-good-practice-1``."""
    seen: dict[str, int] = {}
    ids = []
    for box in boxes:
        seen[box.kind] = seen.get(box.kind, 0) + 1
        ids.append(f"{container}-{box.kind}-{seen[box.kind]}")
    return ids


def explained(card: Scorecard) -> list[Figure]:
    """The figures worth explaining to a reader: aggregates and the band they fall in, and
    every figure whose stated and computed values differ, and every result not computed for
    a reason its framework gives; not the measured inputs."""
    return [
        f
        for f in card.figures
        if f.status == "differs"
        or f.reason is not None
        or (f.status != "not computed" and (f.terms or f.bands))
    ]


def section_heading(part: Part, pattern: str) -> str:
    """A section's heading with its framework id, unless the published title already has it.

    ``pattern`` is the report type's way of naming a section, such as
    ``'Section {id}: {title}'``; it lives in the report-type template.
    """
    if part.section is None:
        return part.title
    prefix = pattern.split("{title}")[0].format(id=part.section).strip(" :.").casefold()
    if prefix and part.title.casefold().startswith(prefix):
        return part.title
    return pattern.format(id=part.section, title=part.title)


def overall_figure(fw: Framework, overall: Overall, value: float) -> str:
    """An overall figure as its method publishes it: '69%', or '6/27' for a points total."""
    return shown(value, overall_rule(fw, overall).unit, overall.maximum)


def number(value: float) -> str:
    """A figure without a spurious '.0': 6.0 becomes '6', 6.5 stays '6.5'."""
    return f"{value:g}"
