"""The parts of a PDU report's body: chapters, annexes, domains with their standards, and the role."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.importer.pdu_blocks import Block, norm, slugify, unbold
from generator.importer.pdu_content import (
    Built,
    build,
    criterion,
    recommendation_part,
    recommendation_units,
    standard_heading,
)
from generator.importer.pdu_front import publication_meta
from generator.model.framework import Framework

ANNEXE = re.compile(r"^annexe?\s+(\w+)\b", re.IGNORECASE)
DOMAIN = re.compile(r"^(\d+)\.?\s+(\D.*)$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")


@dataclass
class State:
    """What the parse has gathered so far, and what it could not place."""

    fw: Framework
    labels: list[str]
    data: dict[str, Any] = field(default_factory=dict)
    unplaced: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    def take(self, built: Built) -> None:
        self.notes += built.notes

    def unique(self, wanted: str) -> str:
        candidate, n = wanted, 2
        while candidate in self.ids:
            candidate, n = f"{wanted}-{n}", n + 1
        self.ids.add(candidate)
        return candidate


def chapter_part(state: State, title: str, blocks: list[Block], kind: str) -> dict[str, Any]:
    """A chapter or annexe; a progress annexe gets a sub-part per earlier recommendation."""
    annexe = ANNEXE.match(title) if kind == "annexe" else None
    part_id = state.unique(f"annexe-{slugify(annexe.group(1))}" if annexe else slugify(title))
    part: dict[str, Any] = {"id": part_id, "title": title, "kind": kind}
    intro, units = recommendation_units(blocks) if kind == "annexe" else (blocks, [])
    built = build(intro, notes_after_tables=kind == "annexe")
    state.take(built)
    part.update(built.fields(part_id))
    subparts = []
    for n, unit in enumerate(units, 1):
        sub, sub_built = recommendation_part(unit, state.unique(f"{part_id}-{n}"))
        state.take(sub_built)
        subparts.append(sub)
    if subparts:
        part["parts"] = subparts
    return part


def domain_part(
    state: State, title: str, blocks: list[Block], rated: dict[str, str]
) -> dict[str, Any]:
    """A domain: its summary, strengths and areas for improvement, then its standards."""
    match = DOMAIN.match(title)
    section = state.fw.section(match.group(1)) if match else None
    if match is None or section is None:
        return chapter_part(state, title, blocks, "chapter")
    criteria = [c for s in state.fw.sections for c in s.criteria]
    starts = [(i, c) for i, b in enumerate(blocks) if (c := standard_heading(b, criteria))]
    part_id = state.unique(f"domain-{slugify(section.id)}")
    part: dict[str, Any] = {"id": part_id, "title": match.group(2).strip(), "kind": "section"}
    part["section"] = section.id
    intro = build(blocks[: starts[0][0]] if starts else blocks)
    state.take(intro)
    part.update(intro.fields(part_id))
    results = []
    for k, (start, crit) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(blocks)
        heading = _NUMBER.sub("", unbold(blocks[start].text))
        data, built = criterion(crit, heading, blocks[start + 1 : end], state.labels)
        state.take(built)
        reconcile(state, crit.id, data, rated)
        if crit.scale is None and "score" in data:
            state.unplaced.append(
                f"{crit.id}: rating {data.pop('score')!r} for a standard that is not rated"
            )
        results.append(data)
    if results:
        part["criteria"] = results
    return part


def reconcile(state: State, crit_id: str, data: dict[str, Any], rated: dict[str, str]) -> None:
    """Check a standard's rating against the ratings page, and fill it from there if missing."""
    page = rated.pop(crit_id, None)
    if page is None:
        return
    if "score" not in data:
        data["score"] = page
        state.notes.append(f"{crit_id}: rating taken from the ratings page")
    elif norm(data["score"]) != norm(page):
        state.notes.append(
            f"{crit_id}: the standard is rated {data['score']!r} but the ratings page says {page!r}"
        )


def role_part(
    state: State, title: str, blocks: list[Block]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The inspectorate's role, with the copyright and publication details as a sub-part."""
    split = next(
        (
            i
            for i, b in enumerate(blocks)
            if b.text.startswith("©") or "crown copyright" in b.text.casefold()
        ),
        len(blocks),
    )
    part_id = state.unique("role")
    part: dict[str, Any] = {"id": part_id, "title": title, "kind": "chapter"}
    built = build(blocks[:split])
    state.take(built)
    part.update(built.fields(part_id))
    facts = publication_meta(blocks)
    if split < len(blocks):
        sub_id = state.unique("publication")
        sub_built = build(blocks[split + 1 :])
        state.take(sub_built)
        sub: dict[str, Any] = {"id": sub_id, "title": unbold(blocks[split].text)}
        sub.update(sub_built.fields(sub_id))
        part["parts"] = [sub]
    return part, facts
