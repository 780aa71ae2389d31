"""A preview's put-off pages: which units are kept as last built, and the build asked for later."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml
from datafolders import data_folder
from sites import ROOT, differing, site_config

from generator.mkdocs.later import FOLDER, Later, put_off
from generator.mkdocs.reuse import Output
from generator.site.incremental import ARCHIVE

SITE_DATA = data_folder("site")
PAGE = [Output("reports/a/index.html", "reports/a.md", "page")]


def test_units_not_made_now_are_taken_back_by_their_last_key() -> None:
    asked: list[tuple[str, bool]] = []

    def take(key: str, carry: bool) -> list[Output] | None:
        asked.append((key, carry))
        return None if key == "gone" else PAGE

    before = {ARCHIVE: "k0", "saved": "k1", "related": "k2", "lost": "gone"}
    kept = put_off([ARCHIVE, "saved", "related", "new", "lost"], {"saved"}, before, take)
    assert kept == {ARCHIVE: ("k0", PAGE), "related": ("k2", PAGE)}
    # The archive brings back the pages recorded with it; a report never made has no last key.
    assert asked == [("k0", True), ("k2", False), ("gone", False)]


def test_nothing_is_put_off_when_every_unit_is_made_now() -> None:
    assert put_off(["a", "b"], {"a", "b"}, {"a": "1", "b": "2"}, lambda k, c: PAGE) == {}


def _wait_for(path: Path, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_build_is_asked_for_once_builds_pause(tmp_path: Path) -> None:
    later = Later(quiet=0.05)
    later.after(True)  # no server watches yet: nothing to ask
    folder = later.watched(tmp_path)
    assert folder == tmp_path / FOLDER and folder.is_dir()
    later.after(False)
    assert not _wait_for(folder / "build", 0.3)
    later.after(True)
    assert _wait_for(folder / "build", 10)
    assert (folder / "build").read_text("utf-8") == "1\n"


def test_a_build_starting_first_cancels_the_request(tmp_path: Path) -> None:
    later = Later(quiet=0.2)
    folder = later.watched(tmp_path)
    later.after(True)
    later.cancel()
    assert not _wait_for(folder / "build", 0.6)


# As `mkdocs serve` builds: the configuration loaded again each time, the plugin kept.
SERVE = """
import os, shutil, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

config_path, report, old, new, *copies = sys.argv[1:]


def serve_build():
    config = load_config(config_path)
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    return config.site_dir


site = serve_build()
if old == "DELETE":
    os.remove(report)
elif report != "-":
    with open(report, encoding="utf-8") as f:
        text = f.read()
    with open(report, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))
for copy in copies:
    shutil.copytree(serve_build(), copy)
"""


def _serve(config: Path, report: str, old: str, new: str, *copies: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    result = subprocess.run(
        [sys.executable, "-c", SERVE, str(config), report, old, new, *map(str, copies)],
        capture_output=True, text=True, timeout=600, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def _saved(tmp_path: Path, name: str, old: str, new: str) -> tuple[Path, Path]:
    """The preview's site after a save to report ``name`` (``old`` "DELETE" deletes it), and
    after the next build, which must be the site a fresh preview of the saved data makes."""
    data = tmp_path / "data"
    shutil.copytree(SITE_DATA, data)
    report = data / "reports" / f"{name}.yaml"
    first, then = tmp_path / "first", tmp_path / "then"
    _serve(site_config(tmp_path, "serve", data), str(report), old, new, first, then)
    _serve(site_config(tmp_path, "fresh", data, cache_dir=""), "-", "", "")
    assert differing(then, tmp_path / "site-fresh") == []
    return first, then


def test_a_preview_shows_the_saved_report_first_and_every_other_page_at_the_next_build(
    tmp_path: Path,
) -> None:
    old, new = "Northshire Probation Area", "Northshire Probation Service"
    first, then = _saved(tmp_path, "northshire-2004-esi", old, new)
    assert new in (first / "reports/northshire-2004-esi/index.html").read_text("utf-8")
    assert old in (first / "reports/index.html").read_text("utf-8")  # as last built
    assert new not in (first / "reports/index.html").read_text("utf-8")
    assert new in (then / "reports/index.html").read_text("utf-8")


def test_a_deleted_report_is_gone_at_once_and_from_every_list_at_the_next_build(
    tmp_path: Path,
) -> None:
    first, then = _saved(tmp_path, "westvale-2005-esi", "DELETE", "")
    assert not (first / "reports/westvale-2005-esi").exists()
    assert "westvale-2005-esi" in (first / "reports/index.html").read_text("utf-8")  # as last built
    assert "westvale-2005-esi" not in (then / "reports/index.html").read_text("utf-8")


def test_a_request_after_the_server_stopped_is_dropped_quietly(tmp_path: Path) -> None:
    later = Later(quiet=0.0)
    folder = later.watched(tmp_path / "site")
    shutil.rmtree(tmp_path / "site")
    later._touch(folder)  # what the timer's thread runs: no exception escapes it
    assert not folder.exists()


def test_a_theme_partial_saved_between_preview_builds_shows_at_the_next(tmp_path: Path) -> None:
    # MkDocs gives every build a new theme environment, so templates need not be
    # checked for changes while one build uses them (generator/mkdocs/bytecode.py).
    overrides = tmp_path / "overrides"
    shutil.copytree(ROOT / "overrides", overrides)
    config = site_config(tmp_path, "serve", SITE_DATA)
    settings = yaml.safe_load(config.read_text("utf-8"))
    settings["theme"]["custom_dir"] = str(overrides)
    config.write_text(yaml.safe_dump(settings, allow_unicode=True), "utf-8")
    partial = overrides / "partials" / "copyright.html"
    old = partial.read_text("utf-8").splitlines()[-1]
    assert old.strip(), "the partial's last line is replaced by the edit"
    _serve(config, str(partial), old, old + "<!-- saved partial -->", tmp_path / "then")
    for page in ("index.html", "reports/northshire-2004-esi/index.html"):
        assert "<!-- saved partial -->" in (tmp_path / "then" / page).read_text("utf-8")
