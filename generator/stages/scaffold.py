"""``reports new``: the skeleton of a new report, complete for its framework.

Every part the framework requires, every section with every criterion or
standard and, where a rating is read from key questions, every key question,
in the framework's order; each key with a short comment taken from the
schema's own field docs. What only the author knows is a placeholder,
``"FILL IN: …"``, which validation reports, with its place, as unfinished
(:func:`unfinished`), so a half-written report can never be published. The
report starts as ``status: draft``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel

from generator.model.framework import Criterion, Framework, Section
from generator.model.problems import Document, Loc, Problem
from generator.model.report import (
    CriterionResult,
    Foreword,
    KeyFinding,
    KeyQuestionResult,
    KeyQuestions,
    Meta,
    Part,
    Recommendation,
    RecommendationGroup,
    Report,
    Stated,
    Thematic,
    ThemeFigure,
)
from generator.model.urls import slugify
from generator.stages.rules import RATING_RULES

PLACEHOLDER = "FILL IN"
"""How every placeholder of a new report begins."""

_PLACEHOLDER = re.compile(rf"^{PLACEHOLDER}\b:?\s*(.*)$", re.DOTALL)


def _placeholders(node: Any, loc: Loc, found: list[tuple[Loc, str]]) -> None:
    # Every scalar of every report is looked at: a key path is made only for
    # containers and placeholders, and a string is matched only if it can be one.
    if isinstance(node, dict):
        items: Any = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return
    for key, value in items:
        if isinstance(value, str):
            if value.startswith(PLACEHOLDER) and (match := _PLACEHOLDER.match(value)):
                found.append(((*loc, key), match.group(1).strip()))
        elif isinstance(value, (dict, list)):
            _placeholders(value, (*loc, key), found)


def unfinished(doc: Document) -> list[Problem]:
    """Every placeholder left in a loaded report, placed, with what belongs there."""
    found: list[tuple[Loc, str]] = []
    if isinstance(doc.data, str):
        if match := _PLACEHOLDER.match(doc.data):
            found.append(((), match.group(1).strip()))
    else:
        _placeholders(doc.data, (), found)
    return [
        doc.problem(
            loc,
            f"unfinished: {what or 'fill this in'} (expected the report's own value, "
            f"got the placeholder `reports new` wrote)",
        )
        for loc, what in found
    ]


def covered(problem: Problem, placeholders: list[Problem]) -> bool:
    """Whether a problem is only that of a placeholder: at its place, or inside it."""
    return any(
        problem.path == p.path or problem.path.startswith(f"{p.path}.") for p in placeholders
    )


def slug_for(fw: Framework, area: str, year: int) -> str:
    """A new report's slug: area, year and report type (``northvale-pdu-2023-pdu``)."""
    kind = re.sub(r"-\d{4}$", "", (fw.report_type or fw.id).removesuffix("-full"))
    return "-".join(p for p in (slugify(area), str(year), kind) if p)


def _doc(model: type[BaseModel], field: str) -> str:
    """The first sentence of a field's docstring, for a comment beside it."""
    text = " ".join((model.model_fields[field].description or "").split())
    return re.split(r"(?<=[.;])\s", text, maxsplit=1)[0].rstrip(".;")


def _fill(what: str) -> str:
    return f"{PLACEHOLDER}: {what}"


class _Writer:
    """YAML written line by line, so that each key can carry its comment."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.told: set[tuple[str, str]] = set()
        """The fields already commented: each is explained once, where it first appears."""

    def comment(self, depth: int, text: str) -> None:
        if text:
            self.lines.append(f"{'  ' * depth}# {text}")

    def key(
        self,
        depth: int,
        model: type[BaseModel],
        name: str,
        value: object = None,
        *,
        item: bool = False,
        note: str = "",
    ) -> None:
        """``name: value`` (or the head of a block when ``value`` is None), documented once."""
        if (model.__name__, name) not in self.told or note:
            self.told.add((model.__name__, name))
            self.comment(depth, note or _doc(model, name))
        lead = f"{'  ' * (depth - 1)}- " if item else "  " * depth
        shown = "" if value is None else f" {json.dumps(value, ensure_ascii=False)}"
        self.lines.append(f"{lead}{name}:{shown}")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _labels(fw: Framework, scale_id: str | None) -> str:
    scale = fw.scales.get(scale_id or "")
    if scale is None:
        return ""
    if scale.kind == "percent":
        return "a percentage from 0 to 100"
    return "one of " + ", ".join(level.label for level in scale.levels)


def _key_questions(crit: Criterion) -> bool:
    rule = RATING_RULES.get(crit.rating_rule)
    return bool(crit.key_questions) and (rule is None or rule.banded or crit.scale is None)


def section_of(fw: Framework, criterion_id: str) -> str | None:
    """The id of the section holding a criterion."""
    return next((s.id for s in fw.sections if any(c.id == criterion_id for c in s.criteria)), None)


def _criterion(out: _Writer, fw: Framework, crit: Criterion, depth: int) -> None:
    out.comment(depth, f"{crit.id} {crit.title}")
    out.key(depth + 1, CriterionResult, "id", crit.id, item=True)
    if crit.scale:
        out.key(depth + 1, CriterionResult, "score", _fill(f"{_labels(fw, crit.scale)}"))
        if fw.kind == "follow-up" and section_of(fw, crit.id) in fw.rescored:
            words = f"the original inspection's score, {_labels(fw, crit.scale)}"
            out.key(depth + 1, CriterionResult, "previous_score", _fill(words))
    out.key(depth + 1, CriterionResult, "text", _fill(f"the findings for {crit.id}"))
    if _key_questions(crit):
        out.key(depth + 1, CriterionResult, "blocks")
        out.key(depth + 2, KeyQuestions, "type", "key-questions", item=True)
        out.key(
            depth + 2,
            KeyQuestions,
            "questions",
            note="Every key question's percentage for all cases, in the framework's order.",
        )
        for kq in crit.key_questions:
            out.key(depth + 3, KeyQuestionResult, "question", kq.text, item=True)
            out.key(depth + 3, KeyQuestionResult, "all", _fill("a percentage from 0 to 100"))


def _section(out: _Writer, fw: Framework, section: Section, depth: int, prefix: str) -> None:
    out.comment(depth, f"Section {section.id}: {section.title}")
    out.key(depth + 1, Part, "id", slugify(f"{prefix} section {section.id}"), item=True)
    out.key(depth + 1, Part, "title", section.title)
    out.key(depth + 1, Part, "kind", "section")
    out.key(depth + 1, Part, "section", section.id)
    out.key(depth + 1, Part, "criteria")
    for crit in section.criteria:
        _criterion(out, fw, crit, depth + 1)


def _parts(out: _Writer, fw: Framework, depth: int, prefix: str = "") -> None:
    for section in fw.sections:
        _section(out, fw, section, depth, prefix)


def _required_key(out: _Writer, key: str) -> None:
    """A report key every report of the framework carries, with its placeholders."""
    if key == "foreword":
        out.key(0, Report, key)
        out.key(1, Foreword, "body", _fill("the foreword's text"))
    elif key == "recommendations":
        out.key(0, Report, key)
        out.key(1, RecommendationGroup, "addressee", _fill("who must act"), item=True)
        out.key(1, RecommendationGroup, "items")
        out.key(2, Recommendation, "text", _fill("the first recommendation"), item=True)
    elif key == "key_findings":
        out.key(0, Report, key)
        out.key(1, KeyFinding, "text", _fill("a key finding"), item=True)
    elif key == "role":
        out.key(0, Report, key)
        out.key(1, Part, "id", "role")
        out.key(1, Part, "title", _fill("the heading of the Inspectorate's role"))
        out.key(1, Part, "text", _fill("the Inspectorate's role, as printed"))
    elif key != "thematic":
        out.key(0, Report, key, _fill(_doc(Report, key).lower()))


def _thematic(out: _Writer, theme: Framework) -> None:
    out.key(0, Report, "thematic")
    out.key(1, Thematic, "theme", theme.id)
    out.key(1, Thematic, "title", _fill("the thematic element's heading"))
    for key in theme.requires.keys if theme.requires else []:
        if key == "ratings":
            out.key(1, Thematic, "ratings")
            for rating in theme.ratings:
                out.key(2, ThemeFigure, "name", rating.name, item=True)
                out.key(2, ThemeFigure, "section", rating.section)
                out.key(2, ThemeFigure, "score", _fill("a percentage from 0 to 100"))
        elif key in Thematic.model_fields and key not in ("theme", "title", "parts"):
            out.key(1, Thematic, key, _fill(_doc(Thematic, key).lower()))
    out.key(1, Thematic, "parts")
    _parts(out, theme, 1, "thematic")  # anchors are one namespace with the report's parts


def _stated(out: _Writer, fw: Framework) -> None:
    aggregated = [s for s in fw.sections if s.aggregate] if fw.kind == "methodology" else []
    if not aggregated and fw.overall is None:
        return
    out.key(0, Report, "stated")
    if aggregated:
        out.key(1, Stated, "sections")
        for section in aggregated:
            out.lines.append(f'    {json.dumps(section.id)}: "{_fill("the printed percentage")}"')
    if fw.overall:
        kind = "total of points" if fw.overall.maximum is not None else "percentage"
        out.key(1, Stated, "overall", _fill(f"the printed {kind}"))
        if fw.overall.banding:
            out.key(1, Stated, "overall_rating", _fill(_labels(fw, fw.overall.banding.scale)))


def scaffold(fw: Framework, area: str, year: int, theme: Framework | None = None) -> str:
    """A new report for ``fw``: every required part and every criterion, with placeholders."""
    out = _Writer()
    out.comment(0, f"A new {fw.title} report, written by `reports new`.")
    out.comment(0, "Replace every FILL IN (`reports validate` lists those left, with their lines);")
    out.comment(0, "every field is described on the site's field reference page.")
    out.key(
        0,
        Report,
        "slug",
        slug_for(fw, area, year),
        note="The report's id, its URL and its file's name.",
    )
    out.key(0, Report, "framework", fw.id)
    out.key(0, Report, "meta")
    out.key(1, Meta, "title", _fill("the report's title"))
    out.key(1, Meta, "area", area)
    out.key(1, Meta, "year", year)
    out.key(1, Meta, "published", _fill("the publication date, YYYY-MM-DD"))
    out.key(
        1,
        Meta,
        "status",
        "draft",
        note="draft: left out of the built site; 'published' when ready.",
    )
    out.comment(1, "publish_on: 2024-01-31 09:30   # an embargo, Europe/London, if there is one")
    required = fw.requires.keys if fw.requires else []
    for key in required:
        _required_key(out, key)
    _stated(out, fw)
    out.key(0, Report, "parts")
    _parts(out, fw, 0)
    if theme is not None:
        _thematic(out, theme)
    return out.text()
