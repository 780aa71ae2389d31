"""Who is who: a report is its slug (file name, address, follow-up link), an area its name's slug."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from datafolders import ROOT

from generator.cli import main
from generator.importer import parse_report
from generator.model.archive import Archive
from generator.model.urls import area_slug, slugify
from generator.stages.validate import load_frameworks


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
        + "".join(
            f"data/reports/gwent-2005-esi-follow-up.yaml:{line}:19: progress.{i}.recommendation: "
            "unknown recommendation (expected '<report slug>#<anchor>' of a report in the "
            f"archive, got 'gwent-2004-esi#recommendation-{n}')\n"
            for i, (line, n) in enumerate([(414, 2), (417, 3), (420, 7), (423, 8)])
        )
        + "6 problems in 2 files\n",
    )
    ORIGINAL.rename(ORIGINAL.with_name("gwent-2004.yaml"))
    code, err = validate()
    # The follow-up still names the original, and its recommendations, by the old slug.
    assert (code, err.splitlines()[-1]) == (1, "5 problems in 1 file")
    edit(FOLLOW_UP, "follow_up_of: gwent-2004-esi\n", "follow_up_of: gwent-2004\n")
    text = FOLLOW_UP.read_text("utf-8")
    FOLLOW_UP.write_text(text.replace("gwent-2004-esi#", "gwent-2004#"), "utf-8")
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


@pytest.mark.parametrize("area", ["東京", '" "', '"-"', "'***'"])
def test_an_area_name_that_makes_no_address_is_refused(data: Path, area: str) -> None:
    edit(PDU, "  area: Gwent\n", f"  area: {area}\n")
    shown = {'" "': "' '", '"-"': "'-'"}.get(area, repr(area.strip("'")))
    assert validate(str(PDU)) == (
        1,
        "data/reports/gwent-2022-pdu.yaml:8:9: meta.area: area name makes no web address "
        "(expected Latin letters or digits, from which its page /areas/<slug>/ is named, "
        f"got {shown})\n1 problem in 1 file\n",
    )


def test_two_spellings_of_one_area_address_are_refused_naming_both(data: Path) -> None:
    edit(ORIGINAL, "  area: Gwent\n", "  area: Gwent!\n")
    edit(PDU, "  area: Gwent\n", "  area: GWENT\n")
    code, err = validate()
    assert (code, err) == (
        1,
        "data/reports/gwent-2005-esi-follow-up.yaml:6:9: meta.area: area 'Gwent' would share "
        "the page /areas/gwent/ with 'Gwent!' (expected one spelling for one area, got 'Gwent' "
        "here and 'Gwent!' in data/reports/gwent-2004-esi.yaml:6)\n"
        "data/reports/gwent-2022-pdu.yaml:8:9: meta.area: area 'GWENT' would share the page "
        "/areas/gwent/ with 'Gwent!' (expected one spelling for one area, got 'GWENT' here and "
        "'Gwent!' in data/reports/gwent-2004-esi.yaml:6)\n"
        "2 problems in 2 files\n",
    )


def test_accented_names_keep_their_letters_in_the_address() -> None:
    assert area_slug("Ynys Môn") == "ynys-mon"
    assert slugify("Straße – Ærø, Łódź") == "strasse-aero-lodz"
    assert slugify("Café ½") == "cafe-1-2"
    assert slugify("東京") == slugify(" - ") == ""


def test_an_imported_report_takes_the_same_slug_rule() -> None:
    archive = Archive()
    load_frameworks(ROOT / "data" / "frameworks", archive)
    text = (ROOT / "tests/fixtures/import/gwent-2004-esi.txt").read_text("utf-8")
    draft = parse_report(text.replace("Gwent", "Ynys Môn"), archive.frameworks)
    assert draft.data["slug"] == "ynys-mon-2004-esi"
