"""The field reference: every key a report may hold, written from the models at build time.

The page is made from the same JSON Schema that ``reports schema`` narrows for
editors, which pydantic writes from the typed models and their docstrings: a
field added, renamed or documented anew shows here at the next build, and the
reference cannot drift from the validator. Each framework's own words (its
sections, standards, rating words and required parts) come from its data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.model.dates import DAY_AND_TIME, DAY_OR_MONTH
from generator.model.framework import Framework
from generator.model.report import Report
from generator.model.urls import FIELD_REFERENCE
from generator.stages.rules import RATING_RULES
from generator.stages.schema import fix_bounds

PAGE = FIELD_REFERENCE
"""Where the page is in the site."""

INTRO = """\
# Writing a report: the field reference

A report is one YAML file in `data/reports/`, named by its slug. Start from
the skeleton of its framework, which holds every part the framework requires,
in order, with a `FILL IN` placeholder wherever only the author knows the
answer:

    reports new --framework pdu-2021 --area "Northvale PDU" --year 2023

`reports validate` lists every placeholder left and every other problem as
`file:line:col: key.path: message`; `mkdocs serve` shows the same list at the
top of every page while it lasts. For completion and checking as you type,
point your editor at the framework's schema (`reports schema --framework ID`;
see the README).

A report is published only when it is complete and its figures add up: every
part its framework requires, rating words exactly as the framework spells
them, and every stated figure equal to the one computed from its inputs. A
reproduced historical record that differs from its own arithmetic keeps its
printed figure only through an entry in `stated.acknowledged`, whose reason
the score explainer shows.

A report with `meta.status: draft`, or a `meta.publish_on` still to come
(Europe/London), is left out of the built site entirely; the preview shows it
under a banner.

Every key below is generated from the models' own documentation.
"""


def _anchor(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _words(text: str | None) -> str:
    """A docstring as one table cell: rst literals as Markdown, no line breaks or pipes."""
    plain = " ".join((text or "").split()).replace("``", "`")
    return plain.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


_PATTERNS = {
    DAY_OR_MONTH.pattern: "date, `YYYY-MM-DD` (or a month, `YYYY-MM`)",
    DAY_AND_TIME.pattern: "date, `YYYY-MM-DD`, or date and time, `YYYY-MM-DD HH:MM`",
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$": "lower-case words joined by hyphens",
}


def _type(node: dict[str, Any]) -> str:
    """A schema node's type in words."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{_anchor(name)})"
    if "anyOf" in node or "oneOf" in node:
        kinds = [
            _type(n) for n in node.get("anyOf", node.get("oneOf", [])) if n.get("type") != "null"
        ]
        return " or ".join(dict.fromkeys(kinds)) or "anything"
    if "enum" in node or "const" in node:
        values = node.get("enum", [node.get("const")])
        return "one of " + ", ".join(f"`{v}`" for v in values)
    kind = node.get("type")
    if kind == "array":
        return f"list of {_type(node.get('items', {}))}"
    if kind == "object":
        return f"mapping of ids to {_type(node.get('additionalProperties', {}))}"
    if kind == "string":
        return _PATTERNS.get(node.get("pattern", ""), "text")
    if kind == "integer":
        return "whole number"
    if kind == "number":
        if "minimum" in node:
            return f"number from {node['minimum']} to {node['maximum']}"
        return "number"
    return "a percentage or a rating word of the framework" if not node else str(kind)


def _model(name: str, model: dict[str, Any]) -> Iterator[str]:
    title = f"`{name}`" if name != "Report" else "`Report`: the file itself"
    yield f"## {title} {{#{_anchor(name)}}}\n"
    yield f"{_words(model.get('description'))}\n"
    yield "| Key | Type | Required | What it holds |"
    yield "| --- | --- | --- | --- |"
    required = set(model.get("required", []))
    for key, field in model.get("properties", {}).items():
        need = "yes" if key in required else ""
        yield f"| `{key}` | {_type(field)} | {need} | {_words(field.get('description'))} |"
    yield ""


def _framework(fw: Framework) -> Iterator[str]:
    yield f"### `{fw.id}`: {fw.title} {{#{fw.id}}}\n"
    yield f"    reports new --framework {fw.id} --area NAME --year YYYY\n"
    if fw.requires:
        keys = ", ".join(f"`{k}`" for k in fw.requires.keys) or "none"
        yield (
            f"Every report carries: {keys}; and a part for each of sections "
            + (", ".join(fw.requires.sections) or "none")
            + ", with every criterion.\n"
        )
    for scale_id, scale in fw.scales.items():
        if scale.kind == "ordinal":
            words = ", ".join(f"`{level.label}`" for level in scale.levels)
            yield f"- Scale `{scale_id}` ({scale.title}): {words}."
        else:
            yield f"- Scale `{scale_id}` ({scale.title}): a percentage, `67` or `67%`."
    yield ""
    yield "| Section | Criterion | Title | Scale | Key questions |"
    yield "| --- | --- | --- | --- | --- |"
    for section in fw.sections:
        for crit in section.criteria:
            questions = (
                f"{len(crit.key_questions)}, each with an `all` percentage"
                if crit.key_questions and RATING_RULES[crit.rating_rule].banded
                else ""
            )
            yield (
                f"| {section.id} {_words(section.title)} | `{crit.id}` | {_words(crit.title)} "
                f"| {crit.scale or 'not scored'} | {questions} |"
            )
    yield ""


def field_reference(frameworks: dict[str, Framework]) -> str:
    """The field reference page, as Markdown."""
    schema = Report.model_json_schema()
    fix_bounds(schema)
    lines = [INTRO]
    lines += _model("Report", schema)
    for name, model in sorted(schema.get("$defs", {}).items()):
        lines += _model(name, model)
    usable = [f for f in frameworks.values() if f.kind != "theme"]
    if usable:
        lines.append("## Frameworks {#frameworks}\n")
        lines.append("Each framework's ids and rating words, from `data/frameworks/`.\n")
        for fw in sorted(usable, key=lambda f: f.id):
            lines += _framework(fw)
    return "\n".join(lines).rstrip() + "\n"
