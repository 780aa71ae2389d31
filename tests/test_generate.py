"""``reports generate``: the site's content for any generator, from the same pipeline as MkDocs."""

from __future__ import annotations

import filecmp
import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from datafolders import data_folder

from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
SITE = data_folder("site")


def _generate(out: Path, data: Path, *more: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["generate", str(out), "--data", str(data), *more])
    return result.exit_code, result.output


def test_pages_data_files_and_search_index_are_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = _generate(out, SITE)
    assert code == 0, output
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    slugs = sorted(p.stem for p in (SITE / "reports").glob("*.yaml"))
    for slug in slugs:
        assert (out / "reports" / slug / "data.json").is_file()
        assert (out / "reports" / slug / "data.csv").is_file()
        entry = next(e for e in manifest if e["path"] == f"reports/{slug}/index.html")
        assert entry["title"] and entry["in_nav"] is False and entry["toc"]
    assert (out / "data" / "criteria.csv").is_file()
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(slugs)


def test_the_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    for name in ("one", "two"):
        assert _generate(tmp_path / name, SITE, "--no-search")[0] == 0
    compared = filecmp.dircmp(tmp_path / "one", tmp_path / "two")
    assert compared.diff_files == compared.left_only == compared.right_only == []


def test_a_failed_run_leaves_the_earlier_output_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _generate(out, SITE, "--no-search")[0] == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    data = tmp_path / "data"
    shutil.copytree(SITE, data)
    (data / "reports" / "broken.yaml").write_text("meta: [\n", "utf-8")
    code, output = _generate(out, data, "--no-search")
    assert code == 1 and "broken.yaml:" in output
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_a_folder_it_did_not_write_is_never_emptied(tmp_path: Path) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "keep.txt").write_text("mine", "utf-8")
    code, output = _generate(out, SITE, "--no-search")
    assert code == 1
    assert output == f"error: {out} is not empty and was not written by reports generate\n"
    assert (out / "keep.txt").read_text("utf-8") == "mine"
