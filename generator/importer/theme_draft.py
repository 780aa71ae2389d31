"""A theme the project has no file for, drafted from the report that prints it.

An ESI thematic element prints its own sections and criteria (ids, titles,
descriptions, a score under a column heading naming the kind of score) and the
quality ratings computed from them. When no theme in ``data/frameworks/themes``
matches, they are read here into a draft theme framework, so that the element
is imported as data against it, not as a plain chapter. Every word of the draft
comes from the report or from the main framework; none is written here.

Which weights the draft states, and why, is :mod:`generator.importer.theme_weights`.
The draft is written beside the report with a review note (:func:`draft_text`),
for a reviewer to check and move into ``data/frameworks/themes``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.importer.chapters import Chapter, split_subheadings
from generator.importer.common import PERCENT, Sink, parse_score, similarity, slugify
from generator.importer.esi_criteria import label_of
from generator.importer.text import Block, is_heading_text, plain, strip_emphasis
from generator.importer.theme_weights import (
    DraftCriterion,
    DraftSection,
    printed_weights,
    section_data,
    weigh,
)
from generator.importer.write import dump
from generator.model.framework import Framework
from generator.model.problems import Problem
from generator.stages.frameworks import check_framework
from generator.stages.load import parse_text
from generator.stages.validate import resolve_base, to_model

_SECTION = re.compile(r"^section\s+([A-Z])\b[\s:.–-]*(.*)$", re.IGNORECASE)
_CRITERION = re.compile(r"^([A-Z])(\d{1,2})\s*[:.]?\s+(.+?)[\s:]*$")
_NAMED = re.compile(r"^([^:.]{3,60}):\s+\S")
_MAX_TITLE_WORDS = 16
_MAX_COLUMN_WORDS = 3


@dataclass
class DraftedTheme:
    """A theme framework drafted from one report, for a reviewer to check and file."""

    data: dict[str, Any]
    """The framework as plain data, in the order of a theme file."""

    framework: Framework
    """The framework as the build resolves it, completed by its base methodology."""

    @property
    def id(self) -> str:
        return str(self.data["id"])


def _cased(text: str) -> str:
    """Text printed in capitals, in sentence case; other text as printed."""
    return text[:1] + text[1:].lower() if text.isupper() else text


def _heading(block: Block, base: Framework) -> DraftCriterion | None:
    """A criterion heading ('B1: Case planning:<tab>Score'), with any score printed on it."""
    if block.kind == "row":
        cells = [plain(c) for c in block.cells if c.strip()]
    elif block.kind in ("para", "heading") and "\n" not in block.text:
        cells = [plain(block.text)]
    else:
        return None
    match = _CRITERION.match(cells[0]) if cells else None
    if match is None or len(match.group(3).split()) > _MAX_TITLE_WORDS:
        return None
    crit = DraftCriterion(match.group(1) + match.group(2), _cased(match.group(3).strip(" :")))
    for cell in cells[1:]:
        if score := parse_score(cell, base):
            crit.score = score
        elif len(cell.split()) <= _MAX_COLUMN_WORDS:
            crit.column = _cased(cell.strip(" :"))
    return crit


def _italic(text: str) -> bool:
    return text.strip().startswith("*") and plain(text) != text.strip()


def _fill(crit: DraftCriterion, block: Block, base: Framework, described: bool) -> bool:
    """Take the description or score a block after a criterion heading holds; False if none."""
    cells = [c for c in block.cells if c.strip()] if block.kind == "row" else [block.text]
    if not cells:
        return False
    if len(cells) == 1 and (score := parse_score(cells[0], base)):
        crit.score = crit.score or score
        return True
    if block.kind not in ("para", "row") or not (described or _italic(cells[0])):
        return False
    crit.description = strip_emphasis(cells[0].replace("\n", " "))
    if len(cells) > 1 and (score := parse_score(cells[-1], base)):
        crit.score = crit.score or score
    return True


def _read_sections(blocks: list[Block], base: Framework) -> list[DraftSection]:
    """The thematic sections and their criteria, as printed; a heading the conversion
    repeated opens nothing new."""
    sections: dict[str, DraftSection] = {}
    current: DraftSection | None = None
    crit: DraftCriterion | None = None
    described = False
    for block in blocks:
        match = _SECTION.match(plain(block.text))
        if match and is_heading_text(block):
            letter, heading = match.group(1).upper(), match.group(2).strip()
            current = sections.setdefault(letter, DraftSection(letter, heading))
            current.heading = current.heading or heading
            crit = None
            continue
        head = _heading(block, base)
        if head is not None:
            known = any(c.id == head.id for s in sections.values() for c in s.criteria)
            if current is None or current.id != head.id[0]:
                # A criterion of another section before its heading: the heading was lost.
                current = sections.setdefault(head.id[0], DraftSection(head.id[0], ""))
            if not known:
                current.criteria.append(head)
            crit, described = (None if known else head), False
            continue
        label = label_of(block)
        if crit is not None and label is not None and label[0] == "description":
            described = True
            if label[1]:
                crit.description = label[1]
            continue
        if crit is not None and crit.description is None and _fill(crit, block, base, described):
            continue
        crit = None  # the findings start: later blocks are not the criterion's own fields
    return list(sections.values())


def _ratings(blocks: list[Block], base: Framework) -> tuple[list[tuple[str, float]], list[str]]:
    """The published quality ratings: named percentages, and names of ratings in words."""
    figures: list[tuple[str, float]] = []
    named: list[str] = []
    _, subs = split_subheadings(blocks)
    for heading, body in subs:
        if "rating" not in plain(heading.text).lower():
            continue
        for block in body:
            cells = [c for c in block.cells if c.strip()]
            if block.kind == "row" and len(cells) == 2 and (m := PERCENT.match(plain(cells[1]))):
                figures.append((strip_emphasis(cells[0]), float(m.group(1))))
            elif block.kind == "para" and (m := _NAMED.match(plain(block.text))):
                named.append(m.group(1).strip())
    return figures, named


def _title_sections(sections: list[DraftSection], names: list[str], sink: Sink) -> None:
    """Each section's title: the rating that names it, else its printed heading."""
    unused = list(names)
    for section in sections:
        match = next((n for n in unused if similarity(n, section.heading) > 0.9), None)
        if match is not None:
            unused.remove(match)
            section.title = match
        elif section.heading:
            section.title = _cased(section.heading)
    for section in sections:
        if not section.title and unused:
            # A lost heading: the ratings name the sections in order.
            section.title = unused.pop(0)
            sink.notes.append(
                f"drafted theme, section {section.id}: heading missing in the source; titled "
                f"{section.title!r} after the quality rating that comes in its place"
            )
        elif not section.title:
            section.title = section.id
            sink.notes.append(
                f"drafted theme, section {section.id}: no title in the source; "
                "the reviewer must give it one"
            )


def _scales(sections: list[DraftSection], base: Framework, sink: Sink) -> dict[str, str]:
    """Each criterion's scale from its score, and the column heading printed for each scale."""
    percent = next((k for k, s in base.scales.items() if s.kind == "percent"), None)
    columns: dict[str, str] = {}
    for crit in (c for s in sections for c in s.criteria):
        if crit.score and PERCENT.match(crit.score):
            crit.scale = percent
        elif crit.score:
            crit.scale = next(
                (k for k, s in base.scales.items() if crit.score in [lv.label for lv in s.levels]),
                None,
            )
        if crit.scale and crit.column:
            columns.setdefault(crit.scale, crit.column)
    by_column = {heading.casefold(): scale for scale, heading in columns.items()}
    for crit in (c for s in sections for c in s.criteria):
        if crit.scale is None and crit.column:
            crit.scale = by_column.get(crit.column.casefold())
        if crit.scale is None:
            sink.notes.append(
                f"drafted theme, criterion {crit.id}: no score in the source, so no scale; "
                "the reviewer must give it one if it is scored"
            )
    return columns


def _theme_id(short: str, year: object, frameworks: Mapping[str, Framework]) -> str:
    wanted = "-".join(p for p in (slugify(short), str(year or "")) if p) or "theme"
    candidate, n = wanted, 2
    while candidate in frameworks:
        candidate, n = f"{wanted}-{n}", n + 1
    return candidate


def draft_theme(
    chapter: Chapter,
    base: Framework,
    frameworks: Mapping[str, Framework],
    meta: Mapping[str, Any],
    sink: Sink,
) -> DraftedTheme | None:
    """A theme framework read from a thematic element no theme file matches; None if the
    element prints no criteria to draft it from."""
    if not chapter.title:
        return None
    printed, _, rest = chapter.title.partition(":")
    title = f"{_cased(printed.strip())}: {_cased(rest.strip())}" if rest else _cased(printed)
    short = _cased(rest.strip()) if rest else title
    firsts = [
        i
        for i, b in enumerate(chapter.blocks)
        if _SECTION.match(plain(b.text)) and is_heading_text(b)
    ]
    lead = chapter.blocks[: firsts[0]] if firsts else chapter.blocks
    sections = _read_sections(chapter.blocks[len(lead) :], base)
    if not any(s.criteria for s in sections):
        return None
    figures, named = _ratings(lead, base)
    _title_sections(sections, [*named, *(name for name, _ in figures)], sink)
    columns = _scales(sections, base, sink)
    rated: dict[str, tuple[str, float]] = {}
    for name, value in figures:
        section = max(sections, key=lambda s: similarity(s.title, name))
        if similarity(section.title, name) > 0.9 and section.id not in rated:
            rated[section.id] = (name, value)
    # A theme's ratings are computed as its base computes its section scores.
    method = next((s.aggregate.method for s in base.sections if s.aggregate), None)
    weighing = weigh(sections, rated, base, printed_weights(chapter.blocks, base), method)
    theme_id = _theme_id(short, meta.get("year"), frameworks)
    document = ", ".join(str(p) for p in (meta.get("title"), meta.get("year")) if p)
    note = f"Drafted by reports import from this one report: {weighing.note}."
    data: dict[str, Any] = {
        "id": theme_id,
        "kind": "theme",
        "base": base.id,
        "title": title,
        "short_title": short,
        "sources": [{"document": document, "location": title, "note": note}],
        "requires": {
            "sections": [s.id for s in sections if s.criteria],
            "source": {"document": document, "location": title},
        },
        "score_columns": columns,
        "ratings": [
            {
                "section": sid,
                "name": name,
                **({} if weighing.classes else {"not_computed": weighing.note}),
            }
            for sid, (name, _) in rated.items()
        ],
        "sections": [
            section_data(s, weighing.classes, rated.get(s.id, ("", 0.0))[0], method)
            for s in sections
        ],
    }
    if not data["score_columns"]:
        del data["score_columns"]
    own = Framework.model_validate(data)
    sink.notes.append(
        f"unknown theme {chapter.title!r}: drafted theme {theme_id!r} from the report "
        f"({len(sections)} sections, {sum(len(s.criteria) for s in sections)} criteria, "
        f"{len(rated)} quality ratings); {weighing.note}"
    )
    return DraftedTheme(data, resolve_base(own, dict(frameworks)))


DRAFT_SUFFIX = ".theme.yaml.draft"
"""Beside the report, never with a .yaml suffix: the reports folder holds reports only."""


def draft_path(target: Path) -> Path:
    """Where a drafted theme is written: beside the report imported with it."""
    return target.with_name(target.name.rsplit(".", 1)[0] + DRAFT_SUFFIX)


def draft_text(drafted: DraftedTheme, source: str, destination: Path) -> str:
    """The drafted theme as a framework file, headed by the note its reviewer must read."""
    # A file name may hold a line break: in a comment it would start a line of YAML.
    source, where = (re.sub(r"[\x00-\x1f\x7f]", "?", str(p)) for p in (source, destination))
    note = [
        f"DRAFT theme framework, drafted by `reports import` from {source}.",
        "Nobody has reviewed it yet. Check every section, criterion id, title, description,",
        "scale and weight against the report's thematic element, and read the note under",
        f"`sources`; then move this file to {where}.",
        "Until it is there, the report imported with it does not build.",
    ]
    return "".join(f"# {line}\n" for line in note) + dump(drafted.data)


def check_draft(
    text: str, name: str, frameworks: Mapping[str, Framework]
) -> tuple[Framework | None, list[Problem]]:
    """The drafted theme read back exactly as the build will read its file, and its problems."""
    doc, problems = parse_text(text, name)
    own, schema = to_model(doc, Framework) if not problems else (None, [])
    if own is None:
        return None, [*problems, *schema]
    resolved = resolve_base(own, dict(frameworks))
    known = {**frameworks, own.id: own}
    return resolved, check_framework(own, resolved, doc, known)
