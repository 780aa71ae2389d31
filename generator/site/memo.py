"""A preview server's memo of archive pages, by the reports each one shows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, TypeVar

from generator.explore.library import Entry, report_entries
from generator.model.archive import Archive
from generator.model.report import Report
from generator.site.cache import digest
from generator.stages.page import RenderedPage

T = TypeVar("T")
ENTRIES = "entries"
TRACKED = "tracked"
"""A report's tracked recommendations: kept only while this process runs, as they hold
the report (which would carry the whole archive into the disk cache)."""


class PageMemo:
    """Archive pages rendered by the last build, by the reports each one shows.

    An area page shows its own reports and a library page the reports with a
    box on its shelf, so after one report is saved, a preview server renders
    again only the pages that show it, and the finder, indexes and data page
    that show every report. A page's key hashes its address with each of its
    reports' file hash and ``common`` (the frameworks, templates and code), so
    a kept page is always the one a fresh render would give.
    """

    def __init__(self) -> None:
        self.common = ""
        self.hashes: dict[str, str] = {}
        self._kept: dict[str, RenderedPage] = {}
        self._made: dict[str, RenderedPage] = {}
        # Keyed by tuple, not digest: a preview asks for thousands of these per rebuild.
        self._derived: dict[tuple[str, ...], Any] = {}
        self._made_derived: dict[tuple[str, ...], Any] = {}

    def saved(self) -> tuple[dict[str, RenderedPage], dict[tuple[str, ...], Any]]:
        """What the last build made, for :meth:`restore` in another process.

        Library entries are saved without their report, which would carry the
        whole archive with them; :meth:`entries` gives them theirs back.
        """
        derived = {
            key: _detached(value) if key[1] == ENTRIES else value
            for key, value in self._made_derived.items()
            if key[1] != TRACKED
        }
        return self._made, derived

    def restore(self, saved: object) -> None:
        """Take what another process's build made (from :meth:`saved`), if this one has nothing.

        Its keys hash everything a page or value is made from, so whatever of it
        no longer matches is simply never found.
        """
        if self._made or self._made_derived or not isinstance(saved, tuple) or len(saved) != 2:
            return
        self._made, self._made_derived = saved

    def start(self, common: str, hashes: dict[str, str]) -> None:
        """Begin a build of the archive whose reports have these file hashes, by slug."""
        self.common, self.hashes = common, hashes
        # Only what the last build showed is kept: the memo never outgrows the archive.
        self._kept, self._made = self._made, {}
        self._derived, self._made_derived = self._made_derived, {}

    def per_report(self, kind: str, report: Report, make: Callable[[], T]) -> T:
        """What ``make`` derives from one report, kept while its file and ``common`` are unchanged."""
        return self._keep((self.common, kind, report.slug, self.hashes.get(report.slug, "")), make)

    def derived(self, kind: str, name: str, slugs: Iterable[str], make: Callable[[], T]) -> T:
        """What ``make`` derives from the reports ``slugs``, kept while none of them changes."""
        shown = (f"{s}={self.hashes.get(s, '')}" for s in slugs)
        return self._keep((self.common, kind, name, *shown), make)

    def _keep(self, key: tuple[str, ...], make: Callable[[], T]) -> T:
        if key in self._derived:
            found: T = self._derived[key]
        else:
            found = make()
        self._made_derived[key] = found
        return found

    def entries(self, archive: Archive, report: Report) -> list[Entry]:
        """A report's library entries (see :meth:`per_report`)."""
        found = self.per_report(ENTRIES, report, lambda: report_entries(archive, report))
        if found and found[0].report is None:  # restored from another build, and kept so
            return [replace(e, report=report) for e in found]
        return found

    def page(
        self, src_uri: str, slugs: Iterable[str], make: Callable[[], RenderedPage]
    ) -> RenderedPage:
        """The page at ``src_uri`` showing the reports ``slugs``: kept, or made by ``make``."""
        shown = sorted(set(slugs))
        key = digest(self.common, src_uri, *(f"{s}={self.hashes.get(s, '')}" for s in shown))
        found = self._made[key] = self._kept.get(key) or make()
        return found


def _detached(entries: list[Entry]) -> list[Entry]:
    """Entries without their report; those restored as saved are already so."""
    if not entries or entries[0].report is None:
        return entries
    return [replace(e, report=None) for e in entries]  # type: ignore[arg-type]  # saved form only
