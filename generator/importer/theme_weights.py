"""The weights of a drafted theme: as the report prints them, or the main framework's.

ESI reports rarely print the thematic criteria's weights. The main framework's
weight classes for the same criterion ids are kept only if they reproduce
every published quality rating, within the rounding the score stage allows;
otherwise no weights are stated, and the draft says why, for the ratings to be
shown as published and "not computed". The aggregate method is the main
framework's own, looked up in the score stage's rule table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.importer.text import Block, plain
from generator.model.framework import Framework, Section
from generator.model.report import CriterionResult
from generator.stages.rules import AGGREGATES, lookup
from generator.stages.wording import fmt, round_half_up


@dataclass
class DraftCriterion:
    """A thematic criterion as the report prints it."""

    id: str
    title: str
    column: str | None = None
    description: str | None = None
    score: str | None = None
    scale: str | None = None


@dataclass
class DraftSection:
    """A thematic section as the report prints it."""

    id: str
    heading: str
    """The printed heading after 'Section X'; empty where the heading was lost."""

    criteria: list[DraftCriterion] = field(default_factory=list)
    title: str = ""


@dataclass
class Weighing:
    """The weight classes a draft states, and how they were established."""

    classes: dict[str, str]
    """Weight classes kept, by criterion id; empty when none are established."""

    note: str
    """How the weights were established, or why they were not."""


_UNPRINTED = "the report does not print the weights of the thematic criteria"


def printed_weights(blocks: list[Block], base: Framework) -> dict[str, str]:
    """Weight classes the element prints in a table ('B1<tab>Title<tab>Critical'), by id."""
    classes = {label.casefold(): k for k, label in base.weight_labels.items()}
    found: dict[str, str] = {}
    for block in blocks:
        cells = [plain(c) for c in block.cells if c.strip()]
        weight = classes.get(cells[-1].casefold()) if len(cells) >= 2 else None
        if block.kind == "row" and weight and re.fullmatch(r"[A-Z]\d{1,2}", cells[0]):
            found[cells[0]] = weight
    return found


def weigh(
    sections: list[DraftSection],
    rated: Mapping[str, tuple[str, float]],
    base: Framework,
    printed: Mapping[str, str],
    method: str | None,
) -> Weighing:
    """The weights the report prints; else the main framework's weight classes for the same
    criterion ids, kept only if they reproduce every published quality rating."""
    if not rated:
        return Weighing({}, "the report publishes no quality ratings to weigh")
    scored = [
        c
        for s in sections
        if s.id in rated
        for c in s.criteria
        if c.scale and base.scales[c.scale].kind == "percent"
    ]
    if scored and all(c.id in printed for c in scored):
        listed = ", ".join(f"{c.id} {base.weight_labels.get(printed[c.id])}" for c in scored)
        return Weighing(
            {c.id: printed[c.id] for c in scored},
            f"the report prints the weights of the thematic criteria ({listed})",
        )
    if method is None:
        return Weighing({}, f"the main framework {base.id} computes no section score")
    known = {c.id: k.weight for c in scored if (k := base.criterion(c.id)) and k.weight}
    if unknown := [c.id for c in scored if c.id not in known]:
        why = f"the main framework {base.id} has no weight class for {', '.join(unknown)}"
        return Weighing({}, f"{_UNPRINTED}, and {why}")
    trial = Framework.model_validate(
        {
            "id": base.id,
            "kind": "theme",
            "title": base.title,
            "sections": [
                section_data(s, known, rated.get(s.id, ("", 0.0))[0], method) for s in sections
            ],
        }
    ).model_copy(update={"scales": base.scales, "weights": base.weights})
    combine = lookup(AGGREGATES, method, "aggregate", f"framework {base.id}")
    results = {c.id: CriterionResult.model_validate({"id": c.id, "score": c.score}) for c in scored}
    found: list[str] = []
    misses: list[str] = []
    for section_id, (name, stated) in rated.items():
        mean = combine(trial, _find(trial, section_id), results)
        if mean.value is not None and round_half_up(mean.value) == round_half_up(stated):
            found.append(f"{name} {fmt(mean.value)}")
        else:
            got = "nothing" if mean.value is None else fmt(mean.value)
            misses.append(f"{name}: computed {got}, published {fmt(stated)}")
    main = f"the main framework {base.id}'s weight classes for the same criterion ids"
    if misses:
        why = f"{main} do not reproduce every published quality rating ({'; '.join(misses)})"
        return Weighing({}, f"{_UNPRINTED}, and {why}")
    why = f"{main} reproduce every published quality rating ({', '.join(found)}), so they are kept"
    return Weighing(known, f"{_UNPRINTED}; {why}")


def _find(fw: Framework, section_id: str) -> Section:
    section = fw.section(section_id)
    assert section is not None
    return section


def section_data(
    section: DraftSection, classes: Mapping[str, str], rating: str, method: str | None
) -> dict[str, Any]:
    data: dict[str, Any] = {"id": section.id, "title": section.title}
    if rating and classes and method:
        data["aggregate"] = {"method": method, "name": rating}
    data["criteria"] = [
        {
            "id": c.id,
            "title": c.title,
            **({"scale": c.scale} if c.scale else {}),
            **({"weight": classes[c.id]} if c.id in classes else {}),
            **({"description": c.description} if c.description else {}),
        }
        for c in section.criteria
    ]
    return data
