"""``reports schema``: a JSON Schema (draft 2020-12) of one framework's reports, for editors.

The schema is the report models' own (pydantic writes it from the typed fields
and their docstrings, so it cannot drift from the validator), narrowed to one
framework from its data: the framework's id, its criterion and section ids,
its rating words and scales, its themes. VS Code's YAML extension, or any
schema-aware editor, then completes and checks a report as it is typed.

An editor reads YAML 1.2, where ``67%`` is text and ``67`` a number, so a
percentage is either; ``reports validate`` remains the full check (arithmetic,
completeness, links), which no schema can express.
"""

from __future__ import annotations

from typing import Any

from generator.model.framework import Framework, Scale
from generator.model.report import (
    Acknowledgement,
    CriterionResult,
    Report,
    Stated,
    Thematic,
    ThemeFigure,
)

DIALECT = "https://json-schema.org/draft/2020-12/schema"

PERCENT_TEXT = r"^\s*(100(\.0*)?|\d{1,2}(\.\d*)?|\.\d+)\s*%\s*$"
"""A percentage written with its sign, as published: '67%'."""

Schema = dict[str, Any]


def _percent() -> list[Schema]:
    return [
        {"type": "number", "minimum": 0, "maximum": 100},
        {"type": "string", "pattern": PERCENT_TEXT},
    ]


def _scale(scale: Scale) -> list[Schema]:
    if scale.kind == "percent":
        return _percent()
    return [{"enum": [level.label for level in scale.levels]}]


def _nullable(choices: list[Schema], description: str | None) -> Schema:
    found: Schema = {"anyOf": [*choices, {"type": "null"}]}
    if description:
        found["description"] = description
    return found


def fix_bounds(node: Any) -> None:
    """pydantic writes a percentage's bounds as ``ge``/``le``; JSON Schema says minimum/maximum,
    and an editor reads ``67%`` as text."""
    if isinstance(node, dict):
        if "ge" in node and node.get("type") == "number":
            node.pop("ge"), node.pop("le", None)
            node.pop("type")
            node["anyOf"] = _percent()
        for value in node.values():
            fix_bounds(value)
    elif isinstance(node, list):
        for value in node:
            fix_bounds(value)


def _field(defs: Schema, model: type, name: str) -> Schema:
    found: Schema = defs[model.__name__]["properties"][name]
    return found


def _set(defs: Schema, model: type, name: str, choices: list[Schema]) -> None:
    old = _field(defs, model, name)
    defs[model.__name__]["properties"][name] = _nullable(choices, old.get("description"))


def report_schema(fw: Framework, frameworks: dict[str, Framework]) -> Schema:
    """The JSON Schema of a report of ``fw``, narrowed to its ids, words and scales."""
    schema = Report.model_json_schema()
    defs: Schema = schema["$defs"]
    fix_bounds(schema)
    themes = [t for t in frameworks.values() if t.kind == "theme" and t.base == fw.id]
    every = [fw, *themes]
    scored = [f.scale_of(c) for f in every for s in f.sections for c in s.criteria]
    by_kind: list[Schema] = []
    for used in [s for s in scored if s is not None]:
        for choice in _scale(used):
            if choice not in by_kind:
                by_kind.append(choice)
    criteria = [c.id for f in every for s in f.sections for c in s.criteria]
    sections = [s.id for f in every for s in f.sections]
    schema["$schema"] = DIALECT
    schema["title"] = f"A report of {fw.title} ({fw.id})"
    schema["properties"]["framework"] = {**schema["properties"]["framework"], "const": fw.id}
    crit_id = _field(defs, CriterionResult, "id")
    defs["CriterionResult"]["properties"]["id"] = {**crit_id, "enum": criteria}
    for name in ("score", "previous_score"):
        _set(defs, CriterionResult, name, by_kind)
    _set(defs, ThemeFigure, "score", by_kind)
    part_section = defs["Part"]["properties"]["section"]
    defs["Part"]["properties"]["section"] = _nullable(
        [{"enum": sections}], part_section.get("description")
    )
    aggregated = [s.id for s in fw.sections if s.aggregate]
    stated_sections = _field(defs, Stated, "sections")
    stated_sections["propertyNames"] = {"enum": aggregated}
    if fw.overall and fw.overall.banding and (scale := fw.scales.get(fw.overall.banding.scale)):
        _set(defs, Stated, "overall_rating", _scale(scale))
    figures = [f"criterion:{c}" for c in criteria] + [f"section:{s}" for s in aggregated]
    figures += ["overall", "overall_rating"] if fw.overall else []
    figures += [f"theme:{r.section}" for t in themes for r in t.ratings]
    figure = _field(defs, Acknowledgement, "figure")
    defs["Acknowledgement"]["properties"]["figure"] = {**figure, "enum": figures}
    theme = _field(defs, Thematic, "theme")
    defs["Thematic"]["properties"]["theme"] = {**theme, "enum": [t.id for t in themes]}
    return schema
