"""Open data downloads carry exactly the figures of the models and the scoring engine."""

from __future__ import annotations

import csv
import io
import json

import pytest
from datafolders import data_folder

from generator.explore.opendata import (
    CRITERIA_COLUMNS,
    archive_csv,
    report_csv,
    report_json,
    spreadsheet_safe,
)
from generator.model.archive import Archive
from generator.model.report import Report, TableBlock
from generator.stages.score import score_report
from generator.stages.validate import load_archive

DATA = data_folder("data")


@pytest.fixture(scope="module")
def archive() -> Archive:
    loaded = load_archive(DATA)
    assert loaded.problems == []
    return loaded


@pytest.mark.parametrize(
    "slug",
    ["gwent-2004-esi", "county-durham-2004-esi", "gwent-2005-esi-follow-up", "gwent-2022-pdu"],
)
def test_json_figures_equal_the_scoring_engine(archive: Archive, slug: str) -> None:
    report = archive.reports[slug]
    card = score_report(report, archive.frameworks)
    payload = json.loads(report_json(report, archive.frameworks, card))
    assert payload["figures"] == json.loads(json.dumps(card.as_json()["figures"]))
    assert payload["report"] == slug
    published = {(c["element"], c["criterion"]): c["score"] for c in payload["criteria"]}
    if slug == "gwent-2004-esi":
        assert published[("main", "B1")] == 48
        assert published[("main", "A1")] == "Satisfactorily met"
        assert published[("thematic", "C3")] == 89


def test_report_csv_is_long_format_with_engine_values(archive: Archive) -> None:
    report = archive.reports["gwent-2022-pdu"]
    card = score_report(report, archive.frameworks)
    rows = list(csv.DictReader(io.StringIO(report_csv(report, archive.frameworks, card))))
    lowest = [r for r in rows if r["id"] == "2.2.3" and r["measure"] == "all"]
    assert lowest == [
        {
            "report": "gwent-2022-pdu",
            "group": "key question",
            "id": "2.2.3",
            "label": "Does assessment focus sufficiently on keeping other people safe?",
            "measure": "all",
            "value": "47",
            "unit": "percent",
        }
    ]
    computed = {r["id"]: r["value"] for r in rows if r["group"] == "computed figure"}
    assert computed["overall"] == "6"
    assert computed["overall_rating"] == "Requires improvement"


def test_archive_csv_has_every_criterion(archive: Archive) -> None:
    text = archive_csv(archive.reports.values(), archive.frameworks)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == CRITERIA_COLUMNS
    follow_up = {r["criterion"]: r for r in rows if r["report"] == "gwent-2005-esi-follow-up"}
    assert (follow_up["B1"]["previous_score"], follow_up["B1"]["score"]) == ("55", "18")
    # 18 main criteria; the fixture gives 16 thematic ones (A1–A5, B1–B4, C1–C5, D1, D3).
    assert len([r for r in rows if r["report"] == "gwent-2004-esi"]) == 18 + 16
    assert text == archive_csv(reversed(list(archive.reports.values())), archive.frameworks)


def _hostile(archive: Archive) -> Report:
    """The PDU report with a formula for a region and formulas and numbers in a table."""
    report = archive.reports["gwent-2022-pdu"]
    table = TableBlock(
        type="table",
        id="hostile",
        columns=["Row", '=HYPERLINK("http://x")', "Change"],
        rows=[
            ["@SUM(A1:A9)", "-5", "-2.5%"],
            ["\tTabbed", "+44 20 7946 0000", "-2+3"],
            ["Sum", "=1+1", "12"],
        ],
    )
    part = report.parts[0].model_copy(update={"blocks": [table]})
    meta = report.meta.model_copy(update={"region": "=cmd|' /C calc'!A0"})
    return report.model_copy(update={"meta": meta, "parts": [part, *report.parts[1:]]})


def test_no_csv_cell_starts_a_formula(archive: Archive) -> None:
    report = _hostile(archive)
    lines = list(csv.reader(io.StringIO(archive_csv([report], archive.frameworks))))
    assert {line[2] for line in lines[1:]} == {"'=cmd|' /C calc'!A0"}
    card = score_report(report, archive.frameworks)
    rows = list(csv.DictReader(io.StringIO(report_csv(report, archive.frameworks, card))))
    cells = [(r["label"], r["measure"], r["value"]) for r in rows if r["id"] == "hostile"]
    assert cells == [
        ("'@SUM(A1:A9)", '\'=HYPERLINK("http://x")', "-5"),
        ("'@SUM(A1:A9)", "Change", "-2.5%"),
        ("'\tTabbed", '\'=HYPERLINK("http://x")', "'+44 20 7946 0000"),
        ("'\tTabbed", "Change", "'-2+3"),
        ("Sum", '\'=HYPERLINK("http://x")', "'=1+1"),
        ("Sum", "Change", "12"),
    ]
    # JSON is data, not a spreadsheet: it keeps the text as published.
    payload = json.loads(report_json(report, archive.frameworks, card))
    assert payload["region"] == "=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("value", "cell"),
    [(-5.0, -5), (-2.5, -2.5), (7, 7), ("-5", "-5"), ("+3.5%", "+3.5%"), ("-.5", "-.5"),
     ("-1,234", "-1,234"), ("-", "'-"), ("- 5", "'- 5"), ("=1", "'=1"), ("@x", "'@x"),
     ("\rx", "'\rx"), ("Good", "Good"), (None, "")],
)  # fmt: skip
def test_numbers_stay_numbers_and_formulas_become_text(value: object, cell: object) -> None:
    assert spreadsheet_safe(value) == cell
