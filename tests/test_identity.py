"""Who is who: a report is its slug (file name, address, follow-up link)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from datafolders import ROOT

from generator.cli import main


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


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


ORIGINAL = Path("data/reports/gwent-2004-esi.yaml")
FOLLOW_UP = Path("data/reports/gwent-2005-esi-follow-up.yaml")
PDU = Path("data/reports/gwent-2022-pdu.yaml")


def test_a_changed_slug_must_rename_its_file_and_its_follow_ups(data: Path) -> None:
    edit(ORIGINAL, "slug: gwent-2004-esi\n", "slug: gwent-2004\n")
    assert validate() == (
        1,
        "data/reports/gwent-2004-esi.yaml:1:7: slug: slug differs from the file name (expected "
        "'gwent-2004-esi', as in gwent-2004-esi.yaml, got 'gwent-2004'; rename the file or "
        "change the slug)\n"
        "data/reports/gwent-2005-esi-follow-up.yaml:10:17: meta.follow_up_of: unknown report "
        "(expected the slug of a report in the archive, got 'gwent-2004-esi')\n"
        "2 problems in 2 files\n",
    )
    ORIGINAL.rename(ORIGINAL.with_name("gwent-2004.yaml"))
    code, err = validate()
    assert (code, err.splitlines()[-1]) == (1, "1 problem in 1 file")
    edit(FOLLOW_UP, "follow_up_of: gwent-2004-esi\n", "follow_up_of: gwent-2004\n")
    assert validate() == (0, "")


def test_a_follow_up_checked_alone_finds_its_original_by_file_name(data: Path) -> None:
    assert validate(str(FOLLOW_UP)) == (0, "")
    ORIGINAL.unlink()
    code, err = validate(str(FOLLOW_UP))
    assert (code, "unknown report" in err) == (1, True)


def test_a_slug_in_a_differently_named_file_is_refused(data: Path) -> None:
    PDU.rename(PDU.with_name("gwent-pdu.yaml"))
    assert validate("data/reports/gwent-pdu.yaml") == (
        1,
        "data/reports/gwent-pdu.yaml:1:7: slug: slug differs from the file name (expected "
        "'gwent-pdu', as in gwent-pdu.yaml, got 'gwent-2022-pdu'; rename the file or change "
        "the slug)\n1 problem in 1 file\n",
    )
