"""The PDU 2021 parser: the Gwent 2022 export, small made-up reports, and mutated input.

The Gwent tests need the source export from shared/source-reports and are
skipped without it; the made-up reports and the robustness test run anywhere.
The archive file data/reports/gwent-2022-pdu.yaml is written by the importer
itself: ``reports import --force <shared>/source-reports/gwent-pdu-2022.txt``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from content_view import by_kind, kinds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import ALL_EDITS, EDITS, lost, mutate, strings

from generator.importer.draft import ImportDraft
from generator.importer.pdu import ImportFailure, looks_like_pdu, parse_pdu
from generator.importer.write import check, dump
from generator.model.archive import Archive
from generator.model.framework import Framework
from generator.model.report import Report
from generator.stages.score import Scorecard, score_report
from generator.stages.validate import load_archive, load_frameworks

ROOT = Path(__file__).resolve().parent.parent
SOURCES = next(
    (
        p
        for p in (ROOT.parent / "shared" / "source-reports", Path("/work/shared/source-reports"))
        if p.is_dir()
    ),
    ROOT.parent / "shared" / "source-reports",
)
GWENT = SOURCES / "gwent-pdu-2022.txt"
ARCHIVE = ROOT / "data" / "reports" / "gwent-2022-pdu.yaml"
THRESHOLD = 99.5
RI, INADEQUATE, OUTSTANDING = "Requires improvement", "Inadequate", "Outstanding"
GWENT_RATINGS = {
    "1.1": RI,
    "1.2": INADEQUATE,
    "1.3": INADEQUATE,
    "1.4": RI,
    "2.1": OUTSTANDING,
    "2.2": INADEQUATE,
    "2.3": RI,
    "2.4": INADEQUATE,
    "2.5": INADEQUATE,
}

needs_source = pytest.mark.skipif(not GWENT.exists(), reason="gwent-pdu-2022.txt is not here")


@cache
def _frameworks() -> dict[str, Framework]:
    archive = Archive()
    load_frameworks(ROOT / "data" / "frameworks", archive)
    return archive.frameworks


@pytest.fixture(scope="module")
def frameworks() -> dict[str, Framework]:
    return _frameworks()


@cache
def _gwent() -> ImportDraft:
    return parse_pdu(GWENT.read_text(encoding="utf-8"), _frameworks())


@pytest.fixture(scope="module")
def gwent() -> ImportDraft:
    return _gwent()


# --- helpers -------------------------------------------------------------------------------


def norm(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).lower()
    return " ".join(re.sub(r"[^a-z0-9%\s]", "", text).split())


def source_units(text: str) -> list[str]:
    """Sentences of 40+ characters and table rows of 20+, the printed contents list left out."""
    units: list[str] = []
    in_contents = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.casefold() == "contents":
            in_contents = True
            continue
        if in_contents and (not stripped or "\t" in line):
            continue
        in_contents = False
        if "\t" in line:
            if len(row := norm(line.replace("\t", " "))) >= 20:
                units.append(row)
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", stripped):
            if len(unit := norm(sentence)) >= 40:
                units.append(unit)
    return units


def criteria(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: by_kind(c) for p in data["parts"] for c in p.get("criteria", [])}


def part(data: dict[str, Any], part_id: str) -> dict[str, Any]:
    return by_kind(next(p for p in data["parts"] if p["id"] == part_id))


def validate(data: dict[str, Any], frameworks: dict[str, Framework]) -> Scorecard:
    """Dump, validate and score a draft exactly as ``reports import`` does."""
    result = check(dump(data), "draft.yaml", frameworks)
    assert result.problems == []
    assert result.card is not None
    return result.card


# --- the Gwent report ----------------------------------------------------------------------


@needs_source
def test_every_sentence_of_the_source_is_in_the_draft(gwent: ImportDraft) -> None:
    units = source_units(GWENT.read_text(encoding="utf-8"))
    text = norm(" ".join(strings(gwent.data)))
    missing = [u for u in units if u not in text]
    percent = 100 * (1 - len(missing) / len(units))
    print(f"{percent:.2f}% of {len(units)} units in the draft; missing:", *missing, sep="\n  ")
    dropped = norm(" ".join(gwent.dropped))
    assert all(u in dropped for u in missing), "a missing unit is not listed as dropped"
    assert percent >= THRESHOLD


@needs_source
def test_meta_from_cover_and_publication_pages(gwent: ImportDraft) -> None:
    data = gwent.data
    assert data["slug"] == "gwent-2022-pdu"
    assert data["framework"] == "pdu-2021"
    assert data["meta"] == {
        "title": "An inspection of probation services in Gwent PDU",
        "cover": [
            "Probation Service – Wales region",
            "HM Inspectorate of Probation, February 2022",
        ],
        "area": "Gwent",
        "area_name": "Gwent PDU",
        "region": "Wales",
        "year": 2022,
        "publisher": "HM Inspectorate of Probation",
        "published": "February 2022",
        "fieldwork": "started on 01 November 2021",
        "isbn": "978-1-914478-55-0",
    }
    assert gwent.unplaced == []
    assert gwent.report_type == "pdu-2021"


@needs_source
def test_foreword_signatory_and_dropped_signature_image(gwent: ImportDraft) -> None:
    foreword = gwent.data["foreword"]
    assert foreword["signatory"] == {
        "name": "Justin Russell",
        "role": "Chief Inspector of Probation",
    }
    assert "handwritten" not in foreword["body"]
    assert any(d.startswith("image description: A handwritten signature") for d in gwent.dropped)
    # The paragraph a page break cut ('... with key stakeholders' / 'to keep people safe.').
    assert "with key stakeholders to keep people safe." in foreword["body"]
    assert len(foreword["body"].split("\n\n")) == 6


@needs_source
def test_contents_acknowledgements_and_role(gwent: ImportDraft) -> None:
    data = gwent.data
    titles = [(e["title"], e.get("page"), e.get("target")) for e in data["contents"]]
    assert titles[:3] == [
        ("Foreword", "3", "foreword"),
        ("Ratings", "5", "ratings"),
        ("Recommendations", "6", "recommendations"),
    ]
    assert all(target for _, _, target in titles)
    assert ("1. Organisational delivery", "8", "domain-1") in titles
    assert titles[-1] == ("Annexe three – Web links", "51", "annexe-three")
    assert data["acknowledgements"]["body"].startswith("This inspection was led by")
    role = data["role"]
    assert role["title"] == "The role of HM Inspectorate of Probation"
    publication = role["parts"][0]
    assert publication["title"] == "© Crown copyright 2022"
    assert "or email psi@nationalarchives.gsi.gov.uk." in publication["text"]
    assert "1st Floor Civil Justice Centre\\\n1 Bridge Street West" in publication["text"]


@needs_source
def test_ratings_page_gives_every_rating_and_the_points(gwent: ImportDraft) -> None:
    data = gwent.data
    assert data["stated"] == {"overall": 6, "overall_rating": RI}
    found = {cid: c.get("score") for cid, c in criteria(data).items()}
    assert found == {**GWENT_RATINGS, "2.6": None}
    assert gwent.notes == []  # the ratings page agrees with every standard's own rating


@needs_source
def test_prose_a_page_break_joined_to_a_rating_line_is_kept_for_review(
    frameworks: dict[str, Framework],
) -> None:
    # Found by the reordering property test: a lower-case line under a standard on
    # the ratings page reads as the rest of its heading, and was lost with it.
    prose = "harm. Of fundamental importance are the key stakeholders of the PDU."
    text = GWENT.read_text(encoding="utf-8").replace(
        "2.4 Implementation and delivery\n\nInadequate",
        f"2.4 Implementation and delivery\n\n{prose}",
        1,
    )
    draft = parse_pdu(text, frameworks)
    assert draft.unplaced.count(f"2.4 Implementation and delivery {prose}") == 1


@needs_source
def test_recommendations_grouped_by_addressee(gwent: ImportDraft) -> None:
    groups = gwent.data["recommendations"]
    assert [g["addressee"] for g in groups] == [
        "Gwent PDU should:",
        "The Probation Service – Wales region should:",
        "HM Prison and Probation Service should:",
    ]
    assert [[i["number"] for i in g["items"]] for g in groups] == [
        [1, 2, 3, 4, 5],
        [6],
        [7, 8, 9, 10],
    ]
    assert groups[2]["items"][1]["text"].startswith(
        "address and significantly reduce the 14- to 16-week"
    )
    # The sentence that introduces the list is printed above it; the footnote below.
    assert gwent.data["recommendations_intro"].startswith("As a result of our inspection findings")
    assert gwent.data["recommendations_note"] == (
        "¹ Progress against previous inspection recommendations for the relevant "
        "CRC or NPS Division are included in Annexe one."
    )


@needs_source
def test_domains_summaries_strengths_and_improvements(gwent: ImportDraft) -> None:
    one, two = part(gwent.data, "domain-1"), part(gwent.data, "domain-2")
    assert (one["title"], one["kind"], one["section"]) == (
        "Organisational delivery",
        "section",
        "1",
    )
    assert (two["title"], two["section"]) == ("Court work and case supervision", "2")
    assert len(one["strengths"]) == 6 and len(one["improvements"]) == 6
    assert len(two["strengths"]) == 3 and len(two["improvements"]) == 5
    # Cut by a page break after 'and access to,'.
    assert "The roll-out of, and access to, the Violent and Sexual Offender Register" in one["text"]
    assert two["text"].endswith("**Case supervision**")
    assert [c["id"] for c in one["criteria"]] == ["1.1", "1.2", "1.3", "1.4"]
    assert [c["id"] for c in two["criteria"]] == ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6"]


@needs_source
def test_standard_text_keeps_key_question_headings_and_footnotes(gwent: ImportDraft) -> None:
    found = criteria(gwent.data)
    leadership = found["1.1"]
    assert leadership["description"].startswith("The leadership of the PDU enables delivery")
    assert (
        "\n\n**Are potential risks to service delivery anticipated and planned for in advance?**\n\n"
        in leadership["text"]
    )
    # A footnote stays where the source prints it, at the foot of its page.
    assert (
        "⁴ Excellence and Quality in Processes is a system provided by HMPPS "
        "described as 'A way of working that supports process management "
        'to "equip" staff with the guidance and forms they need to do their job.\''
    ) in found["1.4"]["text"]
    assert "**Resettlement**" in found["1.3"]["text"]
    # 2.2 and 2.5 print their rating in bold after the statement.
    assert found["2.2"]["description"].endswith("actively involving the person on probation.")
    # A footnote sits between the halves of a cut paragraph in 2.2 and 2.4.
    assert "form the foundations of a risk management plan that uses" in found["2.2"]["text"]
    assert "in 68 per cent of cases, sufficient efforts were made" in found["2.4"]["text"]


@needs_source
def test_key_question_tables(gwent: ImportDraft) -> None:
    found = criteria(gwent.data)
    court = found["2.1"]["key_questions"]
    assert len(court) == 1 and court[0]["all"] == "88%"
    assert set(court[0]) == {"question", "all"}  # one 'Score' column: the figure for all cases
    assert found["2.2"]["key_questions"][2] == {
        "question": "Does assessment focus sufficiently on keeping other people safe?",
        "community": "43%",
        "post_release": "55%",
        "all": "47%",
    }
    # 2.5's table is cut by a footnote after its first row.
    assert [kq["all"] for kq in found["2.5"]["key_questions"]] == ["58%", "47%", "46%"]
    assert [kq["all"] for kq in found["2.4"]["key_questions"]] == ["65%", "38%", "38%"]
    outcomes = found["2.6"]
    assert "score" not in outcomes and outcomes["key_questions"][0]["all"] == "31%"


@needs_source
def test_rating_notes(gwent: ImportDraft) -> None:
    found = criteria(gwent.data)
    assert found["2.1"]["rating_note"] == (
        "⁵ The rating for the standard is driven by the score for the key question, "
        "which is placed in a rating band."
    )
    for cid, mark in (("2.2", "⁶"), ("2.3", "⁷"), ("2.4", "⁸"), ("2.5", "⁹")):
        assert found[cid]["rating_note"].startswith(
            f"{mark} The rating for the standard is driven by the lowest"
        )
    assert all("rating_note" not in found[c] for c in ("1.1", "1.2", "1.3", "1.4", "2.6"))


@needs_source
def test_practice_boxes(gwent: ImportDraft) -> None:
    found = criteria(gwent.data)
    kinds = {cid: [b["kind"] for b in c.get("boxes", [])] for cid, c in found.items()}
    assert kinds["2.2"] == ["good-practice", "poor-practice"]
    assert kinds["2.3"] == ["poor-practice", "good-practice"]
    assert kinds["2.5"] == ["poor-practice", "good-practice"]
    assert sum(len(k) for k in kinds.values()) == 6
    box = found["2.2"]["boxes"][0]
    assert box["title"] == "Good practice example" and box["body"].startswith("Kara's assessment")
    assert "Kara's assessment" not in found["2.2"]["text"]


@needs_source
def test_tables_inside_a_standard(gwent: ImportDraft) -> None:
    tables = criteria(gwent.data)["1.3"]["tables"]
    assert tables[0]["caption"] == "Characteristics of inspected cases²"
    assert tables[0]["rows"][0] == ["Proportion of caseload who are female", "15%"]
    assert tables[0]["footnotes"] == ["² HM Inspectorate of Probation inspection data."]
    assert tables[1]["rows"][2] == [
        "Average waiting time before commencing a Rehabilitation Activity Requirement",
        "6.1 weeks",
    ]
    assert tables[1]["footnotes"] == ["³ Data supplied by The Probation Service."]


@needs_source
def test_annexe_one_keeps_each_earlier_recommendation(gwent: ImportDraft) -> None:
    annexe = part(gwent.data, "annexe-one")
    assert annexe["kind"] == "annexe"
    assert annexe["text"].startswith("HM Inspectorate of Probation has made recommendations")
    units = [by_kind(u) for u in annexe["parts"]]
    assert len(units) == 11
    first = units[0]
    assert (
        first["title"]
        == "Better manage the workloads of staff and provide sufficient staff to deliver services as intended."
    )
    # The lead-in is printed above the recommendation it introduces.
    assert first["lead_in"] == "Recommendation from a previous CRC inspection in February 2019:"
    assert first["text"].startswith("Inspection findings:\n\n- The average caseload")
    assert first["tables"][-1]["rows"] == [
        ["Categorisation", "No progress"],
        ["Improvement still required?", "Yes"],
    ]
    judgements = [u["tables"][-1]["rows"][0][1] for u in units]
    assert judgements.count("Some progress") == 5 and judgements.count("Sufficient progress") == 1
    assert sum("NPS inspection in November 2018" in u["lead_in"] for u in units) == 6


@needs_source
def test_annexe_two_data_tables(gwent: ImportDraft) -> None:
    tables = part(gwent.data, "annexe-two")["tables"]
    captions = [t.get("caption") for t in tables]
    assert captions == [
        "Key staffing data¹⁰",
        "2.1 Court work",
        "2.2. Assessment",
        "2.3. Planning",
        "2.4 Implementation and delivery",
        "2.5 Reviewing",
        "Outcomes",
    ]
    # One table, though a page break (and its footnotes) cut it in two.
    staffing = tables[0]
    assert ["Caseload and workload data", ""] in staffing["rows"]
    assert staffing["rows"][-1] == [
        "Proportion of PSOs (or equivalent) in this PDU describing workload as unmanageable ¹²",
        "56%",
    ]
    assert staffing["footnotes"] == [
        "¹⁰ Data supplied by The Probation Service.",
        "¹¹ Data supplied by The Probation Service.",
        "¹² HM Inspectorate of Probation inspection data.",
    ]
    court = tables[1]
    assert court["footnotes"][0].startswith("¹³ This question is only asked")
    assert court["footnotes"][1] == "Prompts marked * do not apply in unpaid work only cases."
    assessment = tables[2]
    assert assessment["columns"] == [
        "2.2. Assessment",
        "Community sentences",
        "Post-release sentences",
        "All cases",
    ]
    assert assessment["rows"][0] == [
        "Does assessment focus sufficiently on engaging the person on probation?",
        "",
        "",
        "",
    ]
    assert len(assessment["rows"]) == 13  # rows on both sides of a page break
    assert all(len(r) == len(t["columns"]) for t in tables for r in t["rows"])


@needs_source
def test_annexe_three_keeps_links(gwent: ImportDraft) -> None:
    text = part(gwent.data, "annexe-three")["text"]
    assert "[Glossary \\(justiceinspectors.gov.uk\\)](https://justiceinspectors.gov.uk)" in text


@needs_source
def test_draft_validates_and_scores_as_published(
    gwent: ImportDraft, frameworks: dict[str, Framework]
) -> None:
    card = validate(gwent.data, frameworks)
    figures = {f.key: f for f in card.figures}
    assert figures["overall"].stated == 6 and figures["overall"].status == "match"
    assert figures["overall_rating"].status == "match"
    for cid, label in GWENT_RATINGS.items():
        assert figures[f"criterion:{cid}"].stated == label
        assert figures[f"criterion:{cid}"].status in ("match", "not computed")


@pytest.mark.skipif(not ARCHIVE.exists(), reason="the archive file is not written yet")
def test_archive_file_validates_and_scores() -> None:
    archive = load_archive(ROOT / "data", [ARCHIVE])
    assert archive.problems == []
    report = archive.reports["gwent-2022-pdu"]
    card = score_report(report, archive.frameworks)
    assert [f.status for f in card.figures if f.key.startswith("overall")] == ["match", "match"]
    sidecar = ARCHIVE.with_name("gwent-2022-pdu.import.txt")
    assert sidecar.exists() and "## Dropped" in sidecar.read_text(encoding="utf-8")


@needs_source
def test_detection(frameworks: dict[str, Framework]) -> None:
    assert looks_like_pdu(GWENT.read_text(encoding="utf-8"))
    for other in SOURCES.glob("*esi*.txt"):
        assert not looks_like_pdu(other.read_text(encoding="utf-8")), other.name


@needs_source
def test_another_unit_parses_from_its_own_words(frameworks: dict[str, Framework]) -> None:
    """Nothing is tied to Gwent: rename the unit, move the region, change a rating, lose the contents."""
    text = GWENT.read_text(encoding="utf-8")
    text = text.replace("Gwent", "Kestrel Vale").replace("Wales region", "North West region")
    text = text.replace("February 2022", "June 2023").replace("Score **6/27**", "Score **7/27**")
    text = text.replace("2.1 Court work\n\nOutstanding", "2.1 Court work\n\nGood")
    text = re.sub(r"Contents\n\n(?:.*\t\d+\n)+", "", text)
    draft = parse_pdu(text, frameworks)
    data = draft.data
    assert data["slug"] == "kestrel-vale-2023-pdu"
    assert (data["meta"]["area"], data["meta"]["region"]) == ("Kestrel Vale", "North West")
    assert data["stated"]["overall"] == 7
    assert "contents" not in data
    assert [p["id"] for p in data["parts"]] == [
        "background",
        "domain-1",
        "domain-2",
        "annexe-one",
        "annexe-two",
        "annexe-three",
    ]
    assert (
        "2.1: the standard is rated 'Outstanding' but the ratings page says 'Good'" in draft.notes
    )


# --- small made-up reports -------------------------------------------------------------------


def mini_report(frameworks: dict[str, Framework], *, court_columns: str = "single") -> str:
    """A short PDU report built from the framework's own standards and questions."""
    fw = frameworks["pdu-2021"]
    lines = [
        "An inspection of probation services in:",
        "Northdale PDU",
        "Probation Service – North East region",
        "",
        "HM Inspectorate of Probation, March 2023",
        "",
        "The role of HM Inspectorate of Probation",
        "",
        "We are the independent inspector of probation services.",
        "",
        "Foreword",
        "",
        "This inspection found much to praise and much to",
        "",
        "¹ A footnote at the foot of the page.",
        "",
        "improve in the unit.",
        "",
        "Jane Doe",
        "Chief Inspector of Probation",
        "",
        "Ratings",
        "",
        "Northdale PDU",
        "",
        "Score **12/27**",
        "",
        "Overall rating",
        "",
        "Requires improvement",
        "",
    ]
    labels = [
        "Good",
        "Good",
        "Requires improvement",
        "Good",
        "Good",
        "Inadequate",
        "Good",
        "Requires improvement",
        "Good",
    ]
    rated = [c for s in fw.sections for c in s.criteria if c.scale]
    for crit, rating in zip(rated, labels, strict=True):
        lines += [f"{crit.id} {crit.title}", "", rating, ""]
    lines += [
        "Recommendations",
        "",
        "Northdale PDU should:",
        "",
        "1. do one thing",
        "2. do another.",
        "",
        "The region should:",
        "",
        "- act on a bullet.",
        "",
    ]
    for section in fw.sections:
        lines += [
            f"{section.id}. {section.title}",
            "",
            f"Summary of domain {section.id}.",
            "",
            "Strengths:",
            "",
            "- A strength.",
            "",
            "Areas for improvement:",
            "",
            "- A weakness.",
            "",
        ]
        for crit in section.criteria:
            label = dict(zip([c.id for c in rated], labels, strict=True)).get(crit.id)
            lines += [f"{crit.id}. {crit.title}", "", crit.description or "Statement.", ""]
            if label:
                lines += [label, ""]
            if crit.rating_rule == "judgement":
                for kq in crit.key_questions:
                    lines += [kq.text, "", f"Findings on {kq.id}.", ""]
                continue
            lines += ["Our rating² for this standard is based on these key questions:", ""]
            if court_columns == "single":
                lines += ["Key question\tScore"]
                lines += [f"{kq.text}\t{70 + n}%" for n, kq in enumerate(crit.key_questions)]
            else:
                lines += ["Key question\tScores\t", "\tCommunity sentences\tAll cases"]
                lines += [
                    f"{kq.text}\t{60 + n}%\t{70 + n}%" for n, kq in enumerate(crit.key_questions)
                ]
            lines += [
                "",
                "² The rating for the standard is driven by the lowest score.",
                "",
                "Good practice example",
                "",
                "Sam's plan was thorough.",
                "",
            ]
    lines += ["Annexe one – Web links", "", "[Our work](https://example.org)"]
    return "\n".join(lines)


def test_mini_report_parses_and_validates(frameworks: dict[str, Framework]) -> None:
    draft = parse_pdu(mini_report(frameworks), frameworks)
    data = draft.data
    assert data["slug"] == "northdale-2023-pdu"
    assert data["meta"]["region"] == "North East"
    assert data["foreword"]["signatory"] == {
        "name": "Jane Doe",
        "role": "Chief Inspector of Probation",
    }
    assert "much to praise and much to improve in the unit." in data["foreword"]["body"]
    assert data["stated"] == {"overall": 12, "overall_rating": "Requires improvement"}
    assert [len(g["items"]) for g in data["recommendations"]] == [2, 1]
    assert data["recommendations"][1]["items"][0] == {"text": "act on a bullet."}
    found = criteria(data)
    assert found["1.2"]["score"] == "Good" and found["2.2"]["score"] == "Inadequate"
    assert "**Do managers pay sufficient attention to staff engagement?**" in found["1.2"]["text"]
    assert [kq["all"] for kq in found["2.3"]["key_questions"]] == ["70%", "71%", "72%"]
    assert found["2.3"]["rating_note"].startswith("²")
    assert found["2.4"]["boxes"][0]["body"] == "Sam's plan was thorough."
    assert part(data, "domain-2")["strengths"] == ["A strength."]
    assert part(data, "annexe-one")["text"] == "[Our work](https://example.org)"
    validate(data, frameworks)


def test_two_column_key_question_table(frameworks: dict[str, Framework]) -> None:
    found = criteria(parse_pdu(mini_report(frameworks, court_columns="two"), frameworks).data)
    assert found["2.2"]["key_questions"][0] == {
        "question": frameworks["pdu-2021"].criterion("2.2").key_questions[0].text,  # type: ignore[union-attr]
        "community": "60%",
        "all": "70%",
    }


def test_markup_and_images_are_dropped_and_listed(frameworks: dict[str, Framework]) -> None:
    text = (
        mini_report(frameworks)
        .replace("This inspection found", "<span class='x'>This</span> inspection found")
        .replace("Jane Doe", "An image of a signature, written in blue ink.\n\nJane Doe")
    )
    draft = parse_pdu(text, frameworks)
    assert draft.data["foreword"]["body"].startswith("This inspection found")
    assert "HTML markup: <span class='x'>" in draft.dropped
    assert any(d.startswith("image description: An image of a signature") for d in draft.dropped)


def test_unusable_text_raises_import_failure(frameworks: dict[str, Framework]) -> None:
    with pytest.raises(ImportFailure, match="no PDU framework fits"):
        parse_pdu("Just some text.", frameworks)
    no_cover = re.sub(r"HM Inspectorate of Probation, March 2023", "", mini_report(frameworks))
    with pytest.raises(ImportFailure, match="year of publication"):
        parse_pdu(no_cover, frameworks)
    assert issubclass(ImportFailure, ValueError)


# --- robustness -------------------------------------------------------------------------------

JUNK = [
    "",
    " ",
    "\t",
    "\t\t",
    "**",
    "2.2. Assessment",
    "Good practice example",
    "Strengths:",
    "⁵",
    "⁵ note",
    "- ",
    "Score **x/27**",
    "<b>",
    "Annexe one – X",
    "Overall rating",
    "Inadequate",
    "Key question\tScore",
    "x\t101%",
    "Recommendation from:",
    "Categorisation **Yes**",
    "© Crown copyright",
    "Published by:",
    "Contents",
    "Foreword\t3",
    "1. Organisational delivery",
]


FIGURE = re.compile(r"^\s*[-+]?\d")


@st.composite
def mutated(draw: st.DrawFn, ops: tuple[str, ...] = ALL_EDITS) -> str:
    base = GWENT.read_text(encoding="utf-8") if GWENT.exists() else mini_report(_frameworks())
    return mutate(draw, base, ops, st.one_of(st.sampled_from(JUNK), st.text(max_size=30)))


def content_units(text: str) -> list[str]:
    """Sentences and table rows, without rows of column headings or contents lines.

    Column headings of a key-question table become the fields of its results,
    and contents lines end in a page number; neither is text to look for.
    """
    units: list[str] = []
    for line in text.splitlines():
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            rest = [c for c in cells[1:] if c]
            headings = len(rest) >= 2 and not any(FIGURE.match(c) for c in rest)
            if headings or (rest and re.fullmatch(r"\d{1,4}", rest[-1])):
                continue
            if len(unit := norm(" ".join(cells))) >= 20:
                units.append(unit)
            continue
        units += [u for s in re.split(r"(?<=[.!?])\s+", line) if len(u := norm(s)) >= 40]
    return units


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_input_never_raises_anything_but_import_failure(text: str) -> None:
    try:
        draft = parse_pdu(text, _frameworks())
    except ImportFailure as err:
        assert str(err)
        return
    assert isinstance(draft.data["slug"], str)
    Report.model_validate(draft.data)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(EDITS))
def test_reordered_text_is_never_lost_silently(text: str) -> None:
    """Whatever a damaged export looks like, each sentence is in the draft, unplaced or dropped."""
    try:
        draft = parse_pdu(text, _frameworks())
    except ImportFailure:
        return
    assert lost(draft, content_units(text), norm) == []


@needs_source
@pytest.mark.parametrize(
    ("lost", "meta", "note"),
    [
        (
            "An inspection of probation services in:",
            {"title": "Gwent PDU"},
            "title: the cover has no title line; the unit it names, 'Gwent PDU', is the title",
        ),
        (
            "HM Inspectorate of Probation, February 2022",
            {"published": None, "cover": ["Probation Service – Wales region"]},
            "year: the cover gives no date; the copyright year, 2022, is used",
        ),
    ],
)
def test_a_cover_that_lost_a_line_falls_back_on_the_rest_of_the_report(
    gwent: ImportDraft, frameworks: dict[str, Framework], lost: str, meta: dict[str, Any], note: str
) -> None:
    text = GWENT.read_text(encoding="utf-8")
    draft = parse_pdu("\n".join(ln for ln in text.split("\n") if ln.strip() != lost), frameworks)
    expected = {k: v for k, v in {**gwent.data["meta"], **meta}.items() if v is not None}
    assert draft.data["meta"] == expected
    assert {k: v for k, v in draft.data.items() if k != "meta"} == {
        k: v for k, v in gwent.data.items() if k != "meta"
    }
    assert draft.unplaced == gwent.unplaced and draft.notes == [note]


@pytest.mark.parametrize(
    ("lost", "note"),
    [
        # The contents from their rows of titles and page numbers.
        ("Contents", "contents: heading missing"),
        # The acknowledgements from their thanks after the contents list.
        ("Acknowledgements", "acknowledgements: heading missing"),
        # The recommendations from their addressee line over a numbered list.
        ("Recommendations", "recommendations: heading missing"),
    ],
)
def test_a_chapter_whose_heading_was_lost_is_found_from_its_structure(
    gwent: ImportDraft, frameworks: dict[str, Framework], lost: str, note: str
) -> None:
    text = GWENT.read_text(encoding="utf-8")
    draft = parse_pdu("\n".join(ln for ln in text.split("\n") if ln.strip() != lost), frameworks)
    assert draft.data == gwent.data
    assert draft.unplaced == gwent.unplaced
    assert any(n.startswith(note) for n in draft.notes)


@needs_source
def test_blocks_keep_the_source_order(gwent: ImportDraft) -> None:
    found = criteria(gwent.data)
    # The key-question table under the sentence that introduces it, the note on its
    # rating at the foot of its page, each example after the sentence leading to it.
    assert found["2.2"]["text"].startswith("Our rating⁶ for assessment is based on")
    assert kinds(found["2.2"]) == ["key-questions", "prose", "note", "box", "prose", "box"]
    assert found["2.2"]["blocks"][1]["text"].endswith("A good example of this was:")
    # 'Characteristics of inspected cases' follows the paragraph that introduces it.
    services = found["1.3"]
    assert kinds(services) == ["table", "table", "prose"]
    assert services["blocks"][0]["caption"] == "Characteristics of inspected cases²"
    outcomes = found["2.6"]["blocks"][0]
    assert outcomes["type"] == "key-questions" and outcomes["heading"] == "Outcomes"
