"""The scoring rules: one small pure function each, in tables keyed by the frameworks' names.

A framework names its methods as data: a standard's ``rating_rule``, a section
aggregate's ``method`` and a decision rule's ``kind`` (the overall ``method``
is in :mod:`generator.stages.overall`). Each name is a key of one table here,
and a name no table holds is an :class:`UnknownMethod` error naming where the
framework uses it, never a silent fallback. No rule knows a rating word, a band
or a weight: those come from the framework passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from generator.model.framework import Banding, Criterion, DecisionRule, Framework, Section
from generator.model.report import CriterionResult
from generator.stages.figures import Figure, Term, status_of
from generator.stages.wording import band, band_words, fmt, same_label

T = TypeVar("T")


class UnknownMethod(LookupError):
    """A framework names a method that no scoring rule implements."""


def lookup(table: Mapping[str, T], name: str, what: str, where: str) -> T:
    """The rule called ``name`` in ``table``, or an error saying where the framework names it."""
    try:
        return table[name]
    except KeyError:
        known = ", ".join(sorted(table))
        raise UnknownMethod(
            f"{where}: no scoring rule for {what} {name!r} (rules exist for {known})"
        ) from None


# Rating rules: which key questions set a standard's rating, from their all-cases figures.

KeyFigures = Sequence[float | None]


def judgement(figures: KeyFigures) -> tuple[int, ...]:
    """'judgement': the inspectors rate the standard; no key question sets the rating."""
    return ()


def lowest_key_question(figures: KeyFigures) -> tuple[int, ...]:
    """'lowest_key_question': the lowest figure sets the rating; ties all drive it."""
    scored = [value for value in figures if value is not None]
    if not scored:
        return ()
    lowest = min(scored)
    return tuple(i for i, value in enumerate(figures) if value == lowest)


def single_key_question(figures: KeyFigures) -> tuple[int, ...]:
    """'single_key_question': the standard's one key question, the first row, sets the rating.

    Its footnote says the rating "is driven by the score for the key question",
    and the report's annexe lists nine prompts under that question (Gwent 2022's
    court work: one at 36%); the rating is the key question's own band (88%,
    Outstanding), not the band of the lowest figure a table happens to hold.
    """
    return (0,) if figures and figures[0] is not None else ()


@dataclass(frozen=True)
class RatingRule:
    """A rating rule and how a reader is told about it."""

    drivers: Callable[[KeyFigures], tuple[int, ...]]
    which: str
    """How the explanation names the deciding question."""

    marker: str
    """How the key-question table marks the deciding figure."""

    unrated: str
    """Why no rating is computed when no key question drives it."""

    @property
    def banded(self) -> bool:
        """Whether the rule reads key-question figures, and so needs the framework's banding."""
        return self.drivers is not judgement


RATING_RULES: dict[str, RatingRule] = {
    "judgement": RatingRule(
        judgement, "", "", "rated by the inspectors' judgement of the evidence"
    ),
    "lowest_key_question": RatingRule(
        lowest_key_question,
        "the lowest key question",
        "lowest score, drives the rating",
        "no key-question percentages are published",
    ),
    "single_key_question": RatingRule(
        single_key_question,
        "the key question",
        "drives the rating",
        "no percentage is published for the key question",
    ),
}


@dataclass(frozen=True)
class Reading:
    """What a standard's rating rule reads from its key questions."""

    rating: str | None
    drivers: frozenset[int]
    """The positions of the key questions whose figure sets the rating."""

    explanation: str
    marker: str


def read_rating(banding: Banding | None, crit: Criterion, result: CriterionResult) -> Reading:
    """The rating a standard's key questions give under its rule, and why."""
    rule = lookup(RATING_RULES, crit.rating_rule, "rating rule", f"standard {crit.id}")
    figures = [kq.all for kq in result.key_questions]
    drivers = rule.drivers(figures)
    value = figures[drivers[0]] if drivers else None
    if value is None:
        return Reading(None, frozenset(), rule.unrated, rule.marker)
    if banding is None:
        why = "the framework gives no bands for key-question percentages"
        return Reading(None, frozenset(drivers), why, rule.marker)
    label = band(banding, value)
    question = result.key_questions[drivers[0]].question
    why = (
        f"{rule.which} ({question}) scored {fmt(value)}, in the {label} band "
        f"({band_words(banding, label, 'percent')})"
    )
    return Reading(label, frozenset(drivers), why, rule.marker)


def rate(banding: Banding | None, crit: Criterion, result: CriterionResult) -> Figure:
    """A rated standard: its stated rating set against the one its rating rule gives."""
    stated = result.score if isinstance(result.score, str) else None
    reading = read_rating(banding, crit, result)
    computed = reading.rating
    agree = stated is not None and computed is not None and same_label(stated, computed)
    status = status_of(stated, computed, agree)
    if status == "not computed":
        explanation = reading.explanation
    elif status == "differs":
        explanation = f"stated {stated}, computed {computed}: {reading.explanation}"
    else:
        explanation = f"computed {computed}: {reading.explanation}"
    return Figure(
        key=f"criterion:{crit.id}",
        name=f"{crit.id} {crit.title}",
        stated=stated,
        computed=computed,
        status=status,
        explanation=explanation,
        kind="rating",
    )


# Section aggregates: a section's score from its criteria's scores.


@dataclass(frozen=True)
class Combined:
    """A section's computed score, the terms it comes from, and those terms in words."""

    value: float | None
    terms: tuple[Term, ...]
    how: str


def weight_words(fw: Framework, weight_class: str | None) -> str:
    """A criterion's weight as published: 'Critical (weight 2)', or 'weight 2' unlabelled."""
    weight = fw.weights.get(weight_class or "", 1.0)
    label = fw.weight_labels.get(weight_class or "")
    return f"{label} (weight {weight:g})" if label else f"weight {weight:g}"


def weighted_mean(
    fw: Framework, section: Section, results: Mapping[str, CriterionResult]
) -> Combined:
    """'weighted_mean': the mean of a section's percentage criteria, weighted by class."""
    terms: list[Term] = []
    for crit in section.criteria:
        scale = fw.scale_of(crit)
        if not crit.in_overall or scale is None or scale.kind != "percent":
            continue
        result = results.get(crit.id)
        if result is None or not isinstance(result.score, float):
            return Combined(None, tuple(terms), "")
        terms.append(
            Term(
                label=f"{crit.id} {crit.title}",
                value=result.score,
                weight=fw.weights.get(crit.weight or "", 1.0),
                weight_class=crit.weight,
                weight_words=weight_words(fw, crit.weight),
            )
        )
    if not terms:
        return Combined(None, (), "")
    total = sum(t.weight or 0 for t in terms)
    value = sum(float(t.value) * (t.weight or 0) for t in terms) / total
    how = "weighted " + ", ".join(
        f"{t.label.split()[0]} {fmt(t.value)}×{t.weight:g}" for t in terms
    )
    return Combined(value, tuple(terms), how)


Aggregator = Callable[[Framework, Section, Mapping[str, CriterionResult]], Combined]

AGGREGATES: dict[str, Aggregator] = {"weighted_mean": weighted_mean}


# Decision rules: limits on a standard's rating from the ratings of others.


def cap_when_all(
    rule: DecisionRule, ratings: Mapping[str, str], levels: Sequence[str], fig: Figure
) -> Figure:
    """'cap_when_all': when every tested standard has one of the labels, the standard can be
    rated no better than the cap; a better stated rating differs, any other gets the note."""
    tested = [ratings.get(c) for c in rule.when_criteria]
    if not all(t and any(same_label(t, lab) for lab in rule.when_labels) for t in tested):
        return fig
    if not isinstance(fig.stated, str):
        return fig
    order = [level.casefold() for level in levels]
    stated, cap = fig.stated.casefold(), rule.cap.casefold()
    better = stated in order and cap in order and order.index(stated) < order.index(cap)
    note = (
        f"decision rule in operation ({', '.join(rule.when_criteria)} are all "
        f"{' or '.join(rule.when_labels)}), so it can be no better than {rule.cap}"
    )
    if better:
        return replace(
            fig, computed=rule.cap, status="differs", explanation=f"stated {fig.stated}, but {note}"
        )
    return replace(fig, explanation=f"{fig.explanation}; {note}")


Decider = Callable[[DecisionRule, Mapping[str, str], Sequence[str], Figure], Figure]

DECISION_RULES: dict[str, Decider] = {"cap_when_all": cap_when_all}


def decide(fw: Framework, figures: Sequence[Figure], ratings: Mapping[str, str]) -> list[Figure]:
    """The figures after every decision rule of the framework, in the framework's order."""
    decided = list(figures)
    for rule in fw.decision_rules:
        apply = lookup(DECISION_RULES, rule.kind, "decision rule", f"framework {fw.id}")
        crit = fw.criterion(rule.criterion)
        scale = fw.scale_of(crit) if crit else None
        levels = [level.label for level in scale.levels] if scale else []
        key = f"criterion:{rule.criterion}"
        decided = [apply(rule, ratings, levels, f) if f.key == key else f for f in decided]
    return decided
