"""``reports-tools bench`` keeps working, and its peers build the same content. Never asserts on time."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from inspection_tools.bench import KEYS, SEED, Discarded, bench_command, unavailable
from inspection_tools.bench_markdown import report_markdown
from inspection_tools.bench_sites import load_config, ours_config, plugin_options
from inspection_tools.synth import synthesise

from generator.stages.validate import load_archive

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"
# Ids, anchors and enum values are structure, not content a reader sees.
STRUCTURE = {
    "slug",
    "framework",
    "id",
    "kind",
    "type",
    "section",
    "target",
    "page",
    "theme",
    "status",
    # A date as data (2025-04); the page shows it in words, as published_as or its month.
    "published",
}


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bench-data")
    synthesise(6, 5, folder, ROOT / "data" / "frameworks")
    return folder


def _texts(node: Any, key: str = "") -> list[str]:
    if isinstance(node, str):
        return [] if key in STRUCTURE else [node]
    if isinstance(node, dict):
        return [t for k, v in node.items() for t in _texts(v, k)]
    if isinstance(node, list):
        return [t for v in node for t in _texts(v, key)]
    return []


def test_markdown_holds_every_text_of_the_report(data: Path) -> None:
    archive = load_archive(data)
    for report in archive.reports.values():
        markdown = " ".join(report_markdown(report, archive.frameworks).replace("\\|", "|").split())
        for text in _texts(report.model_dump(exclude_none=True)):
            for paragraph in re.split(r"\n\s*\n", text):
                assert " ".join(paragraph.split()) in markdown, (report.slug, paragraph[:60])


def test_our_config_inherits_the_project_and_swaps_the_data(data: Path, tmp_path: Path) -> None:
    if unavailable(CONFIG):
        pytest.skip(f"our MkDocs build is not there yet: {unavailable(CONFIG)}")
    child = load_config(ours_config(CONFIG, data, tmp_path / "site", tmp_path / "ours.yml"))
    assert child["site_dir"] == str(tmp_path / "site")
    assert (plugin_options(child) or {})["data_dir"] == str(data)
    assert Path(child["docs_dir"]).is_absolute()


def test_smoke_run_writes_every_key(tmp_path: Path) -> None:
    why = unavailable(CONFIG)
    if why:
        pytest.skip(f"our MkDocs build is not there yet: {why}")
    out = tmp_path / "bench.json"
    work = tmp_path / "work"
    # What an earlier run left: set aside before this one, deleted after it.
    (work / "ours" / "site").mkdir(parents=True)
    (work / "ours" / "site" / "stale.html").write_text("stale", "utf-8")
    (work / ".discarded" / "0").mkdir(parents=True)  # as a run that was stopped leaves it
    (work / ".bench").write_text("reports-tools bench --count 10\n", "utf-8")
    options = ["--count", "10", "--json", str(out), "--config", str(CONFIG), "--work", str(work)]
    result = CliRunner().invoke(bench_command, [*options, "--repeat", "2"])
    assert result.exit_code == 0, result.output
    results = json.loads(out.read_text("utf-8"))
    samples = results.pop("samples")
    assert tuple(results) == KEYS
    # Two runs of each cold build, taking turns; each time is their median.
    assert set(samples) == {"cold_s", "baseline_s", "hugo_s", "hugo_pagefind_s"}
    for key, runs in samples.items():
        assert len(runs) == 2 and results[key] == pytest.approx(sum(runs) / 2, abs=0.002), key
    assert "the median of 2 runs" in result.output
    times = ("cold_s", "hugo_s", "hugo_pagefind_s", "baseline_s", "warm_s", "publish_one_s",
             "preview_s")  # fmt: skip
    for key in times:
        assert isinstance(results[key], float) and results[key] > 0, key
    assert 0 < results["page_html_median_bytes"] <= results["page_html_max_bytes"]
    assert results["page_html_max_bytes"] < results["site_bytes"]
    assert results["peak_rss_mb"] > 0
    has_search = (work / "ours" / "site" / "pagefind").is_dir()
    assert (results["search_query_bytes"] is not None) == has_search
    for ratio in ("ours/Hugo", "ours/Hugo+Pagefind", "ours/baseline"):
        assert ratio in result.output
    assert len(list((work / "hugo" / "public" / "reports").glob("*/index.html"))) == 10
    searchable = work / "hugo-pagefind"
    assert len(list((searchable / "reports").glob("*/index.html"))) == 10
    assert (searchable / "pagefind" / "pagefind-entry.json").is_file()
    # Each build's earlier output was set aside while builds were timed, then deleted.
    assert not (work / ".discarded").exists()
    assert not (work / "ours" / "site" / "stale.html").exists()
    # The report edited for publish_one_s and preview_s is as synthesised again.
    synthesise(10, SEED, tmp_path / "again", ROOT / "data" / "frameworks")
    for report in (tmp_path / "again" / "reports").glob("*.yaml"):
        assert (work / "data" / "reports" / report.name).read_bytes() == report.read_bytes()


def test_discarded_folders_wait_aside_until_emptied(tmp_path: Path) -> None:
    discarded = Discarded(tmp_path)
    for name in ("site", "cache"):
        (tmp_path / name / "deep").mkdir(parents=True)
        (tmp_path / name / "deep" / "page.html").write_text(name, "utf-8")
        discarded.discard(tmp_path / name)
    discarded.discard(tmp_path / "never-built")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".discarded"]
    kept = sorted(p.read_text("utf-8") for p in (tmp_path / ".discarded").rglob("*.html"))
    assert kept == ["cache", "site"]
    discarded.empty()
    assert list(tmp_path.iterdir()) == []


def test_readme_documents_every_key_in_order() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Benchmark", 1)[1].split("\n## ", 1)[0]
    rows = section.split("| Key | What it measures |", 1)[1].split("\n\n", 1)[0]
    documented = [
        key
        for line in rows.splitlines()
        if line.startswith("| `")
        for key in re.findall(r"`([a-z_]+)`", line.split("|")[1])
    ]
    assert tuple(documented) == KEYS
