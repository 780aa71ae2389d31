"""What keeps a report from publication: a missing part, a rating word misspelt, a wrong sum.

Each test breaks a complete PDU report (made from `reports new`, filled in) in
one way, and reads the exact problem `reports validate` prints; `mkdocs build`
and `reports generate` refuse the same data (one build shows it below).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from datafolders import data_folder
from scaffolds import filled_pdu, new_data_folder, write_report

from generator import InvalidData, build_site
from generator.cli import main
from generator.stages.load import load_file

CUT = "is the file cut short?"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return new_data_folder(tmp_path)


def _problems(data: Path, report: dict[str, Any]) -> tuple[list[str], Any]:
    path = write_report(data, report)
    result = CliRunner().invoke(main, ["validate", "--data", str(data)])
    doc, _ = load_file(path)
    assert doc is not None
    lines = [line.removeprefix(f"{path}:") for line in result.output.splitlines()]
    return lines, doc


def _at(doc: Any, *loc: str | int) -> str:
    line, col = doc.where(loc)
    return f"{line}:{col}"


def test_the_complete_report_is_valid(data: Path) -> None:
    lines, _ = _problems(data, filled_pdu(data))
    assert lines == ["ok: 1 report, 4 frameworks"]


def test_a_report_without_criteria_is_refused(data: Path) -> None:
    report = filled_pdu(data)
    for part in report["parts"]:
        part["criteria"] = []
    lines, doc = _problems(data, report)
    assert lines == [
        f"{_at(doc, 'parts', 0, 'criteria')}: parts.0.criteria: missing criteria required by framework "
        "'pdu-2021' (expected every criterion of section 1: 1.1, 1.2, 1.3, 1.4, got none; "
        f"{CUT})",
        f"{_at(doc, 'parts', 1, 'criteria')}: parts.1.criteria: missing criteria required by framework "
        "'pdu-2021' (expected every criterion of section 2: 2.1, 2.2, 2.3, 2.4, 2.5, 2.6, "
        f"got none; {CUT})",
        "2 problems in 1 file",
    ]


def test_a_missing_standard_is_refused(data: Path) -> None:
    report = filled_pdu(data)
    del report["parts"][1]["criteria"][4]  # 2.5
    lines, doc = _problems(data, report)
    assert lines == [
        f"{_at(doc, 'parts', 1, 'criteria')}: parts.1.criteria: missing criteria required by "
        "framework 'pdu-2021' (expected every criterion of section 2: 2.1, 2.2, 2.3, 2.4, 2.5, "
        f"2.6, got 2.1, 2.2, 2.3, 2.4, 2.6; {CUT})",
        "1 problem in 1 file",
    ]


def test_a_missing_key_question_is_refused(data: Path) -> None:
    report = filled_pdu(data)
    del report["parts"][1]["criteria"][2]["blocks"][0]["questions"][1]  # 2.3.2
    lines, doc = _problems(data, report)
    assert lines == [
        f"{_at(doc, 'parts', 1, 'criteria', 2, 'blocks')}: "
        "parts.1.criteria.2.blocks: missing key questions for standard 2.3 (expected an "
        "'all' percentage for each of its 3 key questions, 2.3.1, 2.3.2, 2.3.3, in the "
        "framework's order, got 2)",
        "1 problem in 1 file",
    ]


def test_a_rating_word_in_the_wrong_case_is_refused(data: Path) -> None:
    report = filled_pdu(data)
    report["parts"][0]["criteria"][1]["score"] = "Requires Improvement"
    report["stated"]["overall_rating"] = "good"
    lines, doc = _problems(data, report)
    words = "'Outstanding', 'Good', 'Requires improvement', 'Inadequate'"
    exact = "Rating words are written exactly as the framework spells them"
    assert lines == [
        f"{_at(doc, 'stated', 'overall_rating')}: stated.overall_rating: expected one of "
        f"{words}, got 'good'; did you mean 'Good'? {exact}",
        f"{_at(doc, 'parts', 0, 'criteria', 1, 'score')}: parts.0.criteria.1.score: expected "
        f"one of {words}, got 'Requires Improvement'; did you mean 'Requires improvement'? "
        f"{exact}",
        "2 problems in 1 file",
    ]


def test_a_stated_figure_that_differs_from_the_computed_one_is_refused(data: Path) -> None:
    report = filled_pdu(data)
    report["stated"]["overall"] = "12"
    report["parts"][1]["criteria"][1]["score"] = "Outstanding"  # its key questions give Good
    lines, doc = _problems(data, report)
    assert len(lines) == 3
    assert lines[0] == (
        f"{_at(doc, 'stated', 'overall')}: stated.overall: Overall score: the report prints 12; "
        "the points for its published ratings add up to 19 (2 + 2 + 2 + 2 + 2 + 3 + 2 + 2 + 2 = "
        "19 of 27) (expected the computed figure, or an entry in stated.acknowledged with "
        "figure: overall, stated, computed and the reason)"
    )
    assert lines[1] == (
        f"{_at(doc, 'parts', 1, 'criteria', 1, 'score')}: parts.1.criteria.1.score: 2.2 "
        "Assessment: stated Outstanding, computed Good: the lowest key question (Does "
        "assessment focus sufficiently on engaging the person on probation?) scored 70%, in "
        "the Good band (65% to under 80%) (expected the computed figure, or an entry in "
        "stated.acknowledged with figure: criterion:2.2, stated, computed and the reason)"
    )


def test_an_acknowledged_difference_publishes_and_a_stale_one_is_refused(data: Path) -> None:
    report = filled_pdu(data)
    report["stated"]["overall"] = "17"
    ack = {"figure": "overall", "stated": "17", "computed": "18", "reason": "As printed."}
    report["stated"]["acknowledged"] = [ack]
    lines, _ = _problems(data, report)
    assert lines == ["ok: 1 report, 4 frameworks"]
    page = next(p for p in build_site(data).pages if p.src_uri.startswith("reports/northvale"))
    assert "The report&#39;s figure is reproduced as published: As printed." in page.html
    report["stated"]["overall"] = "18"
    lines, doc = _problems(data, report)
    assert lines == [
        f"{_at(doc, 'stated', 'acknowledged', 0)}: stated.acknowledged.0: acknowledges a "
        "difference that is not there (expected stated 17 and computed 18, got no difference)",
        "1 problem in 1 file",
    ]


def test_a_build_refuses_a_wrong_sum(data: Path) -> None:
    report = filled_pdu(data)
    report["stated"]["overall"] = "12"
    write_report(data, report)
    with pytest.raises(InvalidData) as refused:
        build_site(data)
    assert [p.path for p in refused.value.problems] == ["stated.overall"]


def test_gwent_2004_keeps_its_printed_section_d_with_the_reason_shown() -> None:
    page = next(
        p
        for p in build_site(data_folder("data")).pages
        if p.src_uri.startswith("reports/gwent-2004")
    )
    assert "The report&#39;s figure is reproduced as published: The report prints 70%" in page.html
