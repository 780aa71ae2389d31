"""Publishing is atomic: a failed, warned-about or killed build leaves the live site as it was."""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml
from datafolders import data_folder
from sites import site_config

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
KILLS = 10


def _command(config: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]


def _build(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _command(config), capture_output=True, text=True, timeout=300, env=ENV, check=False
    )


def _snapshot(site: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def _edit(data: Path, marker: str) -> None:
    report = sorted((data / "reports").glob("*.yaml"))[0]
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace('title: "', f'title: "{marker} ', 1), encoding="utf-8")


def _copy(tmp: Path) -> Path:
    data = tmp / "data"
    shutil.copytree(data_folder("site"), data)
    return data


def test_a_failed_build_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    config = site_config(tmp_path, "live", data)
    assert _build(config).returncode == 0
    site = tmp_path / "site-live"
    before = _snapshot(site)
    assert len(before) > 50
    (data / "reports" / "broken.yaml").write_text("meta: [\n", encoding="utf-8")
    result = _build(config)
    assert result.returncode == 1 and "broken.yaml:2:1" in result.stderr
    assert _snapshot(site) == before
    (data / "reports" / "broken.yaml").unlink()
    # A warning under --strict: MkDocs aborts after the build, and nothing is published.
    page = ROOT / "content" / "index.md"
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "content", docs)
    (docs / "index.md").write_text(
        page.read_text("utf-8") + "\n[broken](no-such-page.md)\n", "utf-8"
    )
    warned = yaml.safe_load(config.read_text("utf-8"))
    warned["docs_dir"] = str(docs)
    config.write_text(yaml.safe_dump(warned), "utf-8")
    _edit(data, "Warned")
    result = _build(config)
    assert result.returncode == 1 and "strict mode" in result.stdout + result.stderr
    assert _snapshot(site) == before
    assert not (tmp_path / "site-live.building").exists()


def test_a_build_killed_at_any_moment_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    config = site_config(tmp_path, "live", data)
    assert _build(config).returncode == 0
    _edit(data, "Timed")
    started = time.monotonic()
    assert _build(config).returncode == 0  # as long as each build below takes
    took = time.monotonic() - started
    site = tmp_path / "site-live"
    before = _snapshot(site)
    moments, interrupted = random.Random(2024), 0
    for n in range(KILLS):
        _edit(data, f"Killed{n}")  # each build has pages, data files and a search bundle to write
        process = subprocess.Popen(
            _command(config), env=ENV, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(moments.uniform(0.05, took))
        finished = process.poll() is not None
        with contextlib.suppress(ProcessLookupError):  # the build and its indexer, as CI would
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        now = _snapshot(site)
        if now != before:
            # Published before the kill: then it is whole, and building again changes nothing.
            assert _build(config).returncode == 0
            assert _snapshot(site) == now, f"kill {n}: a site neither old nor whole"
        interrupted += not finished and now == before
        before = now
    assert interrupted >= KILLS // 2
    assert _build(config).returncode == 0
    clean = site_config(tmp_path, "clean", data, cache_dir="")
    assert _build(clean).returncode == 0
    assert _snapshot(site) == _snapshot(tmp_path / "site-clean")


def _inodes(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_ino for p in site.rglob("*") if p.is_file()}


def test_a_build_that_changes_nothing_publishes_nothing(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    config = site_config(tmp_path, "live", data)
    assert _build(config).returncode == 0
    site = tmp_path / "site-live"
    before = _inodes(site)
    assert _build(config).returncode == 0
    assert _inodes(site) == before  # the live files themselves, untouched
    _edit(data, "Changed")
    assert _build(config).returncode == 0
    after = _inodes(site)
    changed = sorted(p for p in after if after[p] != before.get(p))
    assert "reports/index.html" in changed  # the finder shows the new title
    # Another report's page and data are the same files, linked into the new site.
    kept = [p for p in after if p.startswith("reports/westvale-2005-esi/")]
    assert kept and all(after[p] == before[p] for p in kept)
