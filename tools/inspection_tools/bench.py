"""``reports-tools bench``: how our build compares with Hugo and plain MkDocs on one archive.

One run synthesises ``--count`` reports, then builds them on this machine our
way, with Hugo, with Hugo then Pagefind, and with plain MkDocs (see
:mod:`inspection_tools.bench_sites`), and measures our site's sizes, the build
that publishes one edited report, and live-preview latency. Results are
printed as a table and, with ``--json``, written with the keys in :data:`KEYS`.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from statistics import median
from typing import Any

import click

from generator.stages.validate import load_archive
from inspection_tools.bench_measure import page_sizes, preview_seconds, publish_seconds, site_bytes
from inspection_tools.bench_search import search_query_bytes
from inspection_tools.bench_sites import (
    PLUGIN,
    BenchError,
    baseline_site,
    hugo_command,
    hugo_site,
    load_config,
    ours_config,
    pagefind_command,
    plugin_options,
    run_measured,
)
from inspection_tools.progress import step
from inspection_tools.synth import synthesise

KEYS = ("cold_s", "hugo_s", "hugo_pagefind_s", "baseline_s", "warm_s", "publish_one_s",
        "preview_s", "search_query_bytes", "page_html_median_bytes", "page_html_max_bytes",
        "site_bytes", "peak_rss_mb")  # fmt: skip
SEED = 2024
MARKER = ".bench"
MKDOCS = [sys.executable, "-m", "mkdocs"]


@dataclass
class Site:
    """One built site: its build time and its report pages."""

    seconds: float
    root: Path
    pages: list[Path]

    def sizes(self) -> tuple[int, int, int]:
        return (*page_sizes(self.pages), site_bytes(self.root))

    def measures(self) -> tuple[float, int, int, int, int | None]:
        """What the table compares: build seconds, page and site sizes, search query bytes."""
        return (self.seconds, *self.sizes(), search_query_bytes(self.root))


class Discarded:
    """Folders a run no longer needs, set aside and deleted once every build is timed.

    Deleting thousands of files just before a timed build charges that build
    for it: ext4 without a journal (as on this project's machines) passes
    over every inode freed in the last minute or more each time it makes a
    file. Deleted between builds, an earlier run's sites would slow whichever
    build came next (ours, as it comes first) and not the peers that follow
    minutes later; renamed aside, every build starts alike.
    """

    def __init__(self, work: Path) -> None:
        self.root = work / ".discarded"
        self.count = 0

    def discard(self, path: Path) -> None:
        """Move ``path`` (if there) out of the way, into this run's folder of discarded things."""
        if not path.exists():
            return
        self.root.mkdir(exist_ok=True)
        path.rename(self.root / str(self.count))
        self.count += 1

    def empty(self) -> None:
        """Delete everything discarded: only once nothing is timed any more."""
        shutil.rmtree(self.root, ignore_errors=True)


def unavailable(config: Path) -> str | None:
    """Why our own build cannot run yet, or None when it can."""
    if not config.is_file():
        return f"{config} does not exist yet"
    if plugin_options(load_config(config)) is None:
        return f"{config} does not use the {PLUGIN} plugin yet"
    found = entry_points(group="mkdocs.plugins", name=PLUGIN)
    if not found:
        return f"the {PLUGIN} MkDocs plugin is not installed"
    try:
        next(iter(found)).load()
    except (ImportError, AttributeError) as err:
        return f"the {PLUGIN} MkDocs plugin does not load yet: {err}"
    return None


def _pages(root: Path, slugs: list[str], pattern: str) -> list[Path]:
    pages = [root / pattern.format(slug=s) for s in slugs]
    missing = [p for p in pages if not p.is_file()]
    if missing:
        raise BenchError(f"{len(missing)} report pages were not built, for example {missing[0]}")
    return pages


def run(
    count: int,
    config: Path,
    work: Path,
    timeout: float,
    discarded: Discarded,
    repeat: int = 1,
) -> tuple[dict[str, Any], str]:
    """Every measurement, keyed as :data:`KEYS`, and the table that shows them.

    With ``repeat``, the cold builds (ours and the peers') run that many times,
    taking turns, and each time is the median of its runs: this machine's
    speed drifts by a fifth within minutes, which one run of each, minutes
    apart, puts into their ratio. The runs are under ``samples``. Each
    build's earlier output goes to ``discarded``, deleted by the caller
    after the run.
    """
    options = plugin_options(load_config(config)) or {}
    frameworks = config.parent / str(options.get("data_dir", "data")) / "frameworks"
    step(f"Writing {count} synthetic reports")
    data = work / "data"
    synthesise(count, SEED, data, frameworks)
    archive = load_archive(data)
    slugs = sorted(archive.reports)
    log = work / "build.log"
    edited = data / "reports" / f"{slugs[0]}.yaml"
    ours = ours_config(config, data, work / "ours" / "site", work / "ours.yml")

    def site_of(seconds: float, root: Path) -> Site:
        return Site(seconds, root, _pages(root, slugs, "reports/{slug}/index.html"))

    build = [*MKDOCS, "build", "--quiet", "-f", str(ours)]
    plain = baseline_site(archive, work / "baseline")
    source = hugo_site(archive, work / "hugo")
    searchable = work / "hugo-pagefind"
    samples: dict[str, list[float]] = {k: [] for k in ("cold_s", "baseline_s", "hugo_s",
                                                        "hugo_pagefind_s")}  # fmt: skip
    peak_rss = 0.0
    for turn in range(repeat):
        runs = f" (run {turn + 1} of {repeat})" if repeat > 1 else ""
        step(f"Building our site from nothing{runs}")
        # From nothing each time: no site, no cache (which lives beside ours.yml).
        for folder in (work / "ours", work / ".cache", searchable, plain.parent / "site",
                       source / "public"):  # fmt: skip
            discarded.discard(folder)
        cold, rss = run_measured(build, work, log)
        samples["cold_s"].append(cold)
        peak_rss = max(peak_rss, rss)
        if turn == repeat - 1:
            # Straight after our last cold build, as without --repeat: nothing but
            # our own builds run between publishing the site and these.
            step("Building our site again with nothing changed")
            warm, _ = run_measured(build, work, log)
            our = site_of(cold, work / "ours" / "site")
            # Measured before one report is edited, so they describe the archive as synthesised.
            searched = search_query_bytes(our.root)
            median_page, largest, total = our.sizes()
            step("Publishing one edited report")
            publish = publish_seconds(build, work, log, edited, our.pages[0])
        step(f"Building the same reports with plain MkDocs, Hugo, and Hugo with Pagefind{runs}")
        for key, seconds in _peers(plain, source, searchable, work, log).items():
            samples[key].append(seconds)
    times = {key: median(values) for key, values in samples.items()}
    base = site_of(times["baseline_s"], plain.parent / "site")
    hugo = site_of(times["hugo_s"], source / "public")
    hugo_pagefind = site_of(times["hugo_pagefind_s"], searchable)

    step("Timing the live preview")
    preview = preview_seconds(MKDOCS, ours, edited, f"reports/{slugs[0]}/", log, timeout)
    results: dict[str, Any] = {
        "cold_s": round(times["cold_s"], 3), "hugo_s": round(hugo.seconds, 3),
        "hugo_pagefind_s": round(hugo_pagefind.seconds, 3),
        "baseline_s": round(base.seconds, 3), "warm_s": round(warm, 3),
        "publish_one_s": round(publish, 3),
        "preview_s": None if preview is None else round(preview, 3),
        "search_query_bytes": searched, "page_html_median_bytes": median_page,
        "page_html_max_bytes": largest, "site_bytes": total, "peak_rss_mb": round(peak_rss, 1),
    }  # fmt: skip
    if repeat > 1:
        results["samples"] = {key: [round(v, 3) for v in values] for key, values in samples.items()}
    peers = {"Hugo": hugo, "Hugo+Pagefind": hugo_pagefind, "baseline": base}
    return results, table(results, count, peers, repeat)


def _peers(plain: Path, source: Path, searchable: Path, work: Path, log: Path) -> dict[str, float]:
    """The peers' build times: plain MkDocs from ``plain``, Hugo from ``source``, and Hugo
    into ``searchable`` then Pagefind over it."""
    baseline, _ = run_measured([*MKDOCS, "build", "--quiet", "-f", str(plain)], work, log)
    hugo, _ = run_measured(hugo_command(source), work, log)
    built, _ = run_measured(hugo_command(source, searchable), work, log)
    indexed, _ = run_measured(pagefind_command(searchable), work, log)
    return {"baseline_s": baseline, "hugo_s": hugo, "hugo_pagefind_s": built + indexed}


def _ratio(ours: float | None, peer: float | None) -> str:
    if ours is None or not peer:
        return ""
    return f"{ours / peer:.2f}×"


def table(results: dict[str, Any], count: int, peers: dict[str, Site], repeat: int = 1) -> str:
    """The results as an aligned text table, with the ratio of ours to each peer.

    A peer's column holds, on each row, the measure of its own site it is
    compared with: its full build on every time row (a peer rebuilds
    everything for any change), its page, site and search download sizes.
    """
    measured = {name: site.measures() for name, site in peers.items()}
    rows: list[tuple[str, str, int | None]] = [
        ("cold build (s)", "cold_s", 0),
        ("warm rebuild, nothing changed (s)", "warm_s", 0),
        ("publish one edited report (s)", "publish_one_s", 0),
        ("live preview, save to page shown (s)", "preview_s", None),
        ("search query download (bytes)", "search_query_bytes", 4),
        ("report page HTML, median (bytes)", "page_html_median_bytes", 1),
        ("report page HTML, largest (bytes)", "page_html_max_bytes", 2),
        ("whole site (bytes)", "site_bytes", 3),
        ("peak RSS of our cold build (MB)", "peak_rss_mb", None),
    ]
    head = ("measure", "key", "ours", *peers, *(f"ours/{name}" for name in peers))
    lines: list[tuple[str, ...]] = [head]
    for name, key, peer in rows:
        value = results[key]
        theirs = [None if peer is None else measured[p][peer] for p in peers]
        shown = [_show(v, "–") for v in theirs]
        lines.append((name, key, _show(value, "null"), *shown, *(_ratio(value, v) for v in theirs)))
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    text = [
        f"reports-tools bench: {count} synthetic reports (seed {SEED}), built on this machine",
        "",
    ]
    for i, row in enumerate(lines):
        text.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            text.append("  ".join("-" * w for w in widths))
    text.append("")
    text.append("Peers' builds, on every time row: Hugo hugo_s, Hugo+Pagefind hugo_pagefind_s "
                "(Hugo, then Pagefind over its output), baseline baseline_s.")  # fmt: skip
    if repeat > 1:
        text.append(f"Cold builds (ours and the peers'): the median of {repeat} runs, "
                    "taking turns.")  # fmt: skip
    if results["search_query_bytes"] is None:
        text.append("search_query_bytes is null: the site has no pagefind/ folder "
                    "(Pagefind search is not set up yet).")  # fmt: skip
    if results["preview_s"] is None:
        text.append("preview_s is null: mkdocs serve did not show the saved change in time.")
    return "\n".join(text)


def _show(value: object, missing: str) -> str:
    if value is None:
        return missing
    if isinstance(value, float):
        return f"{value:.3g}" if value < 100 else f"{value:.1f}"
    return str(value)


@click.command("bench")
@click.option(
    "--count",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="How many synthetic reports to build.",
)
@click.option(
    "--json",
    "json_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the results to this JSON file.",
)
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The project's MkDocs config.",
)
@click.option(
    "--work",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keep the archive and the sites in this folder (default: a temporary one).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=300,
    show_default=True,
    help="Seconds to wait for the preview server at each step.",
)
@click.option(
    "--repeat",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Run the cold builds (ours and the peers') this many times, taking turns; "
    "report the median of each.",
)
def bench_command(count: int, json_file: Path | None, config: Path, work: Path | None,
                  timeout: float, repeat: int) -> None:  # fmt: skip
    """Time builds, publishing one edit and a live preview of COUNT reports, against Hugo and MkDocs."""
    why = unavailable(config)
    if why:
        raise BenchError(f"our build cannot run: {why}")
    config = config.resolve()
    with tempfile.TemporaryDirectory(prefix="reports-bench-") as scratch:
        folder = Path(scratch) if work is None else work.resolve()
        if folder.is_dir() and any(folder.iterdir()) and not (folder / MARKER).exists():
            raise click.UsageError(
                f"{folder} is not empty and was not written by reports-tools bench"
            )
        folder.mkdir(parents=True, exist_ok=True)
        discarded = Discarded(folder)
        if discarded.root.exists():  # left by a run that was stopped: deleted with the rest
            discarded.root.rename(folder / f"{discarded.root.name}-{time.time_ns()}")
        for old in sorted(folder.iterdir()):
            discarded.discard(old)
        (folder / MARKER).write_text(f"reports-tools bench --count {count}\n", "utf-8")
        try:
            results, shown = run(count, config, folder, timeout, discarded, repeat)
        finally:
            discarded.empty()
    click.echo(shown)
    if json_file is not None:
        json_file.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
