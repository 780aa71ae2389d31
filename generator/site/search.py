"""Full-text search: a Pagefind index of the built site, written into ``<site>/pagefind/``.

Pagefind reads the built HTML, so it indexes exactly what readers see. Only
report articles carry ``data-pagefind-body``, so only reports are searched;
each report's headings with ids become sub-results that link to their
section, and the hidden facets in each report (see
``templates/components/search_facets.html.j2``) become the search filters.
The browser loads the index in small chunks from the same site, so search
works on any static host with no server.

Pagefind holds a whole bundle's index in memory while it writes it: about
2.2 GB for 1000 synthetic reports of 80 KB of text each. So the reports are
indexed in bundles of at most :data:`SHARD_SIZE`, a set number at once,
which bounds the memory a build needs however large the archive grows. The first
bundle is ``pagefind/``; the others go in ``pagefind/shard-N/``, listed in
``pagefind/shards.json``, and the search box merges them into one search.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import escape

from generator.model.urls import REPORTS
from generator.site.cache import digest
from generator.site.search_canon import canonical_filters

BUNDLE = "pagefind"
LANGUAGE = "en"
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


SHARD_SIZE = 200
"""Reports per bundle, on average. A publishing build indexes again only the bundles whose
reports changed, so smaller bundles publish an edit sooner, while every search fetches a
little from each bundle; and Pagefind's memory grows with the text of one bundle."""
SHARDS = "shards.json"


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


def bundles(site: Path, size: int = SHARD_SIZE) -> list[tuple[str, list[str]]]:
    """Each bundle's folder under ``pagefind/`` ('' for the first) and its reports' slugs."""
    return bundles_of(sorted(p.parent.name for p in site.glob(f"{REPORTS}/*/index.html")), size)


def bundles_of(slugs: list[str], size: int = SHARD_SIZE) -> list[tuple[str, list[str]]]:
    """The bundles of these report slugs (sorted), about ``size`` reports each.

    A report's bundle is picked by a hash of its slug, not its place in the
    alphabet, so a new report changes one bundle rather than moving every
    later report into the next; reports move only when the archive grows by
    another bundle's worth.
    """
    count = max(1, -(-len(slugs) // size))
    chunks: list[list[str]] = [[] for _ in range(count)]
    for slug in slugs:
        chunks[int(digest(slug), 16) % count].append(slug)
    named = [(f"shard-{n}", chunk) for n, chunk in enumerate(chunks) if chunk] or [("", [])]
    return [("", named[0][1]), *named[1:]]


def document(html: str, title: str) -> str:
    """A page body as a bare HTML document: Pagefind indexes it as it does the site's page.

    Pagefind reads only what is inside ``data-pagefind-body`` (the report
    article), so the index is the same bytes as one made from the built site.
    """
    head = f'<meta charset="utf-8"><title>{escape(title)}</title>'
    return f'<!doctype html><html lang="{LANGUAGE}"><head>{head}</head><body>{html}</body></html>'


_IGNORED = " data-pagefind-ignore"
_ATTRIBUTE = "data-pagefind-"
_TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
_ID = re.compile(r'\sid="[^"]*"')
_TAGS: dict[str, re.Pattern[str]] = {}


def _element_end(html: str, name: str, start: int) -> int:
    """Where the element named ``name`` whose start tag ends before ``start`` ends; -1 if never."""
    tags = _TAGS.get(name) or _TAGS.setdefault(name, re.compile(rf"<(/?){name}[\s>/]"))
    depth = 1
    for tag in tags.finditer(html, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return html.find(">", tag.start()) + 1
    return -1


def _pagefind_tags(html: str) -> list[str]:
    """Every tag with a Pagefind attribute besides ``ignore``, with the text that follows it."""
    found, at = [], html.find(_ATTRIBUTE)
    while at != -1:
        start = html.rfind("<", 0, at)
        end = html.find("<", html.find(">", at))
        found.append(html[start:end])
        at = html.find(_ATTRIBUTE, max(end, at + 1))
    return found


def indexed_key(html: str, title: str) -> str:
    """A key of what Pagefind reads of a page body: equal keys, equal index entries.

    Elements marked ``data-pagefind-ignore`` are left out (what the site adds
    around a report, such as its related reports, whose change leaves the
    index as it was), all but their ids and any Pagefind attributes inside
    them, which Pagefind may still read. A page this cannot take apart is
    keyed whole.
    """
    kept, at = [], 0
    ignored = html.find(_IGNORED)
    while ignored != -1:
        start = html.rfind("<", 0, ignored)
        name = _TAG_NAME.match(html, start)
        end = _element_end(html, name.group(1), ignored) if name else -1
        if end <= 0:
            return digest(title, html)
        kept.append(html[at:start])
        left_out = html[start:end]
        kept += _ID.findall(left_out)
        kept += _pagefind_tags(left_out)
        at, ignored = end, html.find(_IGNORED, end)
    kept.append(html[at:])
    return digest(title, *kept)


def _glob(slugs: list[str]) -> str:
    if not slugs:
        return "**/*.html"
    return f"{REPORTS}/{{{','.join(slugs)}}}/index.html"


def complete(bundle: Path) -> bool:
    """Whether a bundle folder holds a whole index: its entry file, script, meta and fragments.

    A build killed while Pagefind wrote leaves a bundle without some of them:
    there is one fragment per page the entry file counts.
    """
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        languages = entry["languages"].values()
        metas = [bundle / f"pagefind.{i['hash']}.pf_meta" for i in languages]
        pages = sum(int(i["page_count"]) for i in languages)
        fragments = sum(1 for _ in (bundle / "fragment").glob("*.pf_fragment"))
    except (OSError, ValueError, KeyError, TypeError):
        return False
    whole = (bundle / "pagefind.js").is_file() and all(m.is_file() for m in metas)
    return whole and fragments == pages


def own_entries(root: Path, folder: str) -> list[Path]:
    """What belongs to one bundle: a shard's folder, or the first bundle's files beside them."""
    if folder:
        return [root / folder] if (root / folder).exists() else []
    if not root.is_dir():
        return []
    return [p for p in root.iterdir() if not p.name.startswith("shard-") and p.name != SHARDS]


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


def write_shards(root: Path, planned: list[tuple[str, list[str]]]) -> None:
    """List the bundles after the first in ``shards.json``, which the search box reads."""
    shards = [f"{folder}/" for folder, _ in planned[1:]]
    (root / SHARDS).unlink(missing_ok=True)
    if shards:
        # The bundles themselves may not be there yet: kept ones are linked in last.
        root.mkdir(parents=True, exist_ok=True)
        (root / SHARDS).write_text(json.dumps(shards) + "\n", "utf-8")


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
