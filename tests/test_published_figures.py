"""The scoring engine reproduces the figures the Inspectorate published.

The expected values below are copied by hand from the reports' scoring summary
sheets, thematic quality ratings and ratings pages; they are never computed.
Criterion-level inputs live in the fixture YAML under tests/fixtures/data.
"""

from __future__ import annotations

from typing import Any

import pytest
from datafolders import data_folder

from generator.model.report import Report
from generator.stages.score import Scorecard, round_half_up, score_report
from generator.stages.validate import load_archive

DATA = data_folder("data")

# (report, figure key, published value)
PUBLISHED: list[tuple[str, str, float | str]] = [
    # Gwent ESI 2004, scoring summary sheet (page 8) and DV quality ratings.
    ("gwent-2004-esi", "section:B", 66),
    ("gwent-2004-esi", "section:C", 72),
    ("gwent-2004-esi", "section:D", 70),
    ("gwent-2004-esi", "overall", 69),
    ("gwent-2004-esi", "theme:B", 44),
    ("gwent-2004-esi", "theme:C", 71),
    ("gwent-2004-esi", "theme:D", 35),
    # County Durham ESI 2004.
    ("county-durham-2004-esi", "section:B", 87),
    ("county-durham-2004-esi", "section:C", 87),
    ("county-durham-2004-esi", "section:D", 78),
    ("county-durham-2004-esi", "overall", 84),
    ("county-durham-2004-esi", "theme:B", 48),
    ("county-durham-2004-esi", "theme:C", 56),
    ("county-durham-2004-esi", "theme:D", 38),
    # Gwent PDU 2022, ratings page.
    ("gwent-2022-pdu", "overall", 6),
    ("gwent-2022-pdu", "overall_rating", "Requires improvement"),
    ("gwent-2022-pdu", "criterion:2.1", "Outstanding"),
    ("gwent-2022-pdu", "criterion:2.2", "Inadequate"),
    ("gwent-2022-pdu", "criterion:2.3", "Requires improvement"),
    ("gwent-2022-pdu", "criterion:2.4", "Inadequate"),
    ("gwent-2022-pdu", "criterion:2.5", "Inadequate"),
]

# Judgement-rated standards: published, not computable, but checked against decision rules.
JUDGED = {
    "1.1": "Requires improvement",
    "1.2": "Inadequate",
    "1.3": "Inadequate",
    "1.4": "Requires improvement",
}

# Gwent follow-up 2005: (criterion, original inspection, follow-up inspection).
FOLLOW_UP = [
    ("B1", 55, 18),
    ("B2", 46, 70),
    ("B3", 55, 21),
    ("B4", 87, 30),
    ("C1", 93, 64),
    ("C2", 54, 32),
    ("C3", 92, 49),
    ("C4", 63, 64),
    ("C5", 58, 39),
]


@pytest.fixture(scope="module")
def cards() -> dict[str, Scorecard]:
    archive = load_archive(DATA)
    assert archive.problems == []
    return {slug: score_report(r, archive.frameworks) for slug, r in archive.reports.items()}


@pytest.mark.parametrize(("slug", "key", "published"), PUBLISHED)
def test_published_figure_is_reproduced(
    cards: dict[str, Scorecard], slug: str, key: str, published: float | str
) -> None:
    fig = cards[slug].get(key)
    assert fig is not None, f"{slug} has no figure {key}"
    assert fig.stated == published
    if isinstance(published, str):
        assert fig.computed == published
        assert fig.status == "match"
        return
    assert isinstance(fig.computed, float)
    if fig.status == "match":
        assert round_half_up(fig.computed) == published
    else:
        # Only rounding of the published inputs may separate the two, and it must be said.
        assert fig.status == "differs"
        assert abs(fig.computed - published) <= 1.0
        assert f"the report prints {published:g}%" in fig.explanation
        assert "rounding" in fig.explanation


def test_gwent_section_d_difference_is_explained(cards: dict[str, Scorecard]) -> None:
    fig = cards["gwent-2004-esi"].get("section:D")
    assert fig is not None
    assert (fig.status, fig.stated, round(float(fig.computed or 0), 1)) == ("differs", 70, 69.4)
    assert fig.explanation.startswith(
        "the report prints 70%; this site calculates 69.4% from the published criterion scores "
        "(weighted D1 67%×2, D2 61%×1, D4 76%×2)"
    )


def test_court_work_is_rated_by_its_key_question_not_a_lower_prompt() -> None:
    # Gwent 2022, footnote 5: the court-work rating "is driven by the score for the key
    # question" (88%, Outstanding). The annexe lists prompts under that question, one at
    # 36% ("information only"); were a prompt listed as a row, it must not set the rating.
    archive = load_archive(DATA)
    data = archive.reports["gwent-2022-pdu"].model_dump(exclude_none=True)

    def add_prompt(parts: list[dict[str, Any]]) -> None:
        for part in parts:
            for crit in part.get("criteria", []):
                if crit["id"] == "2.1":
                    table = next(b for b in crit["blocks"] if b["type"] == "key-questions")
                    table["questions"].append({"question": "A prompt?", "all": 36})
            add_prompt(part.get("parts", []))

    add_prompt(data["parts"])
    card = score_report(Report.model_validate(data), archive.frameworks)
    fig = card.get("criterion:2.1")
    assert fig is not None
    assert (fig.stated, fig.computed, fig.status) == ("Outstanding", "Outstanding", "match")
    assert "the key question (Is the pre-sentence information" in fig.explanation
    assert "scored 88%" in fig.explanation


@pytest.mark.parametrize(("criterion", "rating"), sorted(JUDGED.items()))
def test_judged_standards_are_reported_with_their_rule(
    cards: dict[str, Scorecard], criterion: str, rating: str
) -> None:
    fig = cards["gwent-2022-pdu"].get(f"criterion:{criterion}")
    assert fig is not None
    assert (fig.stated, fig.status) == (rating, "not computed")
    if criterion == "1.1":
        assert "decision rule in operation" in fig.explanation


@pytest.mark.parametrize(("criterion", "original", "follow_up"), FOLLOW_UP)
def test_follow_up_figures(
    cards: dict[str, Scorecard], criterion: str, original: int, follow_up: int
) -> None:
    card = cards["gwent-2005-esi-follow-up"]
    before, after = card.get(f"previous:{criterion}"), card.get(f"criterion:{criterion}")
    assert before is not None and after is not None
    assert (before.stated, after.stated) == (original, follow_up)
    # Two percentages differ by percentage points, in the same words as the page's table.
    direction = "up" if follow_up > original else "down"
    gap = abs(follow_up - original)
    unit = "percentage point" if gap == 1 else "percentage points"
    assert f"{direction} {gap} {unit} on the original inspection" in after.explanation


def test_json_shape(cards: dict[str, Scorecard]) -> None:
    payload = cards["gwent-2022-pdu"].as_json()
    assert payload["report"] == "gwent-2022-pdu"
    figures = payload["figures"]
    assert isinstance(figures, list)
    overall = next(f for f in figures if f["name"] == "Overall score")
    assert overall == {
        "name": "Overall score",
        "stated": 6,
        "computed": 6,
        "status": "match",
        "explanation": "the points for each published rating add up to the printed total "
        "(1 + 0 + 0 + 1 + 3 + 0 + 1 + 0 + 0 = 6 of 27)",
    }
    for fig in figures:
        assert set(fig) == {"name", "stated", "computed", "status", "explanation"}
        assert fig["status"] in {"match", "differs", "not stated", "not computed"}
