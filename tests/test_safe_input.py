"""Hostile files in the data folder: each gets one located line, never a traceback or a leak."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from datafolders import FRAMEWORKS, data_folder

from generator.cli import main
from generator.stages.validate import load_archive

REPORT = "gwent-2022-pdu.yaml"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder with the real frameworks and one real report, as ``data`` in the cwd."""
    shutil.copytree(FRAMEWORKS, tmp_path / "data" / "frameworks")
    (tmp_path / "data" / "reports").mkdir()
    shutil.copyfile(
        data_folder("data") / "reports" / REPORT, tmp_path / "data" / "reports" / REPORT
    )
    monkeypatch.chdir(tmp_path)
    return Path("data")


def validate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


LEADS_OUT = (
    "file leads outside the data folder (expected a file inside data, got a link to somewhere else)"
)


def test_a_link_out_of_the_data_folder_is_refused_by_its_own_name(data: Path) -> None:
    secret = Path("secret.yaml").absolute()
    secret.write_text("password: hunter2\n")
    (data / "reports" / "p.yaml").symlink_to(secret)
    expected = f"data/reports/p.yaml:1:1: {LEADS_OUT}\n1 problem in 1 file\n"
    assert validate() == (1, expected)
    assert validate("data/reports/p.yaml") == (1, expected)


def test_a_report_linked_in_from_elsewhere_is_not_published(data: Path) -> None:
    elsewhere = Path("elsewhere").absolute()
    elsewhere.mkdir()
    text = (data / "reports" / REPORT).read_text("utf-8")
    (elsewhere / "linked.yaml").write_text(text.replace("slug: gwent-2022-pdu", "slug: linked"))
    (data / "reports" / "linked.yaml").symlink_to(elsewhere / "linked.yaml")
    (data / "frameworks" / "themes" / "linked.yaml").symlink_to(elsewhere / "linked.yaml")
    archive = load_archive(data)
    assert [str(p) for p in archive.problems] == [
        f"data/frameworks/themes/linked.yaml:1:1: {LEADS_OUT}",
        f"data/reports/linked.yaml:1:1: {LEADS_OUT}",
    ]
    assert list(archive.reports) == ["gwent-2022-pdu"]


def test_links_that_stay_inside_the_data_folder_are_followed(data: Path) -> None:
    shutil.move(data / "reports" / REPORT, data / REPORT)
    (data / "reports" / REPORT).symlink_to(Path("..") / REPORT)
    assert validate() == (0, "")


def test_a_loop_of_links_is_no_file(data: Path) -> None:
    (data / "reports" / "a.yaml").symlink_to("b.yaml")
    (data / "reports" / "b.yaml").symlink_to("a.yaml")
    assert validate() == (0, "")
    assert validate("data/reports/a.yaml")[0] == 2  # 'no such file or folder'
