"""What the benchmark measures besides clean builds: sizes, publishing one edit, live preview."""

from __future__ import annotations

import os
import secrets
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from inspection_tools.bench_sites import QUIET, BenchError, load_config, run_measured
from inspection_tools.synth import dump

POLL_S = 0.05
SAVES = 3
SETTLE_S = 1.0


def site_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def page_sizes(pages: list[Path]) -> tuple[int, int]:
    """Median and largest size in bytes of the given HTML pages."""
    sizes = [p.stat().st_size for p in pages]
    return int(statistics.median(sizes)), max(sizes)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body: bytes = response.read()
            return body.decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def _shows(url: str, marker: str) -> bool:
    return marker in (_fetch(url) or "")


def _wait(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(POLL_S)
    return False


def edited_title(path: Path, marker: str) -> str:
    """The report file's text with ``marker`` added to its title, as an author would save it."""
    data = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
    data["meta"]["title"] = f"{data['meta']['title']} {marker}"
    return dump(data)


def publish_seconds(build: list[str], work: Path, log: Path, report: Path, page: Path) -> float:
    """Seconds of a full build after one edit to ``report``, keeping the earlier builds' cache.

    What the publishing team runs every day: ``report`` gets a new title, as
    in :func:`preview_seconds`, then ``build`` runs once, search index and
    all. ``report`` is restored afterwards; ``page`` must show the edit.
    """
    original = report.read_text("utf-8")
    marker = f"published-{secrets.token_hex(4)}"
    report.write_text(edited_title(report, marker), "utf-8")
    try:
        seconds, _ = run_measured(build, work, log)
    finally:
        report.write_text(original, "utf-8")
    if marker not in page.read_text("utf-8"):
        raise BenchError(f"the build after editing {report.name} did not change {page}")
    return seconds


def preview_seconds(
    mkdocs: list[str],
    config: Path,
    report: Path,
    page: str,
    log: Path,
    timeout: float,
    saves: int = SAVES,
) -> float | None:
    """Seconds from saving ``report`` to ``mkdocs serve`` serving ``page`` with the change.

    The median of ``saves`` saves, one after another on one server, each
    timed once the page shows the one before: one save alone varies by
    half a second on a shared machine. None if the server never served the
    page, or never showed a change, within ``timeout`` seconds.
    """
    port = _free_port()
    mount = urlsplit(str(load_config(config).get("site_url") or "/")).path.rstrip("/")
    url = f"http://127.0.0.1:{port}{mount}/{page.lstrip('/')}"
    env = {**os.environ, **QUIET}
    with log.open("ab") as out:
        server = subprocess.Popen(
            [*mkdocs, "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    original = report.read_text("utf-8")
    try:
        if not _wait(lambda: _fetch(url) is not None, timeout):
            return None
        timings = []
        for _ in range(saves):
            marker = f"edited-{secrets.token_hex(4)}"
            edited = edited_title(report, marker)
            start = time.perf_counter()
            report.write_text(edited, "utf-8")
            if not _wait(partial(_shows, url, marker), timeout):
                return None
            timings.append(time.perf_counter() - start)
            time.sleep(SETTLE_S)  # the rebuild's reload and write-back of caches
        return statistics.median(timings)
    finally:
        report.write_text(original, "utf-8")
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
