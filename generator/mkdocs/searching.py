"""The search index of a build: each bundle kept from the last build, or indexed aside.

A bundle is decided as soon as the last of its reports is rendered, and
Pagefind starts on it then (:class:`~generator.site.indexer.Background`),
while the other reports render and MkDocs sets the pages in the theme;
:class:`~generator.mkdocs.session.Session` waits for it once the site is written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from generator.mkdocs.reuse import Output, Reuse
from generator.model.urls import REPORTS
from generator.site.cache import code_hash, digest
from generator.site.incremental import ARCHIVE, Unit
from generator.site.indexer import Background, Feed
from generator.site.search import BUNDLE, bundles_of, document, own_entries


class Indexing:
    """Keep each bundle of the index whose reports did not change; index the others aside.

    A bundle is keyed by what the index reads of its reports' pages
    (:func:`~generator.site.search.indexed_key`), so a change that only what
    the site adds around a report shows (its related reports, say) indexes
    nothing again. The pages to index are each report's rendered body, handed
    over by :meth:`received` (as Pagefind reads only that, the index is the
    one the built pages would give) or, for a report ``taken`` as it was,
    its page as it is in the site.
    """

    def __init__(
        self, reuse: Reuse, site: Path, jobs: int, taken: dict[str, list[Output] | None]
    ) -> None:
        self.reuse, self.site, self.jobs = reuse, site, jobs
        self.slugs = sorted(name for name in taken if name != ARCHIVE)
        # No report: the session indexes the site's own pages instead.
        self.planned = bundles_of(self.slugs) if self.slugs else []
        self.search: dict[str, str] = {}
        """Each bundle's key by folder, once decided."""
        self.indexed: dict[str, str] = {}
        self.units: dict[str, Unit] = {}
        self.waiting = {folder: set(chunk) for folder, chunk in self.planned}
        self.bundle_of = {slug: folder for folder, chunk in self.planned for slug in chunk}
        self.chunks = dict(self.planned)
        self.feed = Feed()
        self.index: Background | None = None
        self._source: Path | None = None
        for slug, outputs in taken.items():
            if slug != ARCHIVE and outputs is not None:
                self._known(slug, next((o.indexed for o in outputs if o.indexed), ""))

    def order(self, names: list[str]) -> list[str]:
        """``names`` in the order that completes one bundle after another."""
        place = {slug: n for n, (_, chunk) in enumerate(self.planned) for slug in chunk}
        return sorted(names, key=lambda name: place.get(name, -1))

    def received(self, name: str, unit: Unit) -> None:
        """A report's unit, rendered or from the cache: its bundle may now be complete."""
        if name != ARCHIVE:
            self.units[name] = unit
            self._known(name, unit.indexed)

    def _known(self, slug: str, indexed: str) -> None:
        self.indexed[slug] = indexed
        folder = self.bundle_of[slug]
        left = self.waiting[folder]
        left.discard(slug)
        if not left:
            del self.waiting[folder]
            self._decide(folder, self.chunks[folder])

    def _decide(self, folder: str, chunk: list[str]) -> None:
        key = digest(code_hash(), *(f"{s}={self.indexed[s]}" for s in chunk))
        self.search[folder] = key
        # A build that failed and fell back on the last good data may have put
        # this bundle in place already, kept or indexed.
        for path in own_entries(self.site / BUNDLE, folder):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        if self.reuse.take_bundle(folder, key):
            return
        if self._source is None:
            self._source = Path(
                tempfile.mkdtemp(prefix=".inspection-reports-search-", dir=self.site.parent)
            )
        for slug in chunk:
            target = self._source / REPORTS / slug / "index.html"
            target.parent.mkdir(parents=True)
            if slug in self.units:
                page = self.units[slug].pages[0]
                target.write_text(document(page.html, page.title), "utf-8")
            else:
                os.link(self.reuse.kept_path(f"{REPORTS}/{slug}/index.html"), target)
        if self.index is None:
            self.index = Background(
                self._source, bundle=self.site / BUNDLE, slugs=self.slugs, jobs=self.jobs,
                feed=self.feed,
            )  # fmt: skip
        self.feed.put(folder)

    def close(self) -> tuple[dict[str, str], Background | None]:
        """Every bundle decided: each one's key by folder, and the indexing under way, if any."""
        assert not self.waiting, f"bundles never completed: {sorted(self.waiting)}"
        self.feed.close()
        self.units = {}
        return self.search, self.index

    def cancel(self) -> None:
        """Stop the indexing, if it started."""
        self.feed.close()
        if self.index is not None:
            self.index.cancel()
