"""Stage 3, score: recompute a report's figures from its framework and compare them.

Pure functions over typed models: no I/O, no globals. Every figure gets a
status (match, differs, not stated, not computed) and an explanation written
for a reader, so the score explainer and ``reports score`` share one source.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from generator.model.framework import Criterion, Framework, Section
from generator.model.report import CriterionResult, Report
from generator.model.walk import results as reported
from generator.stages.wording import band, band_words, change, fmt, round_half_up, same_label

__all__ = ["Figure", "Scorecard", "Term", "fmt", "round_half_up", "score_report"]

Status = Literal["match", "differs", "not stated", "not computed"]
Value = float | str | None


@dataclass(frozen=True)
class Term:
    """One input to a computed figure: a criterion's score and its weight."""

    label: str
    value: float | str
    weight: float | None = None


@dataclass(frozen=True)
class Figure:
    """A published or computable figure, with how it was (or was not) reproduced."""

    key: str
    name: str
    stated: Value
    computed: Value
    status: Status
    explanation: str
    kind: Literal["percent", "points", "rating"] = "percent"
    terms: tuple[Term, ...] = ()

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


def _compare_percent(
    key: str,
    name: str,
    stated: float | None,
    computed: float | None,
    terms: tuple[Term, ...],
    how: str,
) -> Figure:
    if computed is None:
        return Figure(
            key,
            name,
            stated,
            None,
            "not computed",
            "not every criterion it depends on has a published percentage",
            terms=terms,
        )
    if stated is None:
        return Figure(
            key,
            name,
            None,
            computed,
            "not stated",
            f"the report does not print this figure; computed {fmt(computed)} {how}",
            terms=terms,
        )
    if round_half_up(computed) == round_half_up(stated):
        return Figure(
            key,
            name,
            stated,
            computed,
            "match",
            f"computed {fmt(computed)} {how}, which rounds to the stated {fmt(stated)}",
            terms=terms,
        )
    gap = abs(computed - stated)
    why = (
        "; the published criterion scores are themselves rounded to whole numbers, so a gap of "
        "this size can come from rounding alone"
        if gap <= 1.0
        else "; the gap is larger than rounding of the published scores can explain, so the "
        "report's figure may rest on unpublished data or contain an error"
    )
    return Figure(
        key,
        name,
        stated,
        computed,
        "differs",
        f"stated {fmt(stated)}, computed {fmt(computed)} {how}{why}",
        terms=terms,
    )


def weighted_mean(
    fw: Framework, section: Section, results: dict[str, CriterionResult]
) -> tuple[float | None, tuple[Term, ...]]:
    """A section's weighted mean of percentage criteria, with its terms."""
    terms: list[Term] = []
    for crit in section.criteria:
        scale = fw.scale_of(crit)
        if not crit.in_overall or scale is None or scale.kind != "percent":
            continue
        result = results.get(crit.id)
        weight = fw.weights.get(crit.weight or "", 1.0)
        if result is None or not isinstance(result.score, float):
            return None, tuple(terms)
        terms.append(Term(f"{crit.id} {crit.title}", result.score, weight))
    if not terms:
        return None, ()
    total = sum(t.weight or 0 for t in terms)
    value = sum(float(t.value) * (t.weight or 0) for t in terms) / total
    return value, tuple(terms)


def _weights_text(terms: tuple[Term, ...]) -> str:
    return "weighted " + ", ".join(
        f"{t.label.split()[0]} {fmt(t.value)}×{t.weight:g}" for t in terms
    )


def _inputs(
    fw: Framework, results: dict[str, CriterionResult], prefix: str = ""
) -> Iterator[Figure]:
    for section in fw.sections:
        for crit in section.criteria:
            result = results.get(crit.id)
            if result is None or result.score is None:
                continue
            kind: Literal["percent", "rating"] = (
                "rating" if isinstance(result.score, str) else "percent"
            )
            yield Figure(
                f"{prefix}criterion:{crit.id}",
                f"{prefix_name(prefix)}{crit.id}: {crit.title}",
                result.score,
                None,
                "not computed",
                "a measured input: criterion scores come from the inspection itself, "
                "not from other figures",
                kind=kind,
            )


def prefix_name(prefix: str) -> str:
    return "Thematic " if prefix else ""


def score_sections(fw: Framework, report: Report) -> Iterator[Figure]:
    """Section scores and the weighted overall score (ESI-style frameworks)."""
    results = reported(report.parts)
    yield from _inputs(fw, results)
    values: dict[str, float] = {}
    for section in fw.sections:
        if section.aggregate is None:
            continue
        value, terms = weighted_mean(fw, section, results)
        stated = report.stated.sections.get(section.id)
        if value is not None:
            values[section.id] = value
        elif stated is not None:
            values[section.id] = stated
        if value is None and stated is None:
            continue
        yield _compare_percent(
            f"section:{section.id}",
            section.aggregate.name,
            stated,
            value,
            terms,
            f"from the published criterion scores ({_weights_text(terms)})",
        )
    overall = fw.overall
    if overall is None or overall.method != "weighted_sections":
        return
    if not all(w.section in values for w in overall.weights):
        if report.stated.overall is not None:
            yield Figure(
                "overall",
                overall.name,
                report.stated.overall,
                None,
                "not computed",
                "a section score it depends on is missing",
            )
        return
    terms = tuple(
        Term(f"Section {w.section}", values[w.section], w.percent) for w in overall.weights
    )
    value = sum(float(t.value) * (t.weight or 0) for t in terms) / sum(t.weight or 0 for t in terms)
    how = (
        "from the unrounded section scores ("
        + ", ".join(f"{t.label} {fmt(t.value)}×{t.weight:g}%" for t in terms)
        + ")"
    )
    if overall.excluded:
        how += f", excluding {', '.join(overall.excluded)}"
    yield _compare_percent("overall", overall.name, report.stated.overall, value, terms, how)


def score_theme(theme: Framework, report: Report) -> Iterator[Figure]:
    """A thematic element's computed quality ratings."""
    if report.thematic is None:
        return
    results = reported(report.thematic.parts)
    yield from _inputs(theme, results, prefix="theme:")
    stated = {r.section: r for r in report.thematic.ratings if r.section}
    for rating in theme.ratings:
        section = theme.section(rating.section)
        if section is None:
            continue
        value, terms = weighted_mean(theme, section, results)
        published = stated.get(rating.section)
        number = published.score if published and isinstance(published.score, float) else None
        if value is None and number is None:
            continue
        yield _compare_percent(
            f"theme:{rating.section}",
            rating.name,
            number,
            value,
            terms,
            f"from the published thematic criterion scores ({_weights_text(terms)})",
        )


def _rating_of(fw: Framework, crit: Criterion, result: CriterionResult) -> tuple[str | None, str]:
    """The rating the key questions give a standard, and why."""
    if crit.rating_rule == "judgement":
        return None, "rated by the inspectors' judgement of the evidence"
    if fw.banding is None:
        return None, "the framework gives no bands for key-question percentages"
    # A single-key-question standard is "driven by the score for the key question"
    # (Gwent 2022, footnote 5): the first row, never a lower prompt listed under it.
    single = crit.rating_rule == "single_key_question"
    asked = result.key_questions[:1] if single else result.key_questions
    rows = [(kq.all, kq.question) for kq in asked if kq.all is not None]
    if not rows:
        if single:
            return None, "no percentage is published for the key question"
        return None, "no key-question percentages are published"
    lowest, question = min(rows, key=lambda r: r[0])
    label = band(fw.banding, lowest)
    which = (
        "the key question"
        if crit.rating_rule == "single_key_question"
        else "the lowest key question"
    )
    return label, (
        f"{which} ({question!s}) scored {fmt(lowest)}, in the {label} band "
        f"({band_words(fw.banding, label, 'percent')})"
    )


def score_ratings(fw: Framework, report: Report) -> Iterator[Figure]:
    """Standard ratings, decision rules, points and overall rating (PDU-style frameworks)."""
    results = reported(report.parts)
    scale = fw.scales.get(fw.overall.banding.scale) if fw.overall and fw.overall.banding else None
    points = {lvl.label.casefold(): lvl.points for lvl in scale.levels} if scale else {}
    ratings: dict[str, str] = {}
    figures: list[Figure] = []
    for section in fw.sections:
        for crit in section.criteria:
            result = results.get(crit.id)
            if result is None or crit.scale is None:
                continue
            stated = result.score if isinstance(result.score, str) else None
            computed, why = _rating_of(fw, crit, result)
            name = f"{crit.id} {crit.title}"
            if computed is None:
                # Why nothing is computed: judged by the inspectors, or no figures to band.
                status: Status = "not computed"
                text = why
            elif stated is None:
                status, text = "not stated", f"computed {computed}: {why}"
            elif same_label(stated, computed):
                status, text = "match", f"computed {computed}: {why}"
            else:
                status, text = "differs", f"stated {stated}, computed {computed}: {why}"
            if stated or computed:
                ratings[crit.id] = stated or computed or ""
            figures.append(
                Figure(f"criterion:{crit.id}", name, stated, computed, status, text, kind="rating")
            )
    for rule in fw.decision_rules:
        tested = [ratings.get(c) for c in rule.when_criteria]
        if not all(t and any(same_label(t, lab) for lab in rule.when_labels) for t in tested):
            continue
        for i, fig in enumerate(figures):
            if fig.key != f"criterion:{rule.criterion}" or not isinstance(fig.stated, str):
                continue
            order = [lvl.label.casefold() for lvl in scale.levels] if scale else []
            better = (
                fig.stated.casefold() in order
                and rule.cap.casefold() in order
                and order.index(fig.stated.casefold()) < order.index(rule.cap.casefold())
            )
            note = (
                f"; decision rule in operation ({', '.join(rule.when_criteria)} are all "
                f"{' or '.join(rule.when_labels)}), so it can be no better than {rule.cap}"
            )
            if better:
                figures[i] = Figure(
                    fig.key,
                    fig.name,
                    fig.stated,
                    rule.cap,
                    "differs",
                    f"stated {fig.stated}, but" + note.removeprefix(";"),
                    kind="rating",
                )
            else:
                figures[i] = Figure(
                    fig.key,
                    fig.name,
                    fig.stated,
                    fig.computed,
                    fig.status,
                    fig.explanation + note,
                    kind="rating",
                )
    yield from figures
    overall = fw.overall
    if overall is None or overall.method != "points_sum":
        return
    counted = [
        c
        for s in fw.sections
        for c in s.criteria
        if c.in_overall and c.scale and c.id not in overall.excluded
    ]
    terms = tuple(
        Term(
            f"{c.id} {c.title}",
            ratings.get(c.id, "unrated"),
            points.get(ratings.get(c.id, "").casefold()),
        )
        for c in counted
    )
    if any(t.weight is None for t in terms):
        yield Figure(
            "overall",
            overall.name,
            report.stated.overall,
            None,
            "not computed",
            "not every rated standard has a rating",
            kind="points",
            terms=terms,
        )
        return
    total = float(sum(t.weight or 0 for t in terms))
    how = " + ".join(f"{t.weight:g}" for t in terms) + f" = {total:g} of {overall.maximum}"
    stated_points = report.stated.overall
    if stated_points is None:
        fig = Figure(
            "overall",
            overall.name,
            None,
            total,
            "not stated",
            f"computed {total:g}/{overall.maximum} ({how})",
            kind="points",
            terms=terms,
        )
    elif stated_points == total:
        fig = Figure(
            "overall",
            overall.name,
            stated_points,
            total,
            "match",
            f"points for each rating ({how})",
            kind="points",
            terms=terms,
        )
    else:
        fig = Figure(
            "overall",
            overall.name,
            stated_points,
            total,
            "differs",
            f"stated {stated_points:g}, computed {total:g} from the stated ratings ({how})",
            kind="points",
            terms=terms,
        )
    yield fig
    if overall.banding is None:
        return
    label = band(overall.banding, total)
    words = band_words(overall.banding, label, "points")
    stated_rating = report.stated.overall_rating
    if stated_rating is None:
        status, text = "not stated", f"{total:g} points is in the {label} band ({words})"
    elif same_label(stated_rating, label):
        status, text = "match", f"{total:g} points is in the {label} band ({words})"
    else:
        status, text = (
            "differs",
            f"stated {stated_rating}, but {total:g} points is in the {label} band ({words})",
        )
    yield Figure(
        "overall_rating", "Overall rating", stated_rating, label, status, text, kind="rating"
    )


def score_follow_up(fw: Framework, report: Report) -> Iterator[Figure]:
    """A follow-up's original and follow-up scores for each rescored criterion."""
    results = reported(report.parts)
    for section in fw.sections:
        if fw.rescored and section.id not in fw.rescored:
            continue
        for crit in section.criteria:
            result = results.get(crit.id)
            if result is None or (result.score is None and result.previous_score is None):
                continue
            moved = ""
            if isinstance(result.score, float) and isinstance(result.previous_score, float):
                # The same words as the page's comparison: percentage points, not points.
                step = change(result.previous_score, result.score)
                moved = (
                    f"; {step.words} on the original inspection"
                    if step and step.direction != "unchanged"
                    else "; unchanged"
                )
            yield Figure(
                f"previous:{crit.id}",
                f"{crit.id}: {crit.title} (original inspection)",
                result.previous_score,
                None,
                "not computed",
                "as restated in the follow-up report for the cases it re-examined",
            )
            yield Figure(
                f"criterion:{crit.id}",
                f"{crit.id}: {crit.title} (follow-up)",
                result.score,
                None,
                "not computed",
                "a measured input from the follow-up inspection" + moved,
            )
        if section.aggregate and (not fw.rescored or section.id in fw.rescored):
            for label, attr in (("original inspection", "previous_score"), ("follow-up", "score")):
                proxy = {
                    k: v.model_copy(update={"score": getattr(v, attr)}) for k, v in results.items()
                }
                value, terms = weighted_mean(fw, section, proxy)
                if value is not None:
                    yield Figure(
                        f"section:{section.id}:{attr}",
                        f"{section.aggregate.name} ({label})",
                        None,
                        value,
                        "not stated",
                        f"the report does not print section scores; computed {fmt(value)} "
                        f"from the criterion scores ({_weights_text(terms)})",
                        terms=terms,
                    )


def score_report(report: Report, frameworks: dict[str, Framework]) -> Scorecard:
    """Every figure of a report, computed and compared: the single entry point."""
    fw = frameworks[report.framework]
    figures: list[Figure] = []
    if fw.kind == "follow-up":
        figures += score_follow_up(fw, report)
    elif fw.banding is not None:
        figures += score_ratings(fw, report)
    else:
        figures += score_sections(fw, report)
    if report.thematic and (theme := frameworks.get(report.thematic.theme)):
        figures += score_theme(theme, report)
    return Scorecard(report.slug, fw.id, tuple(figures))
