"""Overall methods: how a methodology reads its criteria and adds them up into one figure.

A framework's ``overall.method`` is a key of :data:`OVERALL_RULES`. Each rule
says what its figure counts (percentages or points), how it reads the criteria
(as measured scores, or as ratings that earn points) and how it adds them up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from generator.model.framework import Criterion, Framework, Overall
from generator.model.report import CriterionResult, Report
from generator.stages.figures import Figure, Term, compare_percent, measured, status_of
from generator.stages.rules import lookup, rate
from generator.stages.wording import Unit, band, band_ranges, band_words, fmt, same_label

MEASURED = (
    "a measured input: criterion scores come from the inspection itself, not from other figures"
)


@dataclass(frozen=True)
class Read:
    """A methodology's criteria as its overall method reads them."""

    figures: tuple[Figure, ...]
    ratings: dict[str, str] = field(default_factory=dict)
    """Each criterion's rating: as stated, or else as computed. Points are given for these."""


@dataclass(frozen=True)
class Tally:
    """What an overall figure is added up from."""

    ratings: Mapping[str, str]
    sections: Mapping[str, float]
    """Each section's score: as computed, or else as stated."""


def measured_inputs(
    fw: Framework, results: Mapping[str, CriterionResult], key: str = "", name: str = ""
) -> Read:
    """Every published criterion score, as an input: nothing computes it."""
    figures: list[Figure] = []
    ratings: dict[str, str] = {}
    for crit in (c for s in fw.sections for c in s.criteria):
        result = results.get(crit.id)
        if result is None or result.score is None:
            continue
        figures.append(
            measured(
                key=f"{key}criterion:{crit.id}",
                name=f"{name}{crit.id}: {crit.title}",
                value=result.score,
                explanation=MEASURED,
            )
        )
        if isinstance(result.score, str):
            ratings[crit.id] = result.score
    return Read(tuple(figures), ratings)


def rated_standards(fw: Framework, results: Mapping[str, CriterionResult]) -> Read:
    """Every rated standard, its rating set against the one its rating rule gives."""
    figures: list[Figure] = []
    ratings: dict[str, str] = {}
    for crit in (c for s in fw.sections for c in s.criteria):
        result = results.get(crit.id)
        if result is None or crit.scale is None:
            continue
        fig = rate(fw.banding, crit, result)
        figures.append(fig)
        label = fig.stated or fig.computed
        if isinstance(label, str) and label:
            ratings[crit.id] = label
    return Read(tuple(figures), ratings)


def weighted_sections(
    fw: Framework, overall: Overall, report: Report, tally: Tally
) -> list[Figure]:
    """'weighted_sections': the weighted mean of the unrounded section scores."""
    stated = report.stated.overall
    if not all(w.section in tally.sections for w in overall.weights):
        if stated is None:
            return []
        return [
            Figure(
                key="overall",
                name=overall.name,
                stated=stated,
                computed=None,
                status="not computed",
                explanation="a section score it depends on is missing",
            )
        ]
    terms = tuple(
        Term(
            label=f"Section {w.section}",
            value=tally.sections[w.section],
            weight=w.percent,
            weight_words=f"{w.percent:g}%",
        )
        for w in overall.weights
    )
    total = sum(t.weight or 0 for t in terms)
    value = sum(float(t.value) * (t.weight or 0) for t in terms) / total
    how = (
        "by weighting the unrounded section scores ("
        + ", ".join(f"{t.label} {fmt(t.value)}×{t.weight:g}%" for t in terms)
        + ")"
    )
    if overall.excluded:
        how += f", excluding {', '.join(overall.excluded)}"
    return [
        compare_percent(
            key="overall", name=overall.name, stated=stated, computed=value, terms=terms, how=how
        )
    ]


def _points(fw: Framework, crit: Criterion, rating: str | None) -> Term:
    scale = fw.scale_of(crit)
    levels = scale.levels if scale else []
    points = next((lv.points for lv in levels if rating and same_label(lv.label, rating)), None)
    return Term(
        label=f"{crit.id} {crit.title}",
        value=rating or "unrated",
        weight=points,
        weight_words="none" if points is None else f"{points:g}",
    )


def points_sum(fw: Framework, overall: Overall, report: Report, tally: Tally) -> list[Figure]:
    """'points_sum': the points of every counted standard's rating, added up, then banded."""
    counted = [
        c
        for s in fw.sections
        for c in s.criteria
        if c.in_overall and c.scale and c.id not in overall.excluded
    ]
    terms = tuple(_points(fw, c, tally.ratings.get(c.id)) for c in counted)
    stated = report.stated.overall
    if any(t.weight is None for t in terms):
        return [
            Figure(
                key="overall",
                name=overall.name,
                stated=stated,
                computed=None,
                status="not computed",
                explanation="not every rated standard has a rating",
                kind="points",
                terms=terms,
                out_of=overall.maximum,
            )
        ]
    total = float(sum(t.weight or 0 for t in terms))
    how = " + ".join(f"{t.weight:g}" for t in terms) + f" = {total:g} of {overall.maximum}"
    status = status_of(stated, total, stated == total)
    if stated is None:
        explanation = f"this site adds up {total:g}/{overall.maximum} ({how})"
    elif status == "match":
        explanation = f"the points for each published rating add up to the printed total ({how})"
    else:
        explanation = (
            f"the report prints {stated:g}; the points for its published ratings add up to {total:g} "
            f"({how})"
        )
    figures = [
        Figure(
            key="overall",
            name=overall.name,
            stated=stated,
            computed=total,
            status=status,
            explanation=explanation,
            kind="points",
            terms=terms,
            out_of=overall.maximum,
        )
    ]
    if overall.banding is None:
        return figures
    label = band(overall.banding, total)
    found = (
        f"{total:g} points is in the {label} band ({band_words(overall.banding, label, 'points')})"
    )
    rating = report.stated.overall_rating
    status = status_of(rating, label, rating is not None and same_label(rating, label))
    figures.append(
        Figure(
            key="overall_rating",
            name="Overall rating",
            stated=rating,
            computed=label,
            status=status,
            explanation=f"the report prints {rating}, but {found}"
            if status == "differs"
            else found,
            kind="rating",
            bands=band_ranges(overall.banding, "points"),
        )
    )
    return figures


Reader = Callable[[Framework, Mapping[str, CriterionResult]], Read]
Adder = Callable[[Framework, Overall, Report, Tally], list[Figure]]


@dataclass(frozen=True)
class OverallRule:
    """An overall method: what its figure counts, how it reads criteria, how it adds them up."""

    unit: Unit
    reads: Reader
    adds: Adder


OVERALL_RULES: dict[str, OverallRule] = {
    "weighted_sections": OverallRule("percent", measured_inputs, weighted_sections),
    "points_sum": OverallRule("points", rated_standards, points_sum),
}


def overall_rule(fw: Framework, overall: Overall) -> OverallRule:
    """The rule for a framework's overall method."""
    return lookup(OVERALL_RULES, overall.method, "overall method", f"framework {fw.id}")
