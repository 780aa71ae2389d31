"""The recommendation tracker: ids, judgements linked on import, pages and open data."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from datafolders import data_folder

from generator import build
from generator.cli import main
from generator.explore import tracker
from generator.explore.datafiles import documented
from generator.model.archive import Archive
from generator.model.recommendations import made
from generator.model.report import Report
from generator.stages.validate import load_archive

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "tracker"


@pytest.fixture(scope="module")
def archive() -> Archive:
    found = load_archive(ROOT / "data")
    assert not found.problems
    return found


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data" / "frameworks", tmp_path / "data" / "frameworks")
    (tmp_path / "data" / "reports").mkdir()
    return tmp_path / "data"


def run_import(source: Path, data: Path) -> str:
    result = CliRunner().invoke(main, ["import", str(source), "--data", str(data)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_ids_are_the_slug_and_the_published_number(archive: Archive) -> None:
    ids = [m.id for m in made(archive.reports["gwent-2004-esi"])]
    assert ids[:2] == ["gwent-2004-esi#recommendation-1", "gwent-2004-esi#recommendation-2"]
    assert ids[-1] == "gwent-2004-esi#thematic-recommendation-3"
    assert len(ids) == len(set(ids)) == 13


def test_the_follow_up_judges_four_of_the_originals(archive: Archive) -> None:
    follow_up = archive.reports["gwent-2005-esi-follow-up"]
    assert [j.recommendation for j in follow_up.progress] == [
        f"gwent-2004-esi#recommendation-{n}" for n in (2, 3, 7, 8)
    ]
    entries = {t.id: t for t in tracker.tracked(archive)}
    judged = entries["gwent-2004-esi#recommendation-7"]
    assert [f.report.slug for f in judged.findings] == ["gwent-2005-esi-follow-up"]
    assert judged.status == tracker.JUDGED
    assert entries["gwent-2004-esi#recommendation-1"].status == tracker.NOT_JUDGED


def test_the_pdu_annexe_keeps_eleven_categorised_judgements(archive: Archive) -> None:
    pdu = archive.reports["gwent-2022-pdu"]
    assert len(pdu.progress) == 11
    first, eighth = pdu.progress[0], pdu.progress[7]
    assert first.citation is not None and (first.citation.body, first.citation.date) == (
        "CRC",
        "February 2019",
    )
    assert (first.status, first.still_required, first.part) == (
        "No progress",
        "Yes",
        "annexe-one-1",
    )
    assert eighth.citation is not None and eighth.citation.body == "NPS"
    assert eighth.status == "Sufficient progress"
    cited = [t for t in tracker.tracked(archive) if t.element == "cited"]
    assert len(cited) == 11
    assert {t.year for t in cited} == {2018, 2019}


def test_open_data_has_a_line_per_recommendation_and_per_finding(archive: Archive) -> None:
    files = tracker.files(tracker.tracked(archive))
    rows = list(csv.DictReader(io.StringIO(files["data/recommendations.csv"])))
    made_ids = {m.id for r in archive.reports.values() for m in made(r)}
    recommendations = [r for r in rows if r["line"] == "recommendation"]
    assert {r["recommendation"] for r in recommendations} >= made_ids
    assert len(recommendations) == len(made_ids) + 11
    findings = [r for r in rows if r["line"] == "finding"]
    assert len(findings) == 4 + 11
    assert {r["finding_url"] for r in findings if r["report"] == "gwent-2004-esi"} == {
        "/reports/gwent-2005-esi-follow-up/"
    }
    as_json = json.loads(files["data/recommendations.json"])
    assert [{k: "" if v is None else str(v) for k, v in line.items()} for line in as_json] == rows
    assert as_json[0]["year"] == 2004 and as_json[0]["finding_report"] is None
    assert [c for c, _ in documented()["recommendations"]] == list(rows[0])


def test_the_files_are_their_entries_parts_joined_as_one_dump_would_write_them(
    archive: Archive,
) -> None:
    # Each entry's lines are made (and kept) on their own; joined, they must be
    # exactly what writing every line at once gives.
    entries = tracker.tracked(archive)
    lines = [line for e in entries for line in tracker._lines(e)]
    files = tracker.files(entries)
    assert files["data/recommendations.json"] == (
        json.dumps(
            [{c: None if v == "" else v for c, v in line.items()} for line in lines],
            ensure_ascii=False,
            indent=1,
        )
        + "\n"
    )
    rows = list(csv.reader(io.StringIO(files["data/recommendations.csv"])))
    assert rows == [
        list(tracker.COLUMNS),
        *([str(line[c]) for c in tracker.COLUMNS] for line in lines),
    ]
    assert tracker.files([]) == {
        "data/recommendations.csv": ",".join(tracker.COLUMNS) + "\n",
        "data/recommendations.json": "[]\n",
    }


def test_entries_kept_from_an_earlier_build_are_not_changed_by_later_findings(
    archive: Archive,
) -> None:
    kept: dict[str, list[tracker.Tracked]] = {}

    def made_of(report: Report) -> list[tracker.Tracked]:
        return kept.setdefault(report.slug, tracker.made_by(archive, report))

    first = tracker.tracked(archive, made_of)
    assert tracker.tracked(archive, made_of) == first == tracker.tracked(archive)
    assert all(not e.findings for made in kept.values() for e in made)
    assert any(e.findings for e in first)


def test_a_status_outside_the_framework_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    path = folder / "reports" / "gwent-2022-pdu.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: Sufficient progress", "status: Good progress"), "utf-8")
    problems = [str(p) for p in load_archive(folder).problems]
    assert len(problems) == 1
    assert problems[0].endswith(
        "progress.7.status: expected one of 'No progress', 'Some progress', "
        "'Sufficient progress', got 'Good progress'"
    )


def test_an_unknown_recommendation_id_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    path = folder / "reports" / "gwent-2005-esi-follow-up.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("#recommendation-8", "#recommendation-18"), "utf-8")
    problems = [str(p) for p in load_archive(folder).problems]
    assert len(problems) == 1
    assert "progress.3.recommendation: unknown recommendation (expected one of" in problems[0]
    assert problems[0].endswith("after 'gwent-2004-esi#', got 'recommendation-18')")


def test_a_made_up_follow_up_links_its_quotes_and_keeps_the_stranger(data: Path) -> None:
    run_import(FIXTURE / "northvale-2004-esi.txt", data)
    # Made from Gwent 2004, it prints Gwent's section D: the import drafts its
    # acknowledgement for the reviewer to give the reason, as Gwent's gives one.
    original = data / "reports" / "northvale-2004-esi.yaml"
    text = original.read_text(encoding="utf-8")
    assert "reason: 'FILL IN: why the report''s figure differs" in text
    original.write_text(
        text.replace("reason: 'FILL IN: why", "reason: 'As printed; why", 1), "utf-8"
    )
    out = run_import(FIXTURE / "northvale-2005-esi-follow-up.txt", data)
    written = yaml.safe_load(
        (data / "reports" / "northvale-2005-esi-follow-up.yaml").read_text(encoding="utf-8")
    )
    progress = written["progress"]
    assert [p.get("recommendation") for p in progress] == [
        "northvale-2004-esi#recommendation-2",
        "northvale-2004-esi#recommendation-5",
        "northvale-2004-esi#recommendation-9",
        None,
    ]
    stranger = progress[3]
    assert stranger["text"].startswith("a joint protocol with the local housing authority")
    assert stranger["citation"] == {"body": "Northvale Probation Area"}
    sidecar = (data / "reports" / "northvale-2005-esi-follow-up.import.txt").read_text()
    assert "linked to northvale-2004-esi#recommendation-5 (similarity 0.9" in sidecar
    assert "'a joint protocol with the local housing authority is agreed…' kept as a citation" in (
        sidecar
    )
    assert "kept as a citation" in out
    archive = load_archive(data)
    assert not archive.problems, archive.problems
    entries = {t.id: t for t in tracker.tracked(archive)}
    assert [f.report.slug for f in entries["northvale-2004-esi#recommendation-9"].findings] == [
        "northvale-2005-esi-follow-up"
    ]


def test_the_tracker_is_split_by_area(archive: Archive) -> None:
    shelves = tracker.shelves(tracker.tracked(archive))
    assert [s.slug for s in shelves] == ["county-durham", "gwent"]
    gwent = shelves[1]
    assert gwent.shown == ["gwent-2004-esi", "gwent-2005-esi-follow-up", "gwent-2022-pdu"]
    assert "Some progress" in gwent.statuses


def test_a_report_with_no_recommendations_is_tracked_without_error() -> None:
    folder = data_folder("toy")
    archive = load_archive(folder)
    reports: list[Report] = list(archive.reports.values())
    assert sum(len(made(r)) for r in reports) == len(
        [t for t in tracker.tracked(archive) if t.element != "cited"]
    )


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {p.src_uri.removesuffix("/index.md"): p.html for p in build(ROOT / "data")}


def _added(html: str, anchor: str) -> str:
    """The site's container with this id, as text."""
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</div>", start)]


def test_each_judged_recommendation_links_to_the_follow_up_and_back(
    pages: dict[str, str],
) -> None:
    original = pages["reports/gwent-2004-esi"]
    for n in (2, 3, 7, 8):
        later = _added(original, f"recommendation-{n}-later")
        assert "Added by this site" in later
        assert 'href="../../reports/gwent-2005-esi-follow-up/"' in later
    assert 'id="recommendation-1-later"' not in original
    follow_up = pages["reports/gwent-2005-esi-follow-up"]
    back = _added(follow_up, "recommendations-reviewed")
    hrefs = [f'href="../../reports/gwent-2004-esi/#recommendation-{n}"' for n in (2, 3, 7, 8)]
    assert all(h in back for h in hrefs)
    # In the order the follow-up quotes them.
    assert sorted(hrefs, key=back.index) == hrefs
    assert follow_up.index('id="reasons"') < follow_up.index('id="recommendations-reviewed"')


def test_the_tracker_pages_show_the_pdu_categorisations(pages: dict[str, str]) -> None:
    gwent = pages["recommendations/gwent"]
    assert gwent.count("Sufficient progress") >= 2  # the filter's option and the entry
    assert "Improvement still required: Yes" in gwent
    assert "Made by an earlier inspection of the CRC, February 2019" in gwent
    index = pages["recommendations"]
    assert 'href="gwent/"' in index and 'href="county-durham/"' in index


def test_an_area_page_lists_the_open_recommendations(pages: dict[str, str]) -> None:
    gwent = pages["areas/gwent"]
    listed = gwent[gwent.index('id="open-recommendations"') :]
    listed = listed[: listed.index("</ul>")]
    # Annexe one's eighth judgement says no further improvement is required: it is closed.
    assert 'href="../../reports/gwent-2022-pdu/#annexe-one-8"' not in listed
    assert 'href="../../reports/gwent-2022-pdu/#annexe-one-7"' in listed
    assert 'href="../../reports/gwent-2004-esi/#recommendation-2"' in listed
    assert "33 recommendations made to Gwent" in listed
