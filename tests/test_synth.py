"""``reports-tools synth``: a valid, deterministic, realistically sized synthetic archive."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from inspection_tools.synth import synth_command
from inspection_tools.synth_parts import text_size

from generator.model.archive import Archive
from generator.model.report import Report
from generator.stages.score import score_report
from generator.stages.validate import load_archive

COUNT = 12
DATA = Path(__file__).resolve().parent.parent / "data"


def _synth(out: Path, seed: int = 3, count: int = COUNT) -> str:
    result = CliRunner().invoke(
        synth_command,
        ["--count", str(count), "--seed", str(seed), "--out", str(out), "--data", str(DATA)],
    )
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synth")
    _synth(folder)
    return folder


@pytest.fixture(scope="module")
def archive(out: Path) -> Archive:
    return load_archive(out)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_same_seed_writes_the_same_bytes(out: Path, tmp_path: Path) -> None:
    _synth(tmp_path / "again")
    assert _files(tmp_path / "again") == _files(out)


def test_another_seed_writes_other_reports(out: Path, tmp_path: Path) -> None:
    _synth(tmp_path / "other", seed=4)
    assert _files(tmp_path / "other") != _files(out)


def test_every_file_is_valid(archive: Archive) -> None:
    assert [str(p) for p in archive.problems] == []
    assert len(archive.reports) == COUNT


def test_every_report_type_is_present(archive: Archive) -> None:
    kinds = Counter(archive.frameworks[r.framework].kind for r in archive.reports.values())
    rated = [r for r in archive.reports.values() if archive.frameworks[r.framework].banding]
    assert kinds["follow-up"] >= 2
    assert rated
    assert kinds["methodology"] - len(rated) >= kinds["follow-up"]
    themes = {r.thematic.theme for r in archive.reports.values() if r.thematic}
    assert len(themes) >= 2


def test_themes_differ_in_shape(out: Path, archive: Archive) -> None:
    made = [fw for fw in archive.frameworks.values() if fw.id.startswith("synthetic-")]
    assert (out / "frameworks" / "themes" / f"{made[0].id}.yaml").is_file()
    shapes = {tuple(len(s.criteria) for s in fw.sections) for fw in made}
    assert len(made) >= 3 and len(shapes) == len(made)


def test_follow_ups_link_to_a_full_report_of_the_same_area(archive: Archive) -> None:
    follow_ups = [r for r in archive.reports.values() if r.meta.follow_up_of]
    assert follow_ups
    for report in follow_ups:
        original = archive.reports[report.meta.follow_up_of or ""]
        assert original.meta.area == report.meta.area
        assert original.framework == archive.frameworks[report.framework].base
        assert original.meta.year < report.meta.year


def test_stated_figures_are_what_the_engine_computes(archive: Archive) -> None:
    for report in archive.reports.values():
        card = score_report(report, archive.frameworks)
        assert not [f for f in card.figures if f.status == "differs"], report.slug
        if report.stated.sections or report.stated.overall is not None:
            assert any(f.status == "match" for f in card.figures)


def _full_reports(archive: Archive) -> list[Report]:
    return [r for r in archive.reports.values() if r.thematic is not None]


def test_a_full_report_is_as_long_as_a_published_one(out: Path, archive: Archive) -> None:
    for report in _full_reports(archive):
        path = out / "reports" / f"{report.slug}.yaml"
        text = text_size(yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader))
        assert 80_000 <= text <= 110_000, (report.slug, text)
        # Blocks name their type and kind: the file is some 6% longer than its text.
        assert 80_000 <= path.stat().st_size <= 117_000, report.slug


def test_a_full_report_has_every_kind_of_content(archive: Archive) -> None:
    report = _full_reports(archive)[0]
    criteria = [c for p in report.parts for c in p.criteria]
    assert report.glossary and report.recommendations and report.key_findings
    assert all(c.strengths and c.improvements for c in criteria)
    assert {b.kind for r in _full_reports(archive) for p in r.parts for c in p.criteria
            for b in c.boxes} == {"good-practice", "poor-practice"}  # fmt: skip
    assert any(p.kind == "annexe" and p.tables for p in report.parts)


def test_rated_reports_publish_key_question_tables(archive: Archive) -> None:
    rated = [r for r in archive.reports.values() if archive.frameworks[r.framework].banding]
    for report in rated:
        rows = [kq for p in report.parts for c in p.criteria for kq in c.key_questions]
        assert rows and all(kq.all is not None for kq in rows)
        assert report.stated.overall is not None and report.stated.overall_rating


def test_refuses_to_overwrite_a_folder_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    result = CliRunner().invoke(
        synth_command, ["--count", "1", "--out", str(tmp_path), "--data", str(DATA)]
    )
    assert result.exit_code == 2
    assert "not written by reports-tools synth" in result.output
    assert (tmp_path / "notes.txt").read_text("utf-8") == "mine"


def test_rewrites_its_own_folder_and_is_quiet_without_a_terminal(tmp_path: Path) -> None:
    _synth(tmp_path, count=3)
    output = _synth(tmp_path, count=2)
    assert len(list((tmp_path / "reports").glob("*.yaml"))) == 2
    assert output.count("\n") == 1 and output.startswith("wrote 2 reports")
