"""Exact error messages: what authors see when a report file is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from datafolders import FRAMEWORKS, SCRATCH, data_folder
from goldens import assert_golden

from generator.cli import main
from generator.model.report import Part
from generator.stages.load import parse_text
from generator.stages.validate import to_model


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    # Messages name files relative to the working directory; pin it.
    monkeypatch.chdir(Path(__file__).parent.parent)


@pytest.fixture
def in_scratch(monkeypatch: pytest.MonkeyPatch) -> None:
    # Data folders are copies at their fixture's path under SCRATCH: run from
    # there, messages name tests/fixtures/... as they would in the repository.
    monkeypatch.chdir(SCRATCH)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_acceptance_document_reports_all_five_problems(in_scratch: None) -> None:
    code, out, err = run(
        "validate",
        "--data",
        str(data_folder("invalid")),
        "tests/fixtures/invalid/reports/five-problems.yaml",
    )
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines == [
        "tests/fixtures/invalid/reports/five-problems.yaml:8:3: meta.year: duplicate key 'year' "
        "(expected each key once, got it at line 7 and again at line 8)",
        "tests/fixtures/invalid/reports/five-problems.yaml:16:16: parts.0.criteria.0.score: "
        "expected a percentage from 0 to 100, got 'yes'",
        "tests/fixtures/invalid/reports/five-problems.yaml:17:9: parts.0.criteria.0.blokcs: "
        "unknown key 'blokcs' (did you mean 'blocks'?)",
        "tests/fixtures/invalid/reports/five-problems.yaml:27:15: "
        "parts.0.criteria.1.blocks.0.items.0: "
        "raw HTML is not allowed (expected Markdown, got '<script>')",
        "tests/fixtures/invalid/reports/five-problems.yaml:28:15: "
        "parts.0.criteria.1.blocks.0.items.1: "
        "unsafe link target (expected an http(s) or relative URL, got 'javascript:alert(1)')",
        "5 problems in 1 file",
    ]


def test_every_invalid_fixture_matches_its_golden_messages(in_scratch: None) -> None:
    code, _out, err = run("validate", "--data", str(data_folder("invalid")))
    assert code == 1
    assert "Traceback" not in err
    assert_golden("errors/invalid-fixtures.txt", err)


def test_every_broken_framework_reference_is_listed(in_scratch: None) -> None:
    # One framework problem of each kind, beside the real frameworks (which have none):
    # unknown names with the near one when there is one, repeated ids, a missing template.
    code, out, err = run("validate", "--data", str(data_folder("invalid-frameworks")))
    assert (code, out) == (1, "")
    assert "Traceback" not in err
    for real in FRAMEWORKS.rglob("*.yaml"):
        assert f"frameworks/{real.relative_to(FRAMEWORKS)}:" not in err
    assert_golden("errors/invalid-frameworks.txt", err)


def test_valid_fixtures_pass(in_scratch: None) -> None:
    code, out, err = run("validate", "--data", str(data_folder("data")))
    assert (code, err) == (0, "")
    assert out == "ok: 4 reports, 4 frameworks\n"


def test_missing_path_is_a_usage_error_not_a_traceback(in_repo: None) -> None:
    code, _out, err = run("validate", "no/such/file.yaml")
    assert code == 2
    assert "no/such/file.yaml: no such file or folder" in err


def test_a_data_folder_without_frameworks_is_an_error(in_repo: None) -> None:
    code, out, err = run("validate", "--data", "tests/fixtures/import")
    assert (code, out) == (1, "")
    assert err == (
        "tests/fixtures/import:1:1: expected a data folder holding frameworks/ (and reports/), "
        "found no frameworks/ folder\n1 problem in 1 file\n"
    )


def test_block_errors_name_the_path_as_the_file_spells_it() -> None:
    # Pydantic puts a block's tag into its error paths; the file has no such key.
    body = (
        "id: a\ntitle: A\nblocks:\n"
        "- type: prose\n  txt: x\n"
        "- type: prsoe\n  text: x\n"
        "- text: x\n"
        "- type: findings\n  kind: strengths\n  items: ['<b>bold</b>']\n"
    )
    doc, problems = parse_text(body, "x.yaml")
    assert problems == []
    _, problems = to_model(doc, Part)
    assert [str(p) for p in problems] == [
        "x.yaml:4:3: blocks.0.text: missing required key 'text'",
        "x.yaml:5:3: blocks.0.txt: unknown key 'txt' (did you mean 'text'?)",
        "x.yaml:6:9: blocks.1.type: expected one of prose, findings, table, box, key-questions, "
        "note, generated, got 'prsoe'",
        "x.yaml:8:3: blocks.2: missing required key 'type' "
        "(expected one of prose, findings, table, box, key-questions, note, generated)",
        "x.yaml:11:11: blocks.3.items.0: raw HTML is not allowed (expected Markdown, got '<b>')",
    ]
