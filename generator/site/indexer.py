"""Running Pagefind: one process per bundle of the index, a set number at once.

Each bundle is indexed into a folder of its own and moved into place only
when whole (see :mod:`generator.site.search` for what a bundle is and how it
is keyed). A build hands bundles over as their reports are rendered
(:class:`Feed`) and lets the indexers run on a thread of its own
(:class:`Background`) while it goes on.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from generator.model.urls import REPORTS
from generator.site.search import (
    BUNDLE,
    LANGUAGE,
    SHARD_SIZE,
    SearchIndexError,
    bundles,
    bundles_of,
    own_entries,
    write_shards,
)
from generator.site.search_canon import canonical_filters

# Pagefind's ready-made interfaces; the site's own search box
# (assets/javascripts/search.js) uses pagefind.js directly, so these are dead weight.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


def _glob(slugs: list[str]) -> str:
    if not slugs:
        return "**/*.html"
    return f"{REPORTS}/{{{','.join(slugs)}}}/index.html"


@cache
def _pagefind() -> str:
    # The binary itself, found once: `python -m pagefind` starts an interpreter
    # for each bundle only to look it up and exec it. Imported here, as it
    # brings asyncio: a build with nothing to index never needs it.
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise SearchIndexError(
            "Pagefind could not start: its program was not found "
            "(expected the pagefind[bin] package, or PAGEFIND_BINARY_PATH naming it)"
        )
    return str(found)


def _command(site: Path, bundle: Path, glob: str) -> list[str]:
    # Pagefind's own command, not its Python API: the API stops the indexer
    # as soon as it answers that the files are written, and once in a 1000
    # report build that left pagefind-entry.json empty. A process that has
    # exited has finished writing. One language for the whole site: report
    # pages say en-GB, Material's pages say en, and one index keeps every
    # report in the same results.
    return [_pagefind(), "--site", str(site), "--glob", glob,
            "--output-path", str(bundle), "--force-language", LANGUAGE, "--silent"]  # fmt: skip


def _start(site: Path, bundle: Path, glob: str) -> subprocess.Popen[str]:
    try:
        return subprocess.Popen(
            _command(site, bundle, glob), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
    except OSError as err:
        raise SearchIndexError(f"Pagefind could not start: {err}") from err


Output = tuple[str, str]


def _wait(
    process: subprocess.Popen[str], stop: threading.Event | None, timeout: float
) -> Output | None:
    """What an indexer printed, once it has exited; None if it still runs after ``timeout`` s."""
    if stop is not None and stop.is_set():
        raise SearchIndexError("indexing was stopped")
    try:
        # Reads what it printed so far, so that it never waits for its pipes to drain.
        return process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


def _finish(site: Path, bundle: Path, process: subprocess.Popen[str], output: Output) -> int:
    """An exited indexer's outcome: the number of pages it indexed into ``bundle``."""
    out, err = output
    if process.returncode:
        tail = "\n".join((err or out).strip().splitlines()[-5:])
        raise SearchIndexError(
            f"Pagefind could not index {site} (exit {process.returncode}): {tail}"
        )
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        pages = sum(int(language["page_count"]) for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise SearchIndexError(f"Pagefind wrote no readable index in {bundle}: {err}") from err
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    try:
        canonical_filters(bundle)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as err:
        raise SearchIndexError(f"Pagefind's index in {bundle} is unreadable: {err}") from err
    return pages


def index_site(
    site: Path,
    size: int = SHARD_SIZE,
    jobs: int | Callable[[], int] = 1,
    bundle: Path | None = None,
    kept: frozenset[str] = frozenset(),
    slugs: list[str] | None = None,
    stop: threading.Event | None = None,
    feed: Feed | None = None,
) -> int:
    """Index the built site in ``site`` into ``bundle`` (``site/pagefind``); pages indexed.

    Bundles whose folder is in ``kept`` are already in place (see :func:`bundles`)
    and are left as they are. Up to ``jobs`` bundles are indexed at once (each
    indexer uses about a core and a half), so memory stays bounded by ``jobs``
    bundles however large the archive grows; ``jobs`` may be a function, asked
    again whenever an indexer could start. Each is written into a folder of
    its own and moved into place only when whole, and what an earlier build
    left of it is removed first, so no stale chunk outlives a build. With
    ``slugs``, the bundles are those of these reports, whose pages ``site``
    need hold only for the bundles to index. With a ``feed``, only the bundles
    it hands over are indexed, as they are handed over, until it closes.
    """
    root = bundle or site / BUNDLE
    planned = bundles(site, size) if slugs is None else bundles_of(slugs, size)
    for stale in root.glob("shard-*") if root.is_dir() else []:
        if stale.name not in {folder for folder, _ in planned}:
            shutil.rmtree(stale)
    if feed is None:
        feed = Feed()
        for folder, _ in planned:
            if folder not in kept:
                feed.put(folder)
        feed.close()
    chunks = dict(planned)
    todo: list[tuple[str, list[str]]] = []
    work = root.with_name(f".{root.name}-indexing")
    shutil.rmtree(work, ignore_errors=True)
    allowed = jobs if callable(jobs) else lambda: jobs
    running: list[tuple[str, Path, subprocess.Popen[str]]] = []
    pages = 0
    try:
        while True:
            for folder in feed.take(stop, wait=not (todo or running)):
                for path in own_entries(root, folder):  # what an earlier build left of it
                    shutil.rmtree(path) if path.is_dir() else path.unlink()
                todo.append((folder, chunks[folder]))
            if not (todo or running) and feed.closed:
                break
            while todo and len(running) < max(1, allowed()):
                folder, slugs = todo.pop(0)
                out = work / (folder or "first")
                running.append((folder, out, _start(site, out, _glob(slugs))))
            for entry in list(running):
                output = _wait(entry[2], stop, 0.25 / len(running))
                if output is not None:
                    running.remove(entry)
                    pages += _done(site, root, *entry, output)
    finally:
        for _, _, process in running:  # after a failure, stop the others
            process.kill()
            process.wait()
        shutil.rmtree(work, ignore_errors=True)
    write_shards(root, planned)
    return pages


def _done(
    site: Path, root: Path, folder: str, out: Path, process: subprocess.Popen[str], output: Output
) -> int:
    pages = _finish(site, out, process, output)
    target = root / folder if folder else root
    target.mkdir(parents=True, exist_ok=True)
    for entry in sorted(out.iterdir()):
        os.replace(entry, target / entry.name)
    return pages


class Feed:
    """The bundles an indexer may start, handed over one by one as their pages are written."""

    def __init__(self) -> None:
        self._ready: list[str] = []
        self._changed = threading.Condition()
        self.closed = False
        """Whether every bundle to index has been handed over."""

    def put(self, folder: str) -> None:
        """Hand over a bundle (its folder under ``pagefind/``) whose pages are all written."""
        with self._changed:
            self._ready.append(folder)
            self._changed.notify_all()

    def close(self) -> None:
        """No more bundles will come."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def take(self, stop: threading.Event | None, wait: bool) -> list[str]:
        """The bundles handed over since the last take; with ``wait``, wait for one or the end."""
        with self._changed:
            while wait and not self._ready and not self.closed:
                if stop is not None and stop.is_set():
                    raise SearchIndexError("indexing was stopped")
                self._changed.wait(0.25)
            ready, self._ready = self._ready, []
            return ready


class Background:
    """:func:`index_site` on a thread of its own, so that indexing and the caller's work overlap.

    The indexers are processes, so the thread only waits for them. ``source``,
    a folder of pages made for the indexer, is removed when it is done.
    """

    def __init__(self, source: Path, jobs: int = 1, **arguments: Any) -> None:
        self.stop = threading.Event()
        self.jobs = jobs
        arguments["jobs"] = lambda: self.jobs
        self._outcome: int | BaseException = 0
        self._thread = threading.Thread(
            target=self._run, args=(source, arguments), name="pagefind", daemon=True
        )
        self._thread.start()

    def _run(self, source: Path, arguments: dict[str, Any]) -> None:
        try:
            self._outcome = index_site(source, stop=self.stop, **arguments)
        except BaseException as err:
            self._outcome = err
        finally:
            shutil.rmtree(source, ignore_errors=True)

    def wait(self, jobs: int = 0) -> int:
        """The number of pages indexed, once every bundle is in place; or the indexer's error.

        While waiting, up to ``jobs`` bundles are indexed at once, if more than before:
        the caller's own work is done, and its cores are free.
        """
        self.jobs = max(self.jobs, jobs)
        self._thread.join()
        if isinstance(self._outcome, BaseException):
            raise self._outcome
        return self._outcome

    def cancel(self) -> None:
        """Stop the indexers and wait for them to be gone."""
        self.stop.set()
        self._thread.join()
