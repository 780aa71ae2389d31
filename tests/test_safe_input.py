"""Hostile files in the data folder: each gets one located line, never a traceback or a leak."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from datafolders import FRAMEWORKS, ROOT

from generator.cli import main
from generator.stages.files import yaml_files
from generator.stages.validate import load_archive

REPORT = "gwent-2022-pdu.yaml"


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder with the real frameworks and one real report, as ``data`` in the cwd."""
    shutil.copytree(FRAMEWORKS, tmp_path / "data" / "frameworks")
    (tmp_path / "data" / "reports").mkdir()
    shutil.copyfile(ROOT / "data" / "reports" / REPORT, tmp_path / "data" / "reports" / REPORT)
    monkeypatch.chdir(tmp_path)
    return Path("data")


def reports(*args: str) -> tuple[int, str]:
    """Run ``reports ARGS``: its exit status and what it printed on stderr."""
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stderr


def validate(*args: str) -> tuple[int, str]:
    return reports("validate", *args)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


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


def test_the_files_listed_are_those_pathlib_globs(tmp_path: Path) -> None:
    # yaml_files walks with scandir; it must list what rglob("*") would.
    root = tmp_path / "reports"
    (root / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    for name in ("a.yaml", "b.yml", ".hidden.yaml", "c.txt", "sub/d.yaml", "sub/deeper/e.YAML"):
        (root / name).write_text("x: 1\n", "utf-8")
    (tmp_path / "elsewhere" / "f.yaml").write_text("x: 1\n", "utf-8")
    (root / "folder.yaml").mkdir()
    (root / "linked.yaml").symlink_to(tmp_path / "elsewhere" / "f.yaml")
    (root / "broken.yaml").symlink_to(tmp_path / "missing.yaml")
    (root / "folder-link").symlink_to(tmp_path / "elsewhere")
    globbed = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    assert yaml_files(root) == globbed
    assert [p.relative_to(root).as_posix() for p in globbed] == [
        ".hidden.yaml", "a.yaml", "b.yml", "linked.yaml", "sub/d.yaml"
    ]  # fmt: skip


def test_mappings_nested_500_deep_are_one_problem_in_every_command(data: Path) -> None:
    deep = "".join(f"\n{'  ' * (i + 2)}a:" for i in range(500))
    edit(data / "reports" / REPORT, "  year: 2022\n", f"  year: 2022\n  x:{deep} 1\n")
    expected = (
        "data/reports/gwent-2022-pdu.yaml:51:81: meta.x" + ".a" * 38 + ": nested too deep "
        "(expected at most 40 levels of mappings and lists, got more)\n1 problem in 1 file\n"
    )
    assert validate() == (1, expected)
    assert reports("score", "data/reports/gwent-2022-pdu.yaml") == (1, expected)
    assert reports("generate", "out", "--no-search") == (1, expected)


def test_lists_nested_past_the_limit_read_the_same(data: Path) -> None:
    edit(data / "reports" / REPORT, "  year: 2022\n", "  year: 2022\n  x: " + "[" * 1500 + "\n")
    assert validate() == (
        1,
        "data/reports/gwent-2022-pdu.yaml:12:1004: nested too deep "
        "(expected at most 40 levels of mappings and lists, got more)\n1 problem in 1 file\n",
    )


def test_nesting_up_to_the_limit_is_published(data: Path) -> None:
    # Chapters within chapters down to the 40th level of the file: every stage walks them.
    # The top mapping, a list and a mapping for each chapter, then a list of blocks,
    # a findings block and its list of items.
    depth = 17
    chapters = "".join(
        f"{'  ' * (2 * i)}- id: deep-{i}\n{'  ' * (2 * i)}  title: Deep {i}\n"
        f"{'  ' * (2 * i)}  parts:\n"
        for i in range(depth)
    )
    innermost = f"{'  ' * (2 * depth)}- id: deep-{depth}\n{'  ' * (2 * depth)}  title: Deepest\n"
    pad = "  " * (2 * depth)
    innermost += (
        f"{pad}  blocks:\n{pad}  - type: findings\n{pad}    kind: strengths\n"
        f"{pad}    title: Strengths\n{pad}    items:\n{pad}    - Found.\n"
    )
    edit(data / "reports" / REPORT, "\nparts:\n", "\nparts:\n" + chapters + innermost)
    assert validate() == (0, "")
    assert reports("generate", "out", "--no-search") == (0, "")
    assert 'id="deep-17"' in Path("out/reports/gwent-2022-pdu/index.html").read_text("utf-8")


def test_a_file_over_the_size_limit_is_refused_unread(data: Path) -> None:
    path = data / "reports" / REPORT
    with path.open("a", encoding="utf-8") as handle:
        handle.write("# padding\n" * (2 * 1024 * 1024 // 10))
    size = path.stat().st_size
    assert validate() == (
        1,
        f"data/reports/gwent-2022-pdu.yaml:1:1: file too large (expected at most 2,097,152 "
        f"bytes, got {size:,})\n1 problem in 1 file\n",
    )


def test_the_size_limit_leaves_room_over_the_largest_report() -> None:
    largest = max(p.stat().st_size for p in (ROOT / "data" / "reports").glob("*.yaml"))
    assert largest * 10 < 2 * 1024 * 1024


def test_a_raw_control_character_is_placed_in_one_line(data: Path) -> None:
    edit(data / "reports" / REPORT, "  area: Gwent\n", "  area: Gw\x07ent\n")
    assert validate() == (
        1,
        "data/reports/gwent-2022-pdu.yaml:8:11: control character not allowed (expected text "
        "without control characters but tab and newline, got U+0007)\n1 problem in 1 file\n",
    )


def test_escaped_control_characters_never_reach_a_page(data: Path) -> None:
    path = data / "reports" / REPORT
    edit(path, "  area: Gwent\n", '  area: "Gw\\x00ent"\n')
    edit(path, "  region: Wales\n", '  region: "Wa\\x07les"\n')
    edit(path, "  area_name: Gwent PDU\n", '  area_name: "\\e[31mGwent PDU"\n  "\\x1b": x\n')
    message = "control character not allowed (expected text without control characters but tab "
    code, err = reports("generate", "out", "--no-search")
    assert (code, err) == (
        1,
        f"data/reports/gwent-2022-pdu.yaml:8:9: meta.area: {message}and newline, got U+0000)\n"
        f"data/reports/gwent-2022-pdu.yaml:9:14: meta.area_name: {message}and newline, got U+001B)\n"
        f"data/reports/gwent-2022-pdu.yaml:10:3: meta.\\x1b: {message}and newline, got U+001B)\n"
        "data/reports/gwent-2022-pdu.yaml:10:3: meta.\\x1b: unknown key '\\x1b' (expected one "
        "of area, area_name, cover, fieldwork, follow_up_of, isbn, publish_on, published, "
        "published_as, publisher, region, status, title, year)\n"
        f"data/reports/gwent-2022-pdu.yaml:11:11: meta.region: {message}and newline, got U+0007)\n"
        "5 problems in 1 file\n",
    )
    assert not Path("out").exists()
