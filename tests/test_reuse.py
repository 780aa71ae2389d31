"""Keeping the last build's outputs: each step of :class:`Reuse` on a small site folder."""

from __future__ import annotations

import os
from pathlib import Path

from generator.mkdocs.reuse import STASH, Output, Reuse
from generator.site.search import complete, write_shards


def _write(site: Path, dest: str, text: str) -> None:
    path = site / dest
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def _clean(site: Path) -> None:
    """What MkDocs does before every build: remove everything but hidden entries."""
    import shutil

    for entry in os.listdir(site):
        if not entry.startswith("."):
            path = site / entry
            shutil.rmtree(path) if path.is_dir() else path.unlink()


A = [Output("reports/a/index.html", "reports/a/index.md", "page", "A"),
     Output("reports/a/data.json", "reports/a/data.json", "file")]  # fmt: skip
B = [Output("reports/b/index.html", "reports/b/index.md", "page", "B")]
FINDER = [Output("reports/index.html", "reports/index.md", "nav", "Reports")]


def _bundle(folder: Path) -> None:
    entry = '{"languages": {"en": {"hash": "en_1", "page_count": 1}}}'
    _write(folder, "pagefind-entry.json", entry)
    _write(folder, "pagefind.js", "// client")
    _write(folder, "pagefind.en_1.pf_meta", "meta")
    _write(folder, "fragment/en_1.pf_fragment", "fragment")


def _first_build(tmp_path: Path, search: dict[str, str] | None = None) -> tuple[Path, Path]:
    site, cache = tmp_path / "site", tmp_path / "cache"
    reuse = Reuse(cache)
    reuse.stash(site)
    assert reuse.take("a") is None  # nothing was built before
    for out in A + B + FINDER:
        _write(site, out.dest, f"<p>{out.dest}</p>")
    reuse.settle()
    for folder in search or {}:
        _bundle(site / "pagefind" / folder)
    reuse.finish({"a": A, "b": B, "finder": FINDER}, search or {})
    return site, cache


def test_a_kept_unit_comes_back_with_the_same_bytes_and_inode(tmp_path: Path) -> None:
    site, cache = _first_build(tmp_path)
    inode = (site / A[0].dest).stat().st_ino
    reuse = Reuse(cache)  # a new process: the record is read from the cache folder
    reuse.stash(site)
    assert not (site / A[0].dest).exists()  # set aside, where MkDocs' cleaning cannot reach
    _clean(site)
    assert reuse.take("a") == A
    assert (site / A[0].dest).read_text("utf-8") == f"<p>{A[0].dest}</p>"
    assert (site / A[0].dest).stat().st_ino == inode
    assert reuse.take("unknown") is None


def test_an_output_changed_since_the_build_is_not_kept(tmp_path: Path) -> None:
    site, cache = _first_build(tmp_path)
    _write(site, B[0].dest, "<p>edited by hand, longer than before</p>")
    reuse = Reuse(cache)
    reuse.stash(site)
    _clean(site)
    assert reuse.take("b") is None
    assert reuse.take("a") == A


def test_settle_removes_what_this_build_did_not_take(tmp_path: Path) -> None:
    site, cache = _first_build(tmp_path)
    reuse = Reuse(cache)
    reuse.stash(site)
    _clean(site)
    reuse.take("a")
    reuse.take("finder")
    reuse.settle()  # report b was deleted from the data: its folder goes
    reuse.finish({}, {})
    assert (site / A[0].dest).is_file() and (site / FINDER[0].dest).is_file()
    assert not (site / "reports" / "b").exists()
    assert not (site / STASH).exists()


def test_each_search_bundle_is_kept_only_under_its_own_key(tmp_path: Path) -> None:
    site, cache = _first_build(tmp_path, {"": "first", "shard-1": "second"})
    reuse = Reuse(cache)
    reuse.stash(site)
    _clean(site)
    for unit, outs in (("a", A), ("b", B), ("finder", FINDER)):
        assert reuse.take(unit) == outs  # pages first, as MkDocs asks for files
    reuse.settle()
    assert reuse.take_bundle("", "first")
    assert not reuse.take_bundle("shard-1", "changed")  # its reports changed: indexed again
    reuse.drop_stash()
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert not (site / "pagefind" / "shard-1").exists()


def test_a_half_written_bundle_is_never_kept(tmp_path: Path) -> None:
    site, cache = _first_build(tmp_path, {"": "first"})
    (site / "pagefind" / "pagefind.js").unlink()  # as a build killed while Pagefind wrote
    reuse = Reuse(cache)
    reuse.stash(site)
    _clean(site)
    assert not reuse.take_bundle("", "first")
    assert complete(tmp_path / "whole") is False
    _bundle(tmp_path / "whole")
    assert complete(tmp_path / "whole")
    (tmp_path / "whole" / "fragment" / "en_1.pf_fragment").unlink()  # a page's fragment lost
    assert not complete(tmp_path / "whole")


def test_after_a_failed_build_nothing_is_kept(tmp_path: Path) -> None:
    site, cache = _first_build(tmp_path)
    reuse = Reuse(cache)
    reuse.stash(site)
    reuse.abandon()
    assert not (site / STASH).exists()
    again = Reuse(cache)
    again.stash(site)
    assert again.take("a") is None


def test_a_preview_server_trusts_its_own_record_and_keeps_nested_folders(tmp_path: Path) -> None:
    # A library shelf's folder sits inside its framework's: moving the outer
    # folder whole must not lose the inner page, in the same process's next build.
    site = tmp_path / "site"
    shelf = [Output("good-practice/esi/index.html", "good-practice/esi/index.md", "page")]
    page = [Output("good-practice/esi/a4/index.html", "good-practice/esi/a4/index.md", "page")]
    units = {"a": A, "shelf": shelf, "page": page}
    reuse = Reuse(tmp_path / "cache")
    for build in range(3):
        reuse.stash(site)
        if build:
            _clean(site)
        for key, outs in units.items():
            if reuse.take(key) is None:
                for out in outs:
                    _write(site, out.dest, f"<p>{out.dest}</p>")
        reuse.settle()
        reuse.finish({} if build else units, {})
        for outs in units.values():
            assert all((site / o.dest).is_file() for o in outs), build


def test_the_list_of_bundles_is_written_before_the_kept_bundles_are_linked_in(
    tmp_path: Path,
) -> None:
    root = tmp_path / "site.building" / "pagefind"  # nothing indexed: every bundle kept
    write_shards(root, [("", ["a"]), ("shard-1", ["b"]), ("shard-2", ["c"])])
    assert (root / "shards.json").read_text("utf-8") == '["shard-1/", "shard-2/"]\n'
    write_shards(root, [("", ["a"])])
    assert not (root / "shards.json").exists()
