"""Cached, parallel and kept-output builds write exactly what a clean serial build writes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from datafolders import data_folder
from sites import differing, site_config

from generator.model.related import related_index
from generator.model.report import Report
from generator.site import making
from generator.site.cache import DiskCache
from generator.site.incremental import ARCHIVE, Builder, Plan, Unit
from generator.stages import render
from generator.stages.page import RenderedPage

ROOT = Path(__file__).resolve().parent.parent
SITE_DATA = data_folder("site")
MKDOCS = [sys.executable, "-m", "mkdocs"]


def _build(config: Path, jobs: str) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000",
           "INSPECTION_REPORTS_JOBS": jobs}  # fmt: skip
    result = subprocess.run(
        [*MKDOCS, "build", "--strict", "-f", str(config)],
        capture_output=True, text=True, timeout=300, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_cached_and_parallel_builds_match_a_clean_serial_build(tmp_path: Path) -> None:
    serial = site_config(tmp_path, "serial", SITE_DATA, cache_dir="", jobs=1)
    _build(serial, "1")
    cached = site_config(tmp_path, "cached", SITE_DATA)
    _build(cached, "2")  # cold: renders in parallel and fills the cache
    assert differing(tmp_path / "site-serial", tmp_path / "site-cached") == []
    assert (tmp_path / ".cache" / "inspection-reports").is_dir()
    _build(cached, "2")  # warm: every unit from the cache, every page kept
    assert differing(tmp_path / "site-serial", tmp_path / "site-cached") == []


class _Recording(DiskCache):
    """A cache that notes each kind of entry read back; ``forget``: every entry read is gone."""

    def __init__(self, root: Path, forget: bool = False) -> None:
        super().__init__(root)
        self.forget = forget
        self.hits: set[str] = set()

    def get(self, kind: str, key: str) -> Any | None:
        found = None if self.forget else super().get(kind, key)
        if found is not None:
            self.hits.add(kind)
        return found


def _units(cache: DiskCache, jobs: int) -> dict[str, Unit]:
    builder = Builder(SITE_DATA, ROOT / "templates", ROOT / "overrides", cache, jobs)
    return builder.units(sorted(builder.plan().keys))


def test_workers_send_where_they_cached_their_results_and_the_parent_reads_them(
    tmp_path: Path,
) -> None:
    serial = _units(DiskCache(None), 1)
    assert len(serial) == 5  # the archive and four reports: enough to render in workers
    cache = _Recording(tmp_path / "cache")
    assert _units(cache, 2) == serial
    # The cache was empty: what the parent read back, the workers had just written.
    assert {"report", "unit"} <= cache.hits
    # Entries gone before the parent could read them: it checks and renders those itself.
    assert _units(_Recording(tmp_path / "forgetful", forget=True), 2) == serial


def test_a_changed_report_is_rebuilt_and_the_rest_kept(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SITE_DATA, data)
    cached = site_config(tmp_path, "cached", data)
    _build(cached, "2")
    site = tmp_path / "site-cached"
    before = {n: (site / n).stat().st_mtime_ns for n in ("data/index.html", "reports/index.html")}
    report = sorted((data / "reports").glob("*.yaml"))[0]
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace('title: "', 'title: "Changed ', 1), encoding="utf-8")
    _build(cached, "2")  # warm, with one report changed: its unit and the archive rebuilt
    serial = site_config(tmp_path, "serial", data, cache_dir="", jobs=1)
    _build(serial, "1")
    assert differing(tmp_path / "site-serial", tmp_path / "site-cached") == []
    page = tmp_path / "site-cached" / "reports" / report.stem / "index.html"
    assert "Changed " in page.read_text(encoding="utf-8")
    # Archive pages are kept one by one: the finder shows titles, the data page none.
    assert (site / "data/index.html").stat().st_mtime_ns == before["data/index.html"]
    assert (site / "reports/index.html").stat().st_mtime_ns != before["reports/index.html"]
    # Kept whole when nothing changed, and still page by page at the next change.
    _build(cached, "2")
    report.write_text(text.replace('title: "', 'title: "Again ', 1), encoding="utf-8")
    _build(cached, "2")
    assert (site / "data/index.html").stat().st_mtime_ns == before["data/index.html"]
    assert "Again " in page.read_text(encoding="utf-8")
    _build(serial, "1")
    assert differing(tmp_path / "site-serial", site) == []


def _archive_pages(builder: Builder) -> tuple[list[RenderedPage], dict[str, str]]:
    builder.plan()
    unit = builder.units([ARCHIVE])[ARCHIVE]
    return unit.pages, unit.files


def test_a_preview_server_renders_only_the_archive_pages_a_save_touches(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SITE_DATA, data)
    serving = Builder(data, ROOT / "templates", ROOT / "overrides", DiskCache(None), 1)
    first = _archive_pages(serving)
    report = data / "reports" / "northshire-2004-esi.yaml"
    text = report.read_text(encoding="utf-8")
    # A new title shows in the finder, its area and its boxes' shelves; a box's
    # new words only on that box's shelf; a new score in the archive CSV.
    edits = [
        text.replace("Northshire Probation Area", "Northshire Probation Service", 1),
        text.replace("kind: good-practice", "kind: poor-practice", 1),
        text.replace("score: 50%", "score: 51%", 1),
        # A recommendation's words show on its report, its area and its tracker page.
        text.replace("the PPU has senior management oversight", "the PPU has board oversight", 1),
        text,
    ]
    for edited in edits:
        report.write_text(edited, encoding="utf-8")
        kept = _archive_pages(serving)
        fresh = _archive_pages(Builder(data, ROOT / "templates", ROOT / "overrides",
                                       DiskCache(None), 1))  # fmt: skip
        assert kept == fresh
    assert kept == first
    # Pages that show only other reports are the very objects the last build made.
    for src_uri in ("areas/westvale/index.md", "recommendations/eastmoor-pdu/index.md"):
        untouched = [p for p in first[0] if p.src_uri == src_uri]
        assert untouched and any(p is untouched[0] for p in kept[0]), src_uri


def test_a_page_whose_related_report_changed_is_finished_from_its_kept_body(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(SITE_DATA, data)
    # Westvale in Northshire's region: the same round, so each lists the other.
    westvale = data / "reports" / "westvale-2005-esi.yaml"
    text = westvale.read_text(encoding="utf-8")
    westvale.write_text(
        text.replace("  area: Westvale\n", "  area: Westvale\n  region: North East\n"), "utf-8"
    )
    cache = DiskCache(tmp_path / "cache")

    def units(cache: DiskCache) -> dict[str, Unit]:
        builder = Builder(data, ROOT / "templates", ROOT / "overrides", cache, 1)
        plan = builder.plan()
        return builder.units(sorted(n for n in plan.keys if n))

    units(cache)
    report = data / "reports" / "northshire-2004-esi.yaml"
    archive = Builder(data, ROOT / "templates", None, DiskCache(None), 1).plan().archive
    listing = sorted(s for s, found in related_index(archive).items()
                     if "northshire-2004-esi" in {r.slug for r in found})  # fmt: skip
    assert listing
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace('title: "', 'title: "Renamed ', 1), encoding="utf-8")
    rendered: list[str] = []
    real = render.report_body

    def counted(env: Any, archive: Any, report: Report, *args: Any) -> str:
        rendered.append(report.slug)
        return real(env, archive, report, *args)

    monkeypatch.setattr(making, "report_body", counted)
    kept = units(cache)
    # Its follow-up quotes it in the page's body; every other page listing it kept its body.
    assert sorted(rendered) == ["northshire-2004-esi", "northshire-2005-esi-follow-up"]
    assert "westvale-2005-esi" in listing
    fresh = units(DiskCache(None))
    assert kept == fresh
    for slug in listing:
        assert "Renamed " in kept[slug].pages[0].html


def test_an_unchanged_archive_is_keyed_without_validating_its_reports(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SITE_DATA, data)
    cache = DiskCache(tmp_path / "cache")

    def plan() -> Plan:
        return Builder(data, ROOT / "templates", ROOT / "overrides", cache, 1).plan()

    first = plan()
    again = plan()
    assert again.keys == first.keys and again.hashes == first.hashes
    assert again._archive is None  # nothing validated yet
    assert sorted(again.archive.reports) == sorted(first.archive.reports)  # until asked
    report = data / "reports" / "westvale-2005-esi.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = plan()
    assert changed._archive is not None
    assert changed.keys["westvale-2005-esi"] != first.keys["westvale-2005-esi"]
    # An invalid archive is never kept: every build reports its problems.
    report.write_text("slug: [\n", encoding="utf-8")
    assert plan().problems and plan().problems


def test_a_deleted_report_leaves_nothing_behind(tmp_path: Path) -> None:
    # Kept folders come back whole, and what a build does not take is removed.
    data = tmp_path / "data"
    shutil.copytree(SITE_DATA, data)
    cached = site_config(tmp_path, "cached", data)
    _build(cached, "2")
    _build(cached, "2")
    victim = data / "reports" / "westvale-2005-esi.yaml"
    victim.unlink()
    _build(cached, "2")
    assert not (tmp_path / "site-cached" / "reports" / "westvale-2005-esi").exists()
    serial = site_config(tmp_path, "serial", data, cache_dir="", jobs=1)
    _build(serial, "1")
    assert differing(tmp_path / "site-serial", tmp_path / "site-cached") == []
