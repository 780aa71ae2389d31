"""Property tests: whatever arrives, loading and validation report problems, never crash."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from datafolders import FRAMEWORKS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.model.archive import Archive
from generator.model.problems import Problem
from generator.model.report import Report
from generator.stages.load import MAX_DEPTH, TOO_DEEP, control_message, parse_text
from generator.stages.validate import check_report, load_frameworks, to_model

FIXTURES = Path(__file__).parent / "fixtures"
VALID = (FIXTURES / "data" / "reports" / "gwent-2004-esi.yaml").read_text(encoding="utf-8")
ARCHIVE = Archive()
load_frameworks(FRAMEWORKS, ARCHIVE)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def validate_text(text: str) -> list[Problem]:
    doc, problems = parse_text(text, "x.yaml")
    if doc.data is not None:
        _, schema = to_model(doc, Report)
        problems += schema + check_report(doc, ARCHIVE.frameworks)
    for problem in problems:
        assert problem.file == "x.yaml"
        assert problem.line >= 1 and problem.col >= 1
        assert problem.message and "\n" not in str(problem)
    return problems


@SETTINGS
@given(st.text())
def test_any_text_gives_problems_not_exceptions(text: str) -> None:
    validate_text(text)


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)
)
trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "slug",
                    "framework",
                    "meta",
                    "parts",
                    "criteria",
                    "id",
                    "score",
                    "blocks",
                    "type",
                    "items",
                    "title",
                    "kind",
                    "section",
                    "stated",
                    "thematic",
                    "x",
                ]
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


@SETTINGS
@given(trees)
def test_random_documents_give_problems_not_exceptions(tree: Any) -> None:
    validate_text(yaml.safe_dump(tree, allow_unicode=True))


@SETTINGS
@given(st.data())
def test_mutated_valid_report_gives_problems_not_exceptions(data: st.DataObject) -> None:
    lines = VALID.splitlines(keepends=True)
    index = data.draw(st.integers(0, len(lines) - 1))
    action = data.draw(st.sampled_from(["drop", "duplicate", "garble", "indent", "insert"]))
    if action == "drop":
        del lines[index]
    elif action == "duplicate":
        lines.insert(index, lines[index])
    elif action == "garble":
        line = lines[index]
        pos = data.draw(st.integers(0, max(0, len(line) - 1)))
        lines[index] = line[:pos] + data.draw(st.text(max_size=3)) + line[pos + 1 :]
    elif action == "indent":
        lines[index] = "  " + lines[index]
    else:
        lines.insert(index, data.draw(st.text(max_size=30)) + "\n")
    validate_text("".join(lines))


def test_valid_report_has_no_problems() -> None:
    assert validate_text(VALID) == []


def test_yaml_1_1_conversions_never_change_text_or_ids() -> None:
    doc, problems = parse_text(
        "a: yes\nb: 3.10\nc: 0755\nd: 2004-05-01\ne: on\nf: ~\ng: ''\n", "x.yaml"
    )
    assert problems == []
    assert doc.data == {
        "a": "yes",
        "b": "3.10",
        "c": "0755",
        "d": "2004-05-01",
        "e": "on",
        "f": None,
        "g": "",
    }


def _nested(kinds: list[str]) -> str:
    """A document of mappings and lists nested as ``kinds`` says, outermost first.

    Block levels ('map', 'list') come first, as YAML allows no block style
    inside flow style; 'flow-map' and 'flow-list' levels follow.
    """
    blocks = [k for k in kinds if not k.startswith("flow")]
    flows = [k for k in kinds if k.startswith("flow")]
    leaf = "x"
    for kind in reversed(flows):
        leaf = f"{{a: {leaf}}}" if kind == "flow-map" else f"[{leaf}]"
    lines = ["  " * i + ("a:" if kind == "map" else "-") for i, kind in enumerate(blocks)]
    return "\n".join([*lines, "  " * len(blocks) + leaf]) + "\n"


@SETTINGS
@given(
    st.lists(
        st.sampled_from(["map", "list", "flow-map", "flow-list"]),
        min_size=1,
        max_size=MAX_DEPTH + 60,
    )
)
def test_nesting_past_the_limit_is_one_problem(kinds: list[str]) -> None:
    doc, problems = parse_text(_nested(kinds), "x.yaml")
    deep = len(kinds) > MAX_DEPTH
    assert [p.message for p in problems] == ([TOO_DEEP] if deep else [])
    assert (doc.data is None) == deep


# Control characters YAML itself reads as text layout: tab, line feed, carriage return, NEL.
LAYOUT = "\t\n\r\x85"
CONTROLS = st.sampled_from(
    [c for c in map(chr, [*range(32), *range(0x7F, 0xA0)]) if c not in LAYOUT]
)


@SETTINGS
@given(st.data(), CONTROLS)
def test_a_raw_control_character_is_placed_where_it_is(data: st.DataObject, char: str) -> None:
    at = data.draw(st.integers(0, len(VALID)))
    text = VALID[:at] + char + VALID[at:]
    line = text.count("\n", 0, at) + 1
    col = at - text.rfind("\n", 0, at)
    _, problems = parse_text(text, "x.yaml")
    assert problems == [Problem("x.yaml", line, col, "", control_message(char))]


PLAIN = re.compile(r"^(\s*(?:- )?\w+: )([^'\"|>\[{&*!#\s].*)$")


@SETTINGS
@given(st.data(), CONTROLS | st.sampled_from("\r\x85"))
def test_an_escaped_control_character_is_refused_at_its_value(
    data: st.DataObject, char: str
) -> None:
    lines = VALID.splitlines()
    plain = [i for i, text in enumerate(lines) if PLAIN.match(text)]
    index = data.draw(st.sampled_from(plain))
    escape = data.draw(st.sampled_from([f"\\x{ord(char):02x}", f"\\u{ord(char):04x}"]))
    match = PLAIN.match(lines[index])
    assert match is not None
    quoted = json.dumps(match.group(2), ensure_ascii=False)
    lines[index] = f'{match.group(1)}"{escape}{quoted[1:]}'
    problems = validate_text("\n".join(lines) + "\n")
    found = [p for p in problems if p.message == control_message(char)]
    assert [p.line for p in found] == [index + 1]
