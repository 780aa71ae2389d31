"""Stage 2, validate, for frameworks: every name a framework uses must resolve.

A framework refers to things by name or id: a criterion to its scale and weight
class, the overall score to sections and criteria, a decision rule to criteria
and rating labels, a banding to a scale and its labels, a methodology to its
report template, a follow-up or theme to its base methodology. Scoring looks
these names up with defaults (an unknown weight class weighs 1, an unknown
section leaves the overall score "not computed"), so a slip of the keyboard
would quietly change or hide a published figure. Here each one is a problem,
placed in the framework's file, with the near name when there is one.

Each check reads a framework's own fields, so that a problem points into the
file that says it, and resolves names against the framework as completed by
its base: a theme's criteria use the methodology's scales and weight classes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from generator.model.framework import Banding, Criterion, Framework
from generator.model.problems import Document, Loc, Problem, dotted, expected, unknown
from generator.stages.required import check_requirements
from generator.stages.rules import RATING_RULES

REPORT_TEMPLATES = "report"
BASE_TEMPLATE = "base"
"""The template every report type extends; no report type of its own."""
"""The folder, inside a templates folder, of the top-level template per report type."""


def check_framework(
    own: Framework,
    resolved: Framework,
    doc: Document,
    frameworks: Mapping[str, Framework],
    templates: Sequence[Path] | None = None,
) -> list[Problem]:
    """Every unresolved name and repeated id in one framework file.

    ``own`` is the framework as its file states it, ``resolved`` as completed
    by its base, ``frameworks`` every framework loaded (as stated), and
    ``templates`` the folders searched for report templates, first match
    winning; None leaves templates unchecked.
    """
    problems = [*_base(own, doc, frameworks)]
    if templates is not None:
        problems += _template(own, doc, templates)
    problems += _scales(own, resolved, doc)
    problems += _sections(own, resolved, doc)
    problems += _banding(own.banding, ("banding",), resolved, doc)
    problems += _overall(own, resolved, doc)
    problems += _rules(own, resolved, doc)
    problems += _sections_named(own, resolved, doc)
    problems += check_requirements(own, resolved, doc)
    return problems


def _once(items: Iterable[tuple[str, Loc]], what: str, doc: Document) -> Iterator[Problem]:
    """A problem for each id met again; ids differing only in case count as the same."""
    seen: dict[str, Loc] = {}
    for name, loc in items:
        if name.casefold() in seen:
            first = dotted(seen[name.casefold()])
            yield doc.problem(
                loc, f"{what} {name!r} is used twice (expected each {what} once, first at {first})"
            )
        seen.setdefault(name.casefold(), loc)


def _base(own: Framework, doc: Document, frameworks: Mapping[str, Framework]) -> Iterator[Problem]:
    methodologies = sorted(k for k, fw in frameworks.items() if fw.kind == "methodology")
    if own.kind == "methodology":
        if own.base is not None:
            yield doc.problem(
                ("base",), f"a methodology has no base (expected no base, got {own.base!r})"
            )
        return
    if own.base is None:
        yield doc.problem(
            ("kind",),
            f"a {own.kind} needs a base methodology "
            f"(expected a base naming one of {', '.join(methodologies)}, got nothing)",
        )
    elif own.base not in frameworks:
        yield doc.problem(("base",), unknown("base framework", own.base, methodologies))
    elif own.base not in methodologies:
        yield doc.problem(
            ("base",),
            f"the base framework is a {frameworks[own.base].kind}, not a methodology "
            + expected(own.base, methodologies, hint=False),
        )


def _template(own: Framework, doc: Document, templates: Sequence[Path]) -> Iterator[Problem]:
    if own.kind == "theme":  # a theme is shown inside its report's page
        return
    names = sorted(
        {
            path.name.removesuffix(".html.j2")
            for folder in templates
            for path in (folder / REPORT_TEMPLATES).glob("*.html.j2")
        }
        - {BASE_TEMPLATE}
    )
    if own.report_type is None:
        yield doc.problem(
            ("kind",),
            f"a {own.kind} needs a report_type naming its template "
            f"(expected one of {', '.join(names)}, got nothing)",
        )
    elif own.report_type not in names:
        yield doc.problem(
            ("report_type",),
            f"no template {REPORT_TEMPLATES}/{own.report_type}.html.j2 for this report type "
            + expected(own.report_type, names),
        )


def _scales(own: Framework, resolved: Framework, doc: Document) -> Iterator[Problem]:
    for scale_id, scale in own.scales.items():
        levels = scale.levels
        yield from _once(
            (
                (lvl.label, ("scales", scale_id, "levels", i, "label"))
                for i, lvl in enumerate(levels)
            ),
            "level label",
            doc,
        )
    for weight in own.weight_labels:
        if weight not in resolved.weights:
            yield doc.problem(
                ("weight_labels", weight),
                unknown("weight class", weight, resolved.weights),
                key=True,
            )
    for scale_id in own.score_columns:
        if scale_id not in resolved.scales:
            yield doc.problem(
                ("score_columns", scale_id), unknown("scale", scale_id, resolved.scales), key=True
            )


def _sections(own: Framework, resolved: Framework, doc: Document) -> Iterator[Problem]:
    sections = own.sections
    yield from _once(
        ((s.id, ("sections", i, "id")) for i, s in enumerate(sections)), "section id", doc
    )
    yield from _once(
        (
            (crit.id, ("sections", i, "criteria", j, "id"))
            for i, section in enumerate(sections)
            for j, crit in enumerate(section.criteria)
        ),
        "criterion id",
        doc,
    )
    for i, section in enumerate(sections):
        for j, crit in enumerate(section.criteria):
            at: Loc = ("sections", i, "criteria", j)
            questions = enumerate(crit.key_questions)
            yield from _once(
                ((kq.id, (*at, "key_questions", k, "id")) for k, kq in questions),
                "key question id",
                doc,
            )
            yield from _criterion(crit, at, section.aggregate is not None, resolved, doc)


def _criterion(
    crit: Criterion, at: Loc, weighted: bool, resolved: Framework, doc: Document
) -> Iterator[Problem]:
    scale = resolved.scales.get(crit.scale) if crit.scale else None
    if crit.scale is not None and scale is None:
        yield doc.problem((*at, "scale"), unknown("scale", crit.scale, resolved.scales))
    counts = crit.in_overall and scale is not None and scale.kind == "percent"
    if crit.weight is not None and crit.weight not in resolved.weights:
        yield doc.problem((*at, "weight"), unknown("weight class", crit.weight, resolved.weights))
    elif crit.weight is None and weighted and counts:
        yield doc.problem(
            (*at, "weight"),
            "missing weight class for a criterion in a weighted mean "
            f"(expected one of {', '.join(resolved.weights)}, got nothing)",
        )
    rule = RATING_RULES.get(crit.rating_rule)
    if rule is not None and rule.banded and resolved.banding is None:
        yield doc.problem(
            (*at, "rating_rule"),
            f"rating rule {crit.rating_rule!r} needs the framework's banding of key-question "
            "percentages (expected a banding, got nothing)",
        )


def _banding(
    banding: Banding | None, at: Loc, resolved: Framework, doc: Document
) -> Iterator[Problem]:
    if banding is None:
        return
    ordinal = [k for k, scale in resolved.scales.items() if scale.kind == "ordinal"]
    if banding.scale not in resolved.scales:
        yield doc.problem((*at, "scale"), unknown("scale", banding.scale, ordinal))
        return
    if banding.scale not in ordinal:
        yield doc.problem(
            (*at, "scale"),
            f"scale {banding.scale!r} has no labels to band into "
            + expected(banding.scale, ordinal, hint=False),
        )
        return
    labels = _labels(resolved, banding.scale)
    for i, band in enumerate(banding.bands):
        if band.label not in labels:
            what = f"label of scale {banding.scale!r}"
            yield doc.problem((*at, "bands", i, "label"), unknown(what, band.label, labels))


def _labels(fw: Framework, scale_id: str | None) -> list[str]:
    scale = fw.scales.get(scale_id or "")
    return [lvl.label for lvl in scale.levels] if scale else []


def _overall(own: Framework, resolved: Framework, doc: Document) -> Iterator[Problem]:
    overall = own.overall
    if overall is None:
        return
    weights = enumerate(overall.weights)
    yield from _once(
        ((w.section, ("overall", "weights", i, "section")) for i, w in weights),
        "weighted section",
        doc,
    )
    scored = [s.id for s in resolved.sections if s.aggregate]
    for i, weight in enumerate(overall.weights):
        if weight.section not in scored:
            yield doc.problem(
                ("overall", "weights", i, "section"),
                unknown("scored section", weight.section, scored),
            )
    criteria = [c.id for s in resolved.sections for c in s.criteria]
    for i, crit_id in enumerate(overall.excluded):
        if crit_id not in criteria:
            yield doc.problem(("overall", "excluded", i), unknown("criterion", crit_id, criteria))
    yield from _banding(overall.banding, ("overall", "banding"), resolved, doc)


def _rules(own: Framework, resolved: Framework, doc: Document) -> Iterator[Problem]:
    rules = own.decision_rules
    yield from _once(
        ((r.id, ("decision_rules", i, "id")) for i, r in enumerate(rules)), "rule id", doc
    )
    # A rule caps and tests labels, so it can only name criteria rated on an ordinal scale.
    rated = {
        c.id: c
        for s in resolved.sections
        for c in s.criteria
        if c.scale in resolved.scales and resolved.scales[c.scale].kind == "ordinal"
    }
    for i, rule in enumerate(rules):
        at: Loc = ("decision_rules", i)
        capped = rated.get(rule.criterion)
        if capped is None:
            yield doc.problem((*at, "criterion"), _unrated(rule.criterion, rated, resolved))
        elif rule.cap not in (labels := _labels(resolved, capped.scale)):
            what = f"label of scale {capped.scale!r}"
            yield doc.problem((*at, "cap"), unknown(what, rule.cap, labels))
        scales: list[str] = []
        for j, crit_id in enumerate(rule.when_criteria):
            tested = rated.get(crit_id)
            if tested is None:
                yield doc.problem((*at, "when_criteria", j), _unrated(crit_id, rated, resolved))
            elif tested.scale not in scales:
                scales.append(tested.scale or "")
        if not scales:
            continue
        labels = [label for s in scales for label in _labels(resolved, s)]
        what = f"label of scale {scales[0]!r}" if len(scales) == 1 else "label of the tested scales"
        for j, label in enumerate(rule.when_labels):
            if label not in labels:
                yield doc.problem((*at, "when_labels", j), unknown(what, label, labels))


def _unrated(crit_id: str, rated: Mapping[str, Criterion], resolved: Framework) -> str:
    if resolved.criterion(crit_id) is None:
        return unknown("rated criterion", crit_id, rated)
    return f"criterion {crit_id!r} has no rating to test or cap " + expected(
        crit_id, rated, hint=False
    )


def _sections_named(own: Framework, resolved: Framework, doc: Document) -> Iterator[Problem]:
    """A theme's ratings and a follow-up's rescored sections."""
    sections = [s.id for s in resolved.sections]
    ratings = enumerate(own.ratings)
    yield from _once(
        ((r.section, ("ratings", i, "section")) for i, r in ratings), "rated section", doc
    )
    for i, rating in enumerate(own.ratings):
        section = resolved.section(rating.section)
        if section is None:
            yield doc.problem(
                ("ratings", i, "section"), unknown("section", rating.section, sections)
            )
        elif section.aggregate is not None and rating.not_computed is not None:
            yield doc.problem(
                ("ratings", i, "not_computed"),
                f"section {section.id} computes this rating with its aggregate (expected no "
                "not_computed reason, got one)",
            )
        elif section.aggregate is None and rating.not_computed is None:
            yield doc.problem(
                ("ratings", i),
                f"section {section.id} has no aggregate to compute this rating (expected an "
                "aggregate, or a not_computed reason saying why the rating is not computed)",
            )
    for i, section_id in enumerate(own.rescored):
        if section_id not in sections:
            yield doc.problem(("rescored", i), unknown("section", section_id, sections))
