"""The ESI importer on the published exports, and on variants of them it has never seen."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from content_view import by_kind, kinds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import ALL_EDITS, EDITS, lost, mutate

from generator.importer import ReportImportError, detect, parse_report
from generator.importer.draft import ImportDraft
from generator.model.archive import Archive
from generator.model.framework import Framework
from generator.model.report import Report
from generator.stages.validate import load_frameworks

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tests" / "fixtures" / "import"


@cache
def frameworks() -> dict[str, Framework]:
    archive = Archive()
    load_frameworks(ROOT / "data" / "frameworks", archive)
    return archive.frameworks


def source(slug: str) -> str:
    return (SOURCES / f"{slug}.txt").read_text(encoding="utf-8")


@cache
def imported(slug: str) -> ImportDraft:
    return parse_report(source(slug), frameworks())


def criterion(parts: list[dict[str, Any]], crit_id: str) -> dict[str, Any]:
    return by_kind(next(c for p in parts for c in p.get("criteria", []) if c["id"] == crit_id))


def test_detects_the_report_types() -> None:
    assert detect(source("gwent-2004-esi")) == "esi"
    assert imported("gwent-2004-esi").report_type == "esi-full"
    assert imported("gwent-2005-esi-follow-up").report_type == "esi-follow-up"
    assert imported("gwent-2005-esi-follow-up").data["framework"] == "esi-follow-up-2005"


def test_metadata_comes_from_the_title_page_and_foreword() -> None:
    data = imported("gwent-2004-esi").data
    assert data["slug"] == "gwent-2004-esi"
    meta = data["meta"]
    assert (meta["area"], meta["area_name"], meta["year"]) == (
        "Gwent",
        "Gwent Probation Area",
        2004,
    )
    assert (meta["published"], meta["isbn"]) == ("May 2004", "1 84473 291 6")
    assert "region" not in meta  # not printed in the report
    assert data["foreword"]["signatory"] == {
        "name": "Andrew Bridges",
        "role": "HM Chief Inspector of Probation",
    }


def test_a_lost_criterion_heading_is_recognised_from_its_description() -> None:
    draft = imported("gwent-2004-esi")
    a4 = criterion(draft.data["parts"], "A4")
    assert a4["description"].startswith("The Board and CO have strategies and procedures")
    assert a4["score"] == "Well met"  # from the scoring summary sheet
    assert a4["improvements"][0].startswith(
        "A lack of resources existed"
    )  # 'Area for improvement:'
    assert a4["boxes"][0]["kind"] == "good-practice"
    assert any("A4: heading missing" in n for n in draft.notes)


@pytest.mark.parametrize(
    "lost",
    [
        "CONTENTS",
        "SUMMARY",
        "SCORING SUMMARY SHEET",
        "Recommendations",
        "INSPECTION ARRANGEMENTS",
        "SECTION A QUALITY OF MANAGEMENT",
        "SECTION C QUALITY OF INTERVENTIONS",
        "SECTION A QUALITY OF DV MANAGEMENT",
        "SECTION C QUALITY OF DV INTERVENTIONS",
    ],
)
def test_a_chapter_whose_heading_was_lost_is_recognised_from_its_first_block(lost: str) -> None:
    text = "\n".join(ln for ln in source("gwent-2004-esi").split("\n") if ln.strip() != lost)
    draft = parse_report(text, frameworks())
    whole = imported("gwent-2004-esi").data
    assert draft.unplaced == []
    assert draft.data == whole
    if lost != "Recommendations":  # a sub-heading: the addressee line and its list start them
        assert any("heading missing in the source" in n for n in draft.notes)


@pytest.mark.parametrize(
    "lost",
    [
        "## **FOREWORD**",
        "# CONTENTS",
        "## REASONS FOR UNDERTAKING THE FOLLOW-UP",
        "## SECTION B QUALITY OF ASSESSMENT",
        "## SECTION C QUALITY OF INTERVENTIONS",
    ],
)
def test_a_follow_up_chapter_whose_heading_was_lost_is_still_found(lost: str) -> None:
    # The foreword from the title page's first prose, the reasons from the
    # contents list's next entry after the glossary, a section from its first criterion.
    text = source("gwent-2005-esi-follow-up")
    draft = parse_report(
        "\n".join(ln for ln in text.split("\n") if ln.strip() != lost), frameworks()
    )
    assert draft.data == imported("gwent-2005-esi-follow-up").data
    assert any("chapter: heading missing in the source" in n for n in draft.notes)


def test_a_thematic_element_whose_heading_was_lost_opens_at_its_summary() -> None:
    lost = "THEMATIC ELEMENT: DOMESTIC VIOLENCE"
    text = "\n".join(ln for ln in source("gwent-2004-esi").split("\n") if ln.strip() != lost)
    draft = parse_report(text, frameworks())
    whole = imported("gwent-2004-esi").data
    assert draft.data["thematic"] == whole["thematic"]
    assert draft.data["parts"] == whole["parts"] and draft.unplaced == []


@pytest.mark.parametrize(
    ("slug", "line"),
    [
        ("gwent-2004-esi", "Gwent Probation Area"),
        ("county-durham-2004-esi", "County Durham Probation Area"),
        ("gwent-2005-esi-follow-up", "*Gwent Probation Area*"),
    ],
)
def test_a_title_page_that_lost_the_area_takes_the_area_the_report_names(
    slug: str, line: str
) -> None:
    lines = source(slug).split("\n")
    text = "\n".join(ln for i, ln in enumerate(lines) if not (i < 30 and ln.strip() == line))
    draft = parse_report(text, frameworks())
    assert draft.data == imported(slug).data
    assert any(n.startswith("area: the title page does not name it") for n in draft.notes)


def test_a_second_chapter_of_one_kind_is_kept_as_a_chapter() -> None:
    # Found by fuzzing: a second FOREWORD heading replaced the first foreword.
    whole = imported("county-durham-2004-esi").data
    text = source("county-durham-2004-esi")
    repeated = text.replace("\nSCORING SUMMARY SHEET\n", "\nFOREWORD\n\nNo more.\n", 1)
    draft = parse_report(repeated, frameworks())
    assert draft.data["foreword"] == whole["foreword"]
    assert {"id": "foreword", "title": "Foreword", "kind": "chapter", "text": "No more."} in (
        draft.data["parts"]
    )
    assert "foreword chapter: another one at line 141; kept as a chapter" in draft.notes
    # Over nothing but the sheet's rows, the second heading is noted and dropped.
    draft = parse_report(text.replace("\nSCORING SUMMARY SHEET\n", "\nFOREWORD\n", 1), frameworks())
    assert draft.data["foreword"] == whole["foreword"]
    assert draft.data["stated"] == whole["stated"]
    assert "line 141: a second 'FOREWORD' heading with no text" in draft.dropped


def swap_lines(text: str, a: str, b: str) -> str:
    """The text with the first line reading ``a`` and the first reading ``b`` swapped."""
    lines = text.split("\n")
    i, j = lines.index(a), lines.index(b)
    lines[i], lines[j] = b, a
    return "\n".join(lines)


def test_a_chapter_found_from_its_first_block_yields_to_one_under_its_heading() -> None:
    # Found by fuzzing: with two chapter headings swapped, a summary after the
    # sections read as a thematic element whose heading was lost, and the real
    # thematic element, under its own heading, became a plain chapter.
    draft = parse_report(
        swap_lines(
            source("county-durham-2004-esi"),
            "SUMMARY AND RECOMMENDATIONS",
            "SECTION D QUALITY OF INITIAL OUTCOMES",
        ),
        frameworks(),
    )
    assert draft.data["thematic"] == imported("county-durham-2004-esi").data["thematic"]
    kept = draft.data["parts"][-1]
    assert (kept["id"], kept["title"]) == (
        "summary-and-recommendations",
        "Summary and recommendations",
    )
    assert "thematic chapter: another one at line 588; kept as a chapter" in draft.notes


def test_prose_run_into_the_contents_list_is_kept_for_review() -> None:
    # Found by fuzzing: under a CONTENTS heading moved over section D, the
    # section's paragraphs became one contents title, and its lists were lost.
    draft = parse_report(
        swap_lines(
            source("county-durham-2004-esi"), "CONTENTS", "SECTION D QUALITY OF INITIAL OUTCOMES"
        ),
        frameworks(),
    )
    assert max(len(e["title"]) for e in draft.data["contents"]) < 80
    assert any(
        u.startswith("line ") and "(contents): Planned objectives are achieved" in u
        for u in draft.unplaced
    )


def test_text_run_into_the_report_on_line_is_kept() -> None:
    stray = "1. *there is appropriate senior management involvement in high risk of harm cases*"
    text = source("gwent-2005-esi-follow-up").replace(
        "Follow-up report on:", f"{stray}\nFollow-up report on:", 1
    )
    draft = parse_report(text, frameworks())
    assert draft.data["meta"] == imported("gwent-2005-esi-follow-up").data["meta"]
    assert any(
        u.endswith(
            "(title page): there is appropriate senior management involvement in high "
            "risk of harm cases"
        )
        for u in draft.unplaced
    ), draft.unplaced


def test_a_score_on_the_heading_row_and_the_sheet_figures() -> None:
    data = imported("gwent-2004-esi").data
    assert criterion(data["parts"], "A3")["score"] == "Partly met"
    assert criterion(data["parts"], "B1")["score"] == "48%"
    assert data["stated"] == {"sections": {"B": 66, "C": 72, "D": 70}, "overall": 69}


def test_summary_findings_and_recommendations() -> None:
    data = imported("gwent-2004-esi").data
    first = data["key_findings"][0]
    assert (first["heading"], first["section"]) == ("Quality of Management", "A")
    group = data["recommendations"][0]
    assert group["addressee"] == "The Probation Board should ensure that:"
    assert group["items"][3] == {"number": 4, "text": "a workforce planning document is produced"}


def test_an_addressee_whose_list_was_lost_keeps_its_words() -> None:
    # Found by fuzzing: with its list gone, the addressee line was only a note.
    lists = re.compile(r"^- (?:\d+\. |▣ \*)")
    text = "\n".join(ln for ln in source("gwent-2004-esi").split("\n") if not lists.match(ln))
    draft = parse_report(text, frameworks())
    assert draft.data["recommendations"] == []
    assert draft.data["recommendations_note"] == "The Probation Board should ensure that:"
    assert (
        "line 686 (thematic recommendations): The Probation Board should ensure that the area:"
        in (draft.unplaced)
    )
    assert "recommendation addressee without items: The Probation Board should ensure that:" in (
        draft.notes
    )


def test_the_thematic_element() -> None:
    thematic = imported("gwent-2004-esi").data["thematic"]
    assert thematic["theme"] == "domestic-violence-2003"
    assert thematic["subtitle"] == "Summary of the provisional findings for Gwent"
    assert {"name": "Quality of DV Assessment", "score": "44%", "section": "B"} in thematic[
        "ratings"
    ]
    assert thematic["ratings"][0]["name"] == "Quality of DV Management"
    a2 = criterion(thematic["parts"], "A2")
    assert a2["score"] == "Partly met"
    assert a2["description"] == (
        "The area demonstrates a strategic approach to effective resource allocation for DV work."
    )


def test_follow_up_comparisons_and_conclusions() -> None:
    data = imported("gwent-2005-esi-follow-up").data
    b1 = criterion(data["parts"], "B1")
    assert (b1["previous_score"], b1["score"]) == ("55%", "18%")
    assert b1["conclusion"].startswith("Further work was needed")
    assert b1["text"].startswith("- Only 20% of the follow-up cases")
    assert data["reasons"].startswith("- The Gwent ESI report, published in May 2004")
    assert data["meta"]["follow_up_of"] == "gwent-2004-esi"
    assert data["role"]["parts"][0]["title"] == "Home Office Objectives"


def test_another_area_gets_its_own_slug_and_names() -> None:
    text = source("gwent-2004-esi").replace("Gwent", "Exampleshire")
    data = parse_report(text, frameworks()).data
    assert data["slug"] == "exampleshire-2004-esi"
    assert data["meta"]["area_name"] == "Exampleshire Probation Area"


@pytest.mark.parametrize("slug", ["gwent-2004-esi", "county-durham-2004-esi"])
def test_an_unknown_theme_is_drafted_as_the_theme_file_it_lacks(slug: str) -> None:
    """Renamed, each DV element drafts the theme its hand-written file states: the same
    sections, criteria, scales and weights, and Gwent's wording (County Durham words some
    descriptions differently). tests/test_import_theme.py has themes made up from scratch."""
    text = source(slug).replace("DOMESTIC VIOLENCE", "YOUTH WORK")
    text = re.sub(r"\bDV\b", "YW", text)
    draft = parse_report(text, frameworks())
    assert draft.theme is not None and draft.data["thematic"]["theme"] == "youth-work-2004"
    drafted, written = draft.theme.framework, frameworks()["domestic-violence-2003"]

    def facts(fw: Framework, words: bool) -> list[tuple[object, ...]]:
        return [
            (s.id, c.id, c.title, c.scale, c.weight)
            + (((c.description or "").replace("YW", "DV"),) if words else ())
            for s in fw.sections
            for c in s.criteria
        ]

    words = slug == "gwent-2004-esi"
    assert facts(drafted, words) == facts(written, words)
    assert [(r.section, r.name.replace("YW", "DV")) for r in drafted.ratings] == [
        (r.section, r.name) for r in written.ratings
    ]


def test_a_thematic_element_without_criteria_is_kept_as_a_chapter_with_a_note() -> None:
    text = source("gwent-2004-esi").replace("DOMESTIC VIOLENCE", "YOUTH WORK")
    text = re.sub(r"\bDV\b", "YW", text)
    text = re.sub(r"^[A-D]\d: ", "", text, flags=re.MULTILINE)  # no criterion headings left
    draft = parse_report(text, frameworks())
    assert "thematic" not in draft.data and draft.theme is None
    assert "unknown theme 'THEMATIC ELEMENT: YOUTH WORK': kept as a chapter" in draft.notes
    chapter = draft.data["parts"][-1]
    assert chapter["title"] == "THEMATIC ELEMENT: YOUTH WORK"  # as the contents prints it


BAD = [
    (
        "",
        "empty file (expected the text of an ESI full report, an ESI follow-up or a PDU 2021 inspection)",
    ),
    (
        "Just a shopping list.\n\nEggs, milk.",
        "not a recognised report (expected an ESI full report, an ESI follow-up or a PDU 2021 "
        "inspection: found no scoring summary sheet or ratings page)",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_input_gives_one_clear_line(
    text: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("generator.importer._pdu", lambda: None)
    with pytest.raises(ReportImportError) as err:
        parse_report(text, frameworks())
    assert str(err.value) == message


def test_a_truncated_report_is_refused() -> None:
    text = source("gwent-2004-esi")
    cut = text[: text.index("SECTION C QUALITY OF INTERVENTIONS")]
    with pytest.raises(ReportImportError) as err:
        parse_report(cut, frameworks())
    assert str(err.value) == (
        "incomplete esi-full report (expected sections A, B, C, D; found no section C, D: "
        "is the file truncated?)"
    )


SLUGS = ("gwent-2004-esi", "county-durham-2004-esi", "gwent-2005-esi-follow-up")
JUNK = ("", "SECTION B QUALITY OF ASSESSMENT", "B1: Assessment\tScore", "- ▣", "<i>", "FOREWORD")


@st.composite
def damaged(draw: st.DrawFn, ops: tuple[str, ...] = ALL_EDITS) -> str:
    base = source(draw(st.sampled_from(SLUGS)))
    return mutate(draw, base, ops, st.one_of(st.sampled_from(JUNK), st.text(max_size=30)))


def words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", re.sub(r"<[^>]+>", " ", text.lower())).split())


def sentences(text: str) -> list[str]:
    """The sentences of the text's prose lines, without list marks or lead-in labels.

    Table rows and headings are left out: the importer turns them into
    fields, tables and parts, whose words no longer stand in a line. A
    heading is a line in capitals, a Markdown heading, or a line of a dozen
    words or fewer that does not end a sentence ('D1 Interventions are
    delivered with the desired outcomes').
    """
    found: list[str] = []
    # HTML the conversion left holds several blocks in one line.
    for line in re.sub(r"</?(?:p|ul|ol|li)\b[^>]*>|\s•\s", "\n", text).splitlines():
        if "\t" in line or line.lstrip().startswith("#") or line.upper() == line:
            continue
        if len(line.split()) <= 12 and not re.search(r"[.!?:;,][\W_]*$", line):
            continue
        line = re.sub(r"^[\W_]*(?:[A-Za-z]+\s?){1,3}:[\W_]*\s", "", line)  # 'Strengths: '
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            if len(unit := words(sentence)) >= 40 and len(unit.split()) >= 6:
                found.append(unit)
    return found


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(damaged())
def test_a_damaged_export_is_refused_in_one_line_or_imported_valid(text: str) -> None:
    try:
        draft = parse_report(text, frameworks())
    except ReportImportError as err:
        assert str(err) and "\n" not in str(err)
        return
    Report.model_validate(draft.data)


@SETTINGS
@given(damaged(EDITS))
def test_no_sentence_of_a_damaged_export_is_lost_silently(text: str) -> None:
    """Each sentence is in the draft, or listed as unplaced or dropped."""
    try:
        draft = parse_report(text, frameworks())
    except ReportImportError:
        return
    assert lost(draft, sentences(text), words) == []


def test_an_example_stays_between_the_strengths_it_interrupts() -> None:
    a1 = criterion(imported("county-durham-2004-esi").data["parts"], "A1")
    assert kinds(a1) == ["findings:strengths", "box", "findings:strengths", "findings:improvements"]
    first, box, rest, improvements = a1["blocks"]
    assert first["title"] == "Strengths" and "title" not in rest  # continued, no heading
    assert box["body"].startswith("County Durham had produced the 'Big 6 Report'")
    assert rest["items"][0].startswith("A performance management framework was well established")
    assert improvements["title"] == "Areas for improvement"


def test_the_weights_table_keeps_its_place_among_the_scoring_approach_text() -> None:
    parts = imported("gwent-2004-esi").data["parts"]
    approach = next(p for p in parts if p["id"] == "scoring-approach")
    scored = approach["parts"][1]
    assert [b["type"] for b in scored["blocks"]] == ["generated", "prose"]
    assert scored["text"].endswith("twice the important criteria.")
    assert scored["blocks"][1]["text"].startswith("- An overall performance rating")
