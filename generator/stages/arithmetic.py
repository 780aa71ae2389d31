"""Arithmetic as a publication check: every stated figure is the one its inputs give.

The score stage computes each figure a report states (section scores, overall
score and rating, ratings set by key questions or capped by decision rules)
and compares it, within the framework's rounding. Here a difference becomes a
problem, placed at the stated figure, unless the report acknowledges it
(``stated.acknowledged``): a historical record reproduced as published,
with the reason shown in the score explainer. An acknowledgement that no
longer matches a difference is a problem too, so none outlives its reason.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from generator.model.framework import Framework
from generator.model.problems import Document, Loc, Problem
from generator.model.report import Acknowledgement, Report
from generator.model.walk import results
from generator.stages.figures import Figure, Scorecard
from generator.stages.rules import RATING_RULES
from generator.stages.wording import Value, fmt


def _places(node: Any, loc: Loc) -> Iterator[tuple[dict[str, Any], Loc]]:
    """Every mapping in a loaded tree, with where it is."""
    if isinstance(node, dict):
        yield node, loc
        for key, value in node.items():
            yield from _places(value, (*loc, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _places(value, (*loc, i))


def criterion_at(data: Any, criterion_id: str, within: Loc = ()) -> Loc | None:
    """Where the report states a criterion (a mapping with its ``id`` and a result), if it does."""
    node = data
    for key in within:
        node = node.get(key) if isinstance(node, dict) else None
    for place, loc in _places(node, within):
        if place.get("id") == criterion_id and ({"score", "blocks"} & place.keys()):
            return loc
    return None


def figure_at(doc: Document, key: str) -> Loc:
    """Where a figure is stated in the report, by its scorecard key."""
    kind, _, name = key.partition(":")
    if kind == "section":
        return ("stated", "sections", name)
    if kind in ("overall", "overall_rating"):
        return ("stated", kind)
    if kind == "criterion":
        found = criterion_at(doc.data, name)
        return (*found, "score") if found else ()
    if kind == "theme":
        ratings = (doc.data.get("thematic") or {}).get("ratings") or []
        for i, rating in enumerate(ratings):
            if isinstance(rating, dict) and rating.get("section") == name:
                return ("thematic", "ratings", i, "score")
        return ("thematic", "ratings")
    return ()


def _plain(value: float | str) -> str:
    """A figure as an acknowledgement gives it: 70, 69.4 or a rating word."""
    return f"{value:g}" if isinstance(value, float) else value


def _same(a: Value, b: Value) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return fmt(a) == fmt(b)
    return a == b


def _matches(ack: Acknowledgement, fig: Figure) -> bool:
    return _same(ack.stated, fig.stated) and _same(ack.computed, fig.computed)


def acknowledge(figures: list[Figure], acknowledged: list[Acknowledgement]) -> list[Figure]:
    """The figures with each acknowledged difference's reason added to its explanation."""
    by_key = {a.figure: a for a in acknowledged}
    done = []
    for fig in figures:
        ack = by_key.get(fig.key)
        if fig.status == "differs" and ack is not None and _matches(ack, fig):
            words = (
                f"{fig.explanation}. The report's figure is reproduced as published: {ack.reason}"
            )
            fig = Figure(**{**fig.__dict__, "explanation": words.rstrip(".")})
        done.append(fig)
    return done


def arithmetic_problems(report: Report, card: Scorecard, doc: Document) -> list[Problem]:
    """Stated figures their inputs do not give, and acknowledgements of no such difference."""
    problems = []
    acks: Mapping[str, tuple[int, Acknowledgement]] = {
        a.figure: (i, a) for i, a in enumerate(report.stated.acknowledged)
    }
    keys = [f.key for f in card.figures]
    for fig in card.figures:
        if fig.status != "differs":
            continue
        found = acks.get(fig.key)
        if found is not None and _matches(found[1], fig):
            continue
        problems.append(
            doc.problem(
                figure_at(doc, fig.key),
                f"{fig.name}: {fig.explanation} (expected the computed figure, or an entry "
                f"in stated.acknowledged with figure: {fig.key}, stated, computed and the reason)",
            )
        )
    differing = {f.key: f for f in card.figures if f.status == "differs"}
    for key, (i, ack) in acks.items():
        other = differing.get(key)
        if other is not None and _matches(ack, other):
            continue
        if other is not None:
            got = f"stated {fmt(other.stated, other.kind)}, computed {fmt(other.computed, other.kind)}"
        elif key in keys:
            got = "no difference"
        else:
            got = f"no figure {key!r}; the report's figures are {', '.join(keys) or 'none'}"
        problems.append(
            doc.problem(
                ("stated", "acknowledged", i),
                f"acknowledges a difference that is not there (expected stated "
                f"{_plain(ack.stated)} and computed {_plain(ack.computed)}, got {got})",
            )
        )
    return problems


def missing_key_questions(report: Report, fw: Framework, doc: Document) -> Iterator[Problem]:
    """Standards rated from key questions must give a percentage for every key question."""
    found = results(report.parts)
    for section in fw.sections:
        for crit in section.criteria:
            result = found.get(crit.id)
            if result is None or not crit.key_questions:
                continue
            rule = RATING_RULES.get(crit.rating_rule)
            if rule is None or not rule.banded:  # judged, or a rule the framework check reports
                continue
            given = [kq for kq in result.key_questions if kq.all is not None]
            if len(given) >= len(crit.key_questions):
                continue
            at = criterion_at(doc.data, crit.id) or ()
            wanted = len(crit.key_questions)
            yield doc.problem(
                (*at, "blocks"),
                f"missing key questions for standard {crit.id} (expected an 'all' percentage "
                f"for each of its {wanted} key questions, {', '.join(q.id for q in crit.key_questions)}, "
                f"in the framework's order, got {len(given)})",
            )
