"""Stage 3, score: recompute a report's figures from its framework and compare them.

Pure functions over typed models: no I/O, no globals. The framework's kind
picks the scorer from :data:`SCORERS`; every step inside it is a rule looked up
by the method name the framework gives (see :mod:`generator.stages.rules` and
:mod:`generator.stages.overall`). Every figure gets a status (match, differs,
not stated, not computed) and an explanation written for a reader, so the
score explainer and ``reports score`` share one source.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from generator.model.framework import Framework, ThemeRating
from generator.model.report import CriterionResult, Report
from generator.model.walk import results
from generator.stages.figures import Figure, Scorecard, Term, compare_percent
from generator.stages.overall import Tally, measured_inputs, overall_rule
from generator.stages.rules import AGGREGATES, decide, lookup
from generator.stages.wording import change, fmt, round_half_up

__all__ = [
    "SCORERS",
    "Figure",
    "Scorecard",
    "Term",
    "fmt",
    "round_half_up",
    "score_follow_up",
    "score_methodology",
    "score_report",
    "score_theme",
]


def _sections(
    fw: Framework, report: Report, found: Mapping[str, CriterionResult]
) -> tuple[list[Figure], dict[str, float]]:
    """Each section's aggregate, computed and compared, and its score for the overall figure."""
    figures: list[Figure] = []
    values: dict[str, float] = {}
    for section in fw.sections:
        if section.aggregate is None:
            continue
        where = f"framework {fw.id}, section {section.id}"
        combine = lookup(AGGREGATES, section.aggregate.method, "aggregate", where)
        mean = combine(fw, section, found)
        stated = report.stated.sections.get(section.id)
        score = mean.value if mean.value is not None else stated
        if score is None:
            continue
        values[section.id] = score
        figures.append(
            compare_percent(
                key=f"section:{section.id}",
                name=section.aggregate.name,
                stated=stated,
                computed=mean.value,
                terms=mean.terms,
                how=f"from the published criterion scores ({mean.how})",
            )
        )
    return figures, values


def score_methodology(fw: Framework, report: Report) -> list[Figure]:
    """A methodology's criteria, decision rules, section scores and overall figure."""
    found = results(report.parts)
    rule = overall_rule(fw, fw.overall) if fw.overall else None
    read = rule.reads(fw, found) if rule else measured_inputs(fw, found)
    figures = decide(fw, read.figures, read.ratings)
    sections, values = _sections(fw, report, found)
    figures += sections
    if rule and fw.overall:
        figures += rule.adds(fw, fw.overall, report, Tally(read.ratings, values))
    return figures


def _moved(result: CriterionResult) -> str:
    if not (isinstance(result.previous_score, float) and isinstance(result.score, float)):
        return ""
    moved = change(result.previous_score, result.score)
    if moved is None or moved.direction == "unchanged":
        return "; unchanged"
    return f"; {moved.words} on the original inspection"


def score_follow_up(fw: Framework, report: Report) -> list[Figure]:
    """A follow-up's original and follow-up scores for each rescored criterion and section."""
    found = results(report.parts)
    figures: list[Figure] = []
    for section in fw.sections:
        if fw.rescored and section.id not in fw.rescored:
            continue
        for crit in section.criteria:
            result = found.get(crit.id)
            if result is None or (result.score is None and result.previous_score is None):
                continue
            figures += [
                Figure(
                    key=f"previous:{crit.id}",
                    name=f"{crit.id}: {crit.title} (original inspection)",
                    stated=result.previous_score,
                    computed=None,
                    status="not computed",
                    explanation="as restated in the follow-up report for the cases it re-examined",
                ),
                Figure(
                    key=f"criterion:{crit.id}",
                    name=f"{crit.id}: {crit.title} (follow-up)",
                    stated=result.score,
                    computed=None,
                    status="not computed",
                    explanation="a measured input from the follow-up inspection" + _moved(result),
                ),
            ]
        if section.aggregate is None:
            continue
        where = f"framework {fw.id}, section {section.id}"
        combine = lookup(AGGREGATES, section.aggregate.method, "aggregate", where)
        for label, attr in (("original inspection", "previous_score"), ("follow-up", "score")):
            proxy = {k: v.model_copy(update={"score": getattr(v, attr)}) for k, v in found.items()}
            mean = combine(fw, section, proxy)
            if mean.value is None:
                continue
            figures.append(
                Figure(
                    key=f"section:{section.id}:{attr}",
                    name=f"{section.aggregate.name} ({label})",
                    stated=None,
                    computed=mean.value,
                    status="not stated",
                    explanation="the report does not print section scores; computed "
                    f"{fmt(mean.value)} from the criterion scores ({mean.how})",
                    terms=mean.terms,
                )
            )
    return figures


def score_theme(theme: Framework, report: Report) -> list[Figure]:
    """A thematic element's inputs and its computed quality ratings."""
    if report.thematic is None:
        return []
    found = results(report.thematic.parts)
    figures = list(measured_inputs(theme, found, key="theme:", name="Thematic ").figures)
    stated = {r.section: r for r in report.thematic.ratings if r.section}
    for rating in theme.ratings:
        section = theme.section(rating.section)
        published = stated.get(rating.section)
        number = published.score if published and isinstance(published.score, float) else None
        if section is not None and section.aggregate is None and number is not None:
            figures.append(_stated_rating(theme, rating, number))
        if section is None or section.aggregate is None:
            continue
        where = f"framework {theme.id}, section {section.id}"
        mean = lookup(AGGREGATES, section.aggregate.method, "aggregate", where)(
            theme, section, found
        )
        if mean.value is None and number is None:
            continue
        figures.append(
            compare_percent(
                key=f"theme:{rating.section}",
                name=rating.name,
                stated=number,
                computed=mean.value,
                terms=mean.terms,
                how=f"from the published thematic criterion scores ({mean.how})",
            )
        )
    return figures


def _stated_rating(theme: Framework, rating: ThemeRating, number: float) -> Figure:
    """A published rating the theme gives no rule to recompute: stated, with the theme's reason."""
    why = rating.not_computed or f"framework {theme.id} gives section {rating.section} no aggregate"
    return Figure(
        key=f"theme:{rating.section}",
        name=rating.name,
        stated=number,
        computed=None,
        status="not computed",
        explanation=f"as published; not computed: {why}",
        reason=why,
    )


Scorer = Callable[[Framework, Report], list[Figure]]

SCORERS: dict[str, Scorer] = {
    "methodology": score_methodology,
    "follow-up": score_follow_up,
}
"""The scorer for a report, by its framework's ``kind``; a theme is scored with its report."""


def score_report(report: Report, frameworks: dict[str, Framework]) -> Scorecard:
    """Every figure of a report, computed and compared: the single entry point."""
    fw = frameworks[report.framework]
    scorer = lookup(SCORERS, fw.kind, "framework kind", f"framework {fw.id}")
    figures = scorer(fw, report)
    if report.thematic and (theme := frameworks.get(report.thematic.theme)):
        figures += score_theme(theme, report)
    return Scorecard(report.slug, fw.id, tuple(figures))
