"""A theme the project has no file for, drafted from the report that prints it.

An ESI thematic element prints its own sections and criteria (ids, titles,
descriptions, a score under a column heading naming the kind of score) and the
quality ratings computed from them. When no theme in ``data/frameworks/themes``
matches, they are read here into a draft theme framework, so that the element
is imported as data against it, not as a plain chapter. Every word of the draft
comes from the report or from the main framework; none is written here.

The report rarely prints the thematic criteria's weights. The draft then tries
the main framework's weight classes for the same criterion ids and keeps them
only if they reproduce every published quality rating; otherwise each rating
is kept as the published figure, with the reason it is not computed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.importer.chapters import Chapter, split_subheadings
from generator.importer.common import PERCENT, Sink, parse_score, similarity, slugify
from generator.importer.esi_criteria import label_of
from generator.importer.text import Block, is_heading_text, plain, strip_emphasis
from generator.importer.write import dump
from generator.model.framework import Framework, Section
from generator.model.problems import Problem
from generator.model.report import CriterionResult
from generator.stages.frameworks import check_framework
from generator.stages.load import parse_text
from generator.stages.rules import AGGREGATES, lookup
from generator.stages.validate import resolve_base, to_model
from generator.stages.wording import fmt, round_half_up

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


@dataclass
class _Criterion:
    id: str
    title: str
    column: str | None = None
    description: str | None = None
    score: str | None = None
    scale: str | None = None


@dataclass
class _Section:
    id: str
    heading: str
    """The printed heading after 'Section X'; empty where the heading was lost."""

    criteria: list[_Criterion] = field(default_factory=list)
    title: str = ""


def _cased(text: str) -> str:
    """Text printed in capitals, in sentence case; other text as printed."""
    return text[:1] + text[1:].lower() if text.isupper() else text


def _heading(block: Block, base: Framework) -> _Criterion | None:
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
    crit = _Criterion(match.group(1) + match.group(2), _cased(match.group(3).strip(" :")))
    for cell in cells[1:]:
        if score := parse_score(cell, base):
            crit.score = score
        elif len(cell.split()) <= _MAX_COLUMN_WORDS:
            crit.column = _cased(cell.strip(" :"))
    return crit


def _italic(text: str) -> bool:
    return text.strip().startswith("*") and plain(text) != text.strip()


def _fill(crit: _Criterion, block: Block, base: Framework, described: bool) -> bool:
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


def _read_sections(blocks: list[Block], base: Framework) -> list[_Section]:
    """The thematic sections and their criteria, as printed; a heading the conversion
    repeated opens nothing new."""
    sections: dict[str, _Section] = {}
    current: _Section | None = None
    crit: _Criterion | None = None
    described = False
    for block in blocks:
        match = _SECTION.match(plain(block.text))
        if match and is_heading_text(block):
            letter, heading = match.group(1).upper(), match.group(2).strip()
            current = sections.setdefault(letter, _Section(letter, heading))
            current.heading = current.heading or heading
            crit = None
            continue
        head = _heading(block, base)
        if head is not None:
            known = any(c.id == head.id for s in sections.values() for c in s.criteria)
            if current is None or current.id != head.id[0]:
                # A criterion of another section before its heading: the heading was lost.
                current = sections.setdefault(head.id[0], _Section(head.id[0], ""))
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


def _title_sections(sections: list[_Section], names: list[str], sink: Sink) -> None:
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


def _scales(sections: list[_Section], base: Framework, sink: Sink) -> dict[str, str]:
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


@dataclass
class _Weighing:
    classes: dict[str, str]
    """Weight classes kept, by criterion id; empty when none are established."""

    note: str
    """How the weights were established, or why they were not."""


_UNPRINTED = "the report does not print the weights of the thematic criteria"


def _printed_weights(blocks: list[Block], base: Framework) -> dict[str, str]:
    """Weight classes the element prints in a table ('B1<tab>Title<tab>Critical'), by id."""
    classes = {label.casefold(): k for k, label in base.weight_labels.items()}
    found: dict[str, str] = {}
    for block in blocks:
        cells = [plain(c) for c in block.cells if c.strip()]
        weight = classes.get(cells[-1].casefold()) if len(cells) >= 2 else None
        if block.kind == "row" and weight and re.fullmatch(r"[A-Z]\d{1,2}", cells[0]):
            found[cells[0]] = weight
    return found


def _weigh(
    sections: list[_Section],
    rated: Mapping[str, tuple[str, float]],
    base: Framework,
    printed: Mapping[str, str],
    method: str | None,
) -> _Weighing:
    """The weights the report prints; else the main framework's weight classes for the same
    criterion ids, kept only if they reproduce every published quality rating."""
    if not rated:
        return _Weighing({}, "the report publishes no quality ratings to weigh")
    scored = [
        c
        for s in sections
        if s.id in rated
        for c in s.criteria
        if c.scale and base.scales[c.scale].kind == "percent"
    ]
    if scored and all(c.id in printed for c in scored):
        listed = ", ".join(f"{c.id} {base.weight_labels.get(printed[c.id])}" for c in scored)
        return _Weighing(
            {c.id: printed[c.id] for c in scored},
            f"the report prints the weights of the thematic criteria ({listed})",
        )
    if method is None:
        return _Weighing({}, f"the main framework {base.id} computes no section score")
    known = {c.id: k.weight for c in scored if (k := base.criterion(c.id)) and k.weight}
    if unknown := [c.id for c in scored if c.id not in known]:
        why = f"the main framework {base.id} has no weight class for {', '.join(unknown)}"
        return _Weighing({}, f"{_UNPRINTED}, and {why}")
    trial = Framework.model_validate(
        {
            "id": base.id,
            "kind": "theme",
            "title": base.title,
            "sections": [
                _section_data(s, known, rated.get(s.id, ("", 0.0))[0], method) for s in sections
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
        return _Weighing({}, f"{_UNPRINTED}, and {why}")
    why = f"{main} reproduce every published quality rating ({', '.join(found)}), so they are kept"
    return _Weighing(known, f"{_UNPRINTED}; {why}")


def _find(fw: Framework, section_id: str) -> Section:
    section = fw.section(section_id)
    assert section is not None
    return section


def _section_data(
    section: _Section, classes: Mapping[str, str], rating: str, method: str | None
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
    weighing = _weigh(sections, rated, base, _printed_weights(chapter.blocks, base), method)
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
            _section_data(s, weighing.classes, rated.get(s.id, ("", 0.0))[0], method)
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
    note = [
        f"DRAFT theme framework, drafted by `reports import` from {source}.",
        "Nobody has reviewed it yet. Check every section, criterion id, title, description,",
        "scale and weight against the report's thematic element, and read the note under",
        f"`sources`; then move this file to {destination}.",
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
