"""'reports import': one-line errors, no overwrite without --force, never a partial file."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.importer import ReportImportError, parse_report
from generator.importer.run import ends_early
from generator.importer.write import check, dump, sidecar_path
from generator.model.archive import Archive
from generator.stages.validate import load_frameworks

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "fixtures" / "import" / "gwent-2004-esi.txt"
FOLLOW_UP = ROOT / "tests" / "fixtures" / "import" / "gwent-2005-esi-follow-up.txt"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data" / "frameworks", tmp_path / "data" / "frameworks")
    return tmp_path / "data"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_imports_validates_scores_and_writes_a_sidecar(data: Path) -> None:
    code, out, _ = run(str(SOURCE), "--data", str(data))
    assert code == 0
    target = data / "reports" / "gwent-2004-esi.yaml"
    assert f"wrote {target} (esi-full; 0 unplaced" in out
    assert "score Overall score for sections B–D (excluding D3): match" in out
    sidecar = (data / "reports" / "gwent-2004-esi.import.txt").read_text()
    assert "## Dropped on purpose (conversion debris)" in sidecar


def test_a_follow_up_without_its_original_is_not_linked(data: Path) -> None:
    code, out, _ = run(str(FOLLOW_UP), "--data", str(data))
    assert code == 0
    assert "note: follow-up of 'gwent-2004-esi', which is not in" in out
    assert "follow_up_of" not in (data / "reports" / "gwent-2005-esi-follow-up.yaml").read_text()


def test_never_overwrites_without_force(data: Path) -> None:
    target = data / "reports" / "gwent-2004-esi.yaml"
    target.parent.mkdir()
    target.write_text("hand-edited\n")
    code, _, err = run(str(SOURCE), "--data", str(data))
    assert code == 1
    assert f"error: {target}: already exists (use --force to overwrite it)" in err
    assert target.read_text() == "hand-edited\n"
    assert run(str(SOURCE), "--data", str(data), "--force")[0] == 0
    assert target.read_text().startswith("slug: gwent-2004-esi")


def test_written_files_get_the_usual_mode_and_keep_theirs_on_force(data: Path) -> None:
    # mkstemp makes private files; a report in a shared archive must not become one.
    mask = os.umask(0o022)
    try:
        assert run(str(SOURCE), "--data", str(data))[0] == 0
        target = data / "reports" / "gwent-2004-esi.yaml"
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        assert stat.S_IMODE(sidecar_path(target).stat().st_mode) == 0o644
        target.chmod(0o664)
        assert run(str(SOURCE), "--data", str(data), "--force")[0] == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o664
    finally:
        os.umask(mask)


def test_output_option(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere" / "x.yaml"
    assert run(str(SOURCE), "--data", str(data), "-o", str(out))[0] == 0
    assert out.exists() and (tmp_path / "elsewhere" / "x.import.txt").exists()
    code, _, err = run(str(SOURCE), str(FOLLOW_UP), "-o", str(out), "--data", str(data))
    assert code == 2 and "-o/--output takes one SOURCE" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"",
            "empty file (expected the text of an ESI full report, an ESI follow-up or a PDU 2021 inspection)",
        ),
        (b"\x89PNG\r\n\x00\x00binary", "binary data (expected a UTF-8 text export of a report)"),
        (b"caf\xe9\n", "not UTF-8 text at line 1 (expected a UTF-8 text export of a report)"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    data: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "x.txt"
    bad.write_bytes(content)
    code, _, err = run(str(bad), "--data", str(data))
    assert code == 1
    assert err == f"error: {bad}: {message}\n"
    assert not (data / "reports").exists()


def test_a_failed_write_leaves_no_partial_file(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("generator.importer.write.os.replace", fail)
    code, _, err = run(str(SOURCE), "--data", str(data))
    target = data / "reports" / "gwent-2004-esi.yaml"
    assert (code, err) == (1, f"error: {target}: cannot write (disk full); nothing written\n")
    assert list((data / "reports").iterdir()) == []


def _frameworks() -> dict:  # type: ignore[type-arg]
    archive = Archive()
    load_frameworks(ROOT / "data" / "frameworks", archive)
    return archive.frameworks


FRAMEWORKS = _frameworks()
LINES = SOURCE.read_text(encoding="utf-8").split("\n")


def _parse_or_clean_error(text: str) -> None:
    try:
        parse_report(text, FRAMEWORKS)
    except ReportImportError as err:
        assert "\n" not in str(err)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_random_text_never_crashes(text: str) -> None:
    _parse_or_clean_error(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cuts=st.lists(st.tuples(st.integers(0, len(LINES)), st.integers(0, 40)), max_size=6),
    noise=st.lists(st.tuples(st.integers(0, len(LINES)), st.text(max_size=80)), max_size=6),
)
def test_mutated_reports_never_crash(
    cuts: list[tuple[int, int]], noise: list[tuple[int, str]]
) -> None:
    lines = list(LINES)
    for start, length in cuts:
        del lines[start : start + length]
    for at, text in noise:
        lines.insert(min(at, len(lines)), text)
    _parse_or_clean_error("\n".join(lines))


def test_an_existing_sidecar_is_kept_without_force(data: Path) -> None:
    sidecar = data / "reports" / "gwent-2004-esi.import.txt"
    sidecar.parent.mkdir()
    sidecar.write_text("reviewer's notes\n")
    code, _, err = run(str(SOURCE), "--data", str(data))
    assert (code, err) == (1, f"error: {sidecar}: already exists (use --force to overwrite it)\n")
    assert sidecar.read_text() == "reviewer's notes\n"
    assert not (data / "reports" / "gwent-2004-esi.yaml").exists()
    assert run(str(SOURCE), "--data", str(data), "--force")[0] == 0
    assert sidecar.read_text().startswith("# Import report for ")


@pytest.mark.parametrize("earlier", [None, "reviewer's notes\n"])
def test_nothing_written_leaves_no_sidecar_behind(
    data: Path, monkeypatch: pytest.MonkeyPatch, earlier: str | None
) -> None:
    target = data / "reports" / "gwent-2004-esi.yaml"
    sidecar = sidecar_path(target)
    target.mkdir(parents=True)  # the report cannot be renamed over a folder
    if earlier is not None:
        sidecar.write_text(earlier)
    code, _, err = run(str(SOURCE), "--data", str(data), "--force")
    assert code == 1
    assert err.endswith(f"error: {target}: cannot write (Is a directory); nothing written\n")
    assert sorted(p.name for p in target.parent.iterdir()) == sorted(
        ["gwent-2004-esi.yaml", *(["gwent-2004-esi.import.txt"] if earlier else [])]
    )
    assert (sidecar.read_text() if earlier else None) == earlier


def test_a_source_cut_short_is_refused_saying_so(data: Path, tmp_path: Path) -> None:
    # 58 KB of the Gwent export: no thematic element, no role chapter, half of section D.
    cut = tmp_path / "cut.txt"
    cut.write_bytes(SOURCE.read_bytes()[:58_000])
    out = tmp_path / "out" / "gwent-2004-esi.yaml"
    code, _, err = run(str(cut), "--data", str(data), "-o", str(out))
    assert code == 1
    assert err.splitlines()[-1] == (
        f"error: {cut}: the text ends before 'The role of HMI Probation' (page 40), the last "
        "chapter its contents list (expected every listed chapter, got none by that title; is "
        "the file truncated?); nothing written"
    )
    missing = "missing part required by framework 'esi-2003'"
    assert f"{out}:1:1: thematic: {missing}" in err and f"{out}:1:1: role: {missing}" in err
    assert "got D1; is the file cut short?)" in err
    assert not out.parent.exists()


LAST_CHAPTER = {
    "county-durham-2004-esi": "THE ROLE OF HMI PROBATION",
    "gwent-2004-esi": "THE ROLE OF HMI PROBATION",
    "gwent-2005-esi-follow-up": "THE ROLE OF HMI PROBATION",
    "gwent-pdu-2022": "Annexe three – Web links",
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(LAST_CHAPTER)), st.floats(0, 1))
def test_any_export_cut_before_its_last_chapter_writes_nothing(name: str, where: float) -> None:
    lines = (SOURCE.parent / f"{name}.txt").read_text(encoding="utf-8").split("\n")
    last = max(i for i, line in enumerate(lines) if LAST_CHAPTER[name] in line)
    text = "\n".join(lines[: int(where * last)])
    try:
        draft = parse_report(text, FRAMEWORKS)
    except ReportImportError:
        return
    refused = ends_early(draft) or check(dump(draft.data), "x.yaml", FRAMEWORKS).problems
    assert refused


def test_a_forced_import_keeps_the_editorial_notes_of_the_file_it_replaces(data: Path) -> None:
    assert run(str(SOURCE), "--data", str(data))[0] == 0
    target = data / "reports" / "gwent-2004-esi.yaml"
    noted = (
        target.read_text("utf-8")
        + "notes:\n- 'B1: the score 48% was misprinted as 84%; corrected by hand.'\n"
    )
    target.write_text(noted, "utf-8")
    code, out, _ = run(str(SOURCE), "--data", str(data), "--force")
    assert code == 0
    assert "kept 1 editorial note(s) from the replaced gwent-2004-esi.yaml" in out
    assert target.read_text("utf-8").endswith(
        "notes:\n- 'B1: the score 48% was misprinted as 84%; corrected by hand.'\n"
    )
