"""A report carries every part its framework requires: half a report is refused, not published."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from datafolders import ROOT

from generator.cli import main
from generator.model.archive import Archive
from generator.model.report import Report
from generator.stages.validate import load_frameworks

CUT = "is the file cut short?"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real data folder, copied, as ``data`` in the working directory."""
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("*.txt"))
    monkeypatch.chdir(tmp_path)
    return Path("data")


def validate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


ESI = Path("data/reports/gwent-2004-esi.yaml")


def test_the_first_half_of_a_report_is_refused(data: Path) -> None:
    text = ESI.read_text("utf-8")
    half = text[: len(text) // 2]
    assert not half.endswith("\n")  # mid-sentence
    ESI.write_text(half, "utf-8")
    lines = half.split("\n")
    parts = lines.index("parts:") + 2  # the list starts on the line after its key
    assert validate() == (
        1,
        f"data/reports/gwent-2004-esi.yaml:{parts}:1: parts: missing sections A, B, C, D "
        "required by framework 'esi-2003' (expected a part for each of sections A, B, C, D, "
        f"got none; {CUT})\n1 problem in 1 file\n",
    )


def _cut(path: Path, start: str, end: str) -> None:
    """Remove the lines from the first starting ``start`` up to (not including) one starting ``end``."""
    lines = path.read_text("utf-8").split("\n")
    i = next(k for k in range(len(lines)) if lines[k].startswith(start))
    j = next((k for k in range(i + 1, len(lines)) if lines[k].startswith(end)), len(lines))
    path.write_text("\n".join(lines[:i] + lines[j:]), "utf-8")


def test_each_kind_of_missing_part_is_placed(data: Path) -> None:
    _cut(ESI, "role:", "parts:")
    _cut(ESI, "  overall_assessment:", "  recommendations:")
    _cut(ESI, "  - id: D4", "- id: ")  # the last criterion of the last part: to the end
    code, err = validate()
    assert (code, err.splitlines()) == (
        1,
        [
            "data/reports/gwent-2004-esi.yaml:1:1: role: missing part required by framework "
            f"'esi-2003' (expected 'role' in every report, got none; {CUT})",
            "data/reports/gwent-2004-esi.yaml:275:3: thematic.overall_assessment: missing part "
            "required by framework 'domestic-violence-2003' (expected 'overall_assessment' in "
            f"every thematic element, got none; {CUT})",
            "data/reports/gwent-2004-esi.yaml:1346:3: parts.6.criteria: missing criteria "
            "required by framework 'esi-2003' (expected every criterion of section D: D1, D2, "
            f"D3, D4, got D1, D2, D3; {CUT})",
            "3 problems in 1 file",
        ],
    )


def test_a_requirement_names_a_report_key_and_a_section(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data" / "frameworks", tmp_path / "frameworks")
    path = tmp_path / "frameworks" / "pdu-2021.yaml"
    text = path.read_text("utf-8")
    old = '  keys: [foreword, recommendations, role]\n  sections: ["1", "2"]\n'
    assert old in text
    path.write_text(text.replace(old, '  keys: [foreward]\n  sections: ["3"]\n'), "utf-8")
    archive = Archive()
    load_frameworks(tmp_path / "frameworks", archive)
    keys = ", ".join(Report.model_fields)
    assert [(p.line, p.path, p.message) for p in archive.problems] == [
        (17, "requires.keys.0",
         f"unknown report key (expected one of {keys}, got 'foreward'; did you mean 'foreword'?)"),
        (18, "requires.sections.0", "unknown section (expected one of 1, 2, got '3')"),
    ]  # fmt: skip
