"""Publishing beside the live site: what :class:`Linked` decides and links, on small folders."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator.mkdocs.publish import Linked, files_below, prepare, publish, same_file
from generator.mkdocs.reuse import Output

KEPT = [Output("reports/a/index.html", "reports/a/index.md", "page", "A"),
        Output("reports/a/data.json", "reports/a/data.json", "file")]  # fmt: skip
WRITTEN = {"index.html": "<p>home</p>", "assets/app.js": "// app", "pagefind/shards.json": "[]"}


def _write(root: Path, dest: str, text: str) -> None:
    path = root / dest
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def _live(tmp_path: Path) -> tuple[Path, Path]:
    """A live site published by a first build: a kept unit, MkDocs' files and a search bundle."""
    live, cache = tmp_path / "site", tmp_path / "cache"
    staging = prepare(live)
    first = Linked(cache, live)
    first.stash(staging)
    for out in KEPT:
        _write(staging, out.dest, f"<p>{out.dest}</p>")
    for dest, text in WRITTEN.items():
        _write(staging, dest, text)
    _write(staging, "pagefind/fragment/en_1.pf_fragment", "fragment")
    first.finish({"a": KEPT}, {})
    publish(staging, live)
    return live, cache


def _second(live: Path, cache: Path, written: dict[str, str]) -> tuple[Linked, Path]:
    """A second build that keeps the unit and has MkDocs write ``written``."""
    linked = Linked(cache, live)
    staging = prepare(live)
    linked.stash(staging)
    assert linked.take("a") == KEPT
    for dest, text in written.items():
        _write(staging, dest, text)
    return linked, staging


def test_a_build_that_writes_the_same_files_and_keeps_the_rest_is_unchanged(
    tmp_path: Path,
) -> None:
    live, cache = _live(tmp_path)
    # Search files beside the kept bundles do not count: they go when a changed site is published.
    _write(live, "pagefind/fragment/stale.pf_fragment", "old")
    linked, staging = _second(live, cache, WRITTEN)
    assert linked.unchanged(staging)


@pytest.mark.parametrize(
    ("written", "live_extra"),
    [
        ({**WRITTEN, "index.html": "<p>new home</p>"}, None),  # a file MkDocs wrote changed
        ({**WRITTEN, "404.html": "gone"}, None),  # a file the live site lacks
        ({**WRITTEN, "pagefind/shards.json": "[1]"}, None),  # the search index's own list
        (WRITTEN, "reports/old/index.html"),  # the live site holds a page no longer built
        (WRITTEN, "pagefind"),  # a file, not the search index's folder
    ],
)
def test_any_difference_from_the_live_site_is_a_change(
    tmp_path: Path, written: dict[str, str], live_extra: str | None
) -> None:
    live, cache = _live(tmp_path)
    if live_extra == "pagefind":
        os.rename(live / "pagefind", tmp_path / "index")
    if live_extra is not None:
        _write(live, live_extra, "extra")
    linked, staging = _second(live, cache, written)
    assert not linked.unchanged(staging)


def test_a_written_file_that_is_a_folder_in_the_live_site_is_a_change(tmp_path: Path) -> None:
    live, cache = _live(tmp_path)
    _write(live, "feed.xml/index.html", "a folder")
    linked, staging = _second(live, cache, {**WRITTEN, "feed.xml": "<feed/>"})
    assert not linked.unchanged(staging)


def test_kept_outputs_are_linked_into_the_new_site_and_written_ones_left_alone(
    tmp_path: Path,
) -> None:
    live, cache = _live(tmp_path)
    linked, staging = _second(live, cache, {**WRITTEN, "reports/a/data.json": "rewritten"})
    linked.link_kept(staging)
    page = KEPT[0].dest
    assert (staging / page).stat().st_ino == (live / page).stat().st_ino
    assert (staging / KEPT[1].dest).read_text("utf-8") == "rewritten"


def test_files_below_lists_files_not_folders_and_skips_one_folder(tmp_path: Path) -> None:
    for dest in ("a.txt", "b/c.txt", "b/d/e.txt", "skip/f.txt", "skipped/g.txt"):
        _write(tmp_path, dest, dest)
    (tmp_path / "empty").mkdir()
    os.symlink(tmp_path / "b", tmp_path / "link")  # as os.walk: a link to a folder is not entered
    expected = {"a.txt", "b/c.txt", "b/d/e.txt", "skipped/g.txt"}
    assert files_below(str(tmp_path), skip="skip") == expected
    walked = {
        os.path.relpath(os.path.join(folder, name), tmp_path)
        for folder, _, names in os.walk(tmp_path)
        for name in names
    }
    assert files_below(str(tmp_path)) == walked == expected | {"skip/f.txt"}


def test_same_file_compares_bytes_and_wants_a_file(tmp_path: Path) -> None:
    _write(tmp_path, "a", "same")
    _write(tmp_path, "b", "same")
    _write(tmp_path, "c", "diff")
    (tmp_path / "d").mkdir()
    assert same_file(str(tmp_path / "a"), str(tmp_path / "b"))
    assert not same_file(str(tmp_path / "a"), str(tmp_path / "c"))
    assert not same_file(str(tmp_path / "a"), str(tmp_path / "d"))
    assert not same_file(str(tmp_path / "a"), str(tmp_path / "missing"))


def test_the_old_site_is_removed_after_the_swap_without_the_build_waiting(tmp_path: Path) -> None:
    live = tmp_path / "site"
    (live / "reports").mkdir(parents=True)
    (live / "reports" / "old.html").write_text("old", "utf-8")
    staging = prepare(live)
    (staging / "index.html").write_text("new", "utf-8")
    publish(staging, live)
    assert sorted(p.name for p in live.iterdir()) == ["index.html"]
    previous = tmp_path / "site.previous"
    deadline = time.monotonic() + 60
    while previous.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not previous.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
