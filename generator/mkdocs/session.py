"""One data folder built again and again by MkDocs: units in, MkDocs files out, outputs kept.

The plugin's event handlers hand off to :class:`Session`. It asks the
generator-agnostic builder (:mod:`generator.site.incremental`) for the units
whose output is not already in the site, hands their pages to MkDocs as
small stubs whose HTML is swapped in after conversion, and records what was
written so the next build can keep it (:mod:`generator.mkdocs.reuse`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.mkdocs.bytecode import KeptBytecodeCache
from generator.mkdocs.frame import files_of, frame
from generator.mkdocs.publish import Linked, discard, publish, verify_search
from generator.mkdocs.reuse import Output, Reuse
from generator.model.problems import InvalidData, RenderError
from generator.model.urls import REPORTS
from generator.site.cache import DiskCache, code_hash, digest
from generator.site.incremental import ARCHIVE, Builder, Plan, Unit
from generator.site.search import (
    BUNDLE,
    Background,
    SearchIndexError,
    bundles_of,
    document,
    index_site,
    write_shards,
)
from generator.stages.page import RenderedPage, page_stub


def page_key(page: RenderedPage) -> str:
    """Everything of a rendered page that reaches MkDocs, as one hash."""
    return digest(
        page.src_uri,
        page.title,
        page.description,
        page.html,
        repr(page.headings),
        repr(sorted(page.anchors)),
        repr(page.in_nav),
        repr(sorted(page.duplicates)),
    )


class Session:
    """What one plugin instance keeps between builds of one data folder."""

    def __init__(
        self,
        data: Path,
        templates: Path,
        overrides: Path | None,
        cache: Path | None,
        jobs: int,
        live: Path | None = None,
        preview: bool = False,
        site: Mapping[str, Any] | None = None,
    ) -> None:
        self.where = (data, templates, overrides, cache, live)
        self.site = dict(site or {})
        self.builder = Builder(data, templates, overrides, DiskCache(cache), jobs, preview, site)
        # Publishing into a live site keeps outputs where they are. A preview moves them
        # aside, and keeps its record in memory: its site folder lasts as long as it runs.
        if live is not None:
            self.reuse: Reuse = Linked(cache, live)
        else:
            self.reuse = Reuse(None if preview else cache)
        self.bytecode = KeptBytecodeCache(cache / "theme-bytecode" if cache else None)
        self.preview = preview
        self.problems: list[str] = []
        """In a preview: what is wrong with the data now, each as ``file:line:col: path: message``."""
        self.good: Plan | None = None
        """In a preview: the last plan whose data was valid, built again while the data is not."""
        self.pages: dict[str, RenderedPage] = {}
        self.built: dict[str, list[Output]] = {}
        self.kept: set[str] = set()
        self.frame_key = ""
        self.search: dict[str, str] = {}
        """Each bundle of the search index, by folder: the key of the reports it indexes."""
        self.index: Background | None = None
        self.made = False
        self.keys: dict[str, str] = {}
        """Each unit's output key, by unit name (a report's slug)."""
        # A page the preview server's memo kept is the same object as last
        # time, so its key is known without hashing its HTML again.
        self.page_keys: dict[str, tuple[RenderedPage, str]] = {}

    def add_files(
        self, config: MkDocsConfig, files: Files, command: str, search_jobs: int | None
    ) -> None:
        """Add every unit to ``files``: kept ones as they are in the site, the rest as stubs.

        With ``search_jobs``, the search index is started too, from the pages
        as rendered here, while MkDocs sets them in the theme.
        """
        plan = self._plan()
        frame_key = frame(config, files, command)
        site = Path(config.site_dir)
        self.search, self.index = {}, None
        try:
            keys, taken, units = self._units(plan, frame_key, site, search_jobs, {})
        except RenderError as err:
            if self.good is None or plan is self.good:
                raise
            self.problems = [str(err)]
            self.cancel_index()
            self.search = {}
            # The last good plan instead: what it shares with this one is already taken.
            plan = self.good
            self.builder.restore(plan)
            keys, taken, units = self._units(plan, frame_key, site, search_jobs, taken)
        self.pages, self.built, self.kept = {}, {}, set()
        self.frame_key, self.keys = frame_key, keys
        for name, key in keys.items():
            outputs = taken[name]
            if outputs is not None:
                self._keep(config, files, outputs)
            elif name == ARCHIVE:
                self.built[key] = self._add_archive(config, files, frame_key, units[name])
            else:
                self.built[key] = self._add(config, files, units[name])
        self.reuse.settle()
        self.made = bool(self.built) or self.index is not None
        """Whether this build wrote any output or search bundle of its own."""

    def _units(
        self,
        plan: Plan,
        frame_key: str,
        site: Path,
        search_jobs: int | None,
        taken_before: dict[str, list[Output] | None],
    ) -> tuple[dict[str, str], dict[str, list[Output] | None], dict[str, Unit]]:
        """Each unit's output key, its kept outputs (None if it is to be made), and those made.

        With ``search_jobs``, the reports are rendered first and the search
        index started from them, so that Pagefind runs while the archive's
        pages render and MkDocs sets every page in the theme.
        """
        keys = {name: digest(frame_key, key) for name, key in plan.keys.items()}
        taken = {
            name: taken_before.get(name) or self.reuse.take(key, name == ARCHIVE)
            for name, key in keys.items()
        }
        missing = [name for name, out in taken.items() if out is None]
        if search_jobs is None:
            return keys, taken, self.builder.units(missing)
        units = self.builder.units([name for name in missing if name != ARCHIVE])
        self._start_index(site, search_jobs, taken, units)
        if ARCHIVE in missing:
            units.update(self.builder.units([ARCHIVE]))
        return keys, taken, units

    def _plan(self) -> Plan:
        """The plan to build: this one if the data is valid; in a preview, else the last good one.

        A preview records the problems (shown on every page by
        :mod:`generator.mkdocs.preview`) instead of failing the build, which
        would hold every request of the dev server until the data is fixed.
        """
        plan = self.builder.plan()
        if not plan.problems:
            self.problems = []
            if self.preview:
                _ = plan.archive  # held: at the next save the files may no longer be valid
                self.good = plan
            return plan
        if not self.preview:
            raise InvalidData(plan.problems)
        self.problems = [str(p) for p in plan.problems]
        good = self.good or Builder.empty()  # nothing valid yet: a site without reports
        self.builder.restore(good)
        return good

    def _keep(self, config: MkDocsConfig, files: Files, outputs: list[Output]) -> None:
        self.kept.update(o.src for o in outputs)
        files_of(config, files, outputs)

    def _add_archive(
        self, config: MkDocsConfig, files: Files, frame_key: str, unit: Unit
    ) -> list[Output]:
        # Any report's change makes the archive unit again, but most of its
        # pages come out the same (a title change touches the finder and one
        # area): each page and file is kept by what it holds.
        every: list[Output] = []
        known, self.page_keys = self.page_keys, {}
        parts = []
        for p in unit.pages:
            hit = known.get(p.src_uri)
            self.page_keys[p.src_uri] = (p, hit[1] if hit and hit[0] is p else page_key(p))
            parts.append((p.src_uri, Unit([p], {}), self.page_keys[p.src_uri][1]))
        parts += [(path, Unit([], {path: text}), text) for path, text in unit.files.items()]
        for name, part, content in parts:
            key = digest(frame_key, ARCHIVE, name, content)
            outputs = self.reuse.take(key)
            if outputs is not None:
                self._keep(config, files, outputs)
            else:
                outputs = self.built[key] = self._add(config, files, part)
            every += outputs
        return every

    def _add(self, config: MkDocsConfig, files: Files, unit: Unit) -> list[Output]:
        outputs = []
        for page in unit.pages:
            self.pages[page.src_uri] = page
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(
                config, page.src_uri, content=page_stub(page), inclusion=inclusion
            )
            files.append(file)
            kind = "nav" if page.in_nav else "page"
            outputs.append(Output(file.dest_uri, page.src_uri, kind, page.title, unit.indexed))
        for path, text in unit.files.items():  # open data, copied as they are
            file = File.generated(config, path, content=text)
            files.append(file)
            outputs.append(Output(file.dest_uri, path, "file"))
        return outputs

    def _start_index(
        self,
        site: Path,
        jobs: int,
        taken: dict[str, list[Output] | None],
        units: dict[str, Unit],
    ) -> None:
        """Keep each bundle of the index whose reports did not change; index the others aside.

        A bundle is keyed by what the index reads of its reports' pages
        (:func:`~generator.site.search.indexed_key`), so a change that only
        what the site adds around a report shows (its related reports, say)
        indexes nothing again. The pages to index are each report's rendered
        body in ``units`` (as Pagefind reads only that, the index is the one
        the built pages would give) or, for a report ``taken`` as it was, its
        page as it is in the site.
        """
        slugs = sorted(name for name in taken if name != ARCHIVE)
        if not slugs:
            return  # no report to index: finish() indexes the site's own pages
        indexed = {slug: units[slug].indexed if slug in units else "" for slug in slugs}
        for slug, outputs in taken.items():
            if slug != ARCHIVE and outputs is not None:
                indexed[slug] = next((o.indexed for o in outputs if o.indexed), "")
        planned = bundles_of(slugs)
        for folder, chunk in planned:
            self.search[folder] = digest(code_hash(), *(f"{s}={indexed[s]}" for s in chunk))
        kept = frozenset(f for f, key in self.search.items() if self.reuse.take_bundle(f, key))
        if kept == set(self.search):
            return
        source = Path(tempfile.mkdtemp(prefix=".inspection-reports-search-", dir=site.parent))
        for folder, chunk in planned:
            for slug in chunk if folder not in kept else []:
                target = source / REPORTS / slug / "index.html"
                target.parent.mkdir(parents=True)
                if slug in units:
                    page = units[slug].pages[0]
                    target.write_text(document(page.html, page.title), "utf-8")
                else:
                    os.link(self.reuse.kept_path(f"{REPORTS}/{slug}/index.html"), target)
        self.index = Background(source, bundle=site / BUNDLE, kept=kept, slugs=slugs, jobs=jobs)

    def finish(self, site: Path, indexed: bool, search_jobs: int) -> None:
        """After MkDocs wrote the site: the rest of the search index, and what was written."""
        try:
            if self.index is not None:
                self.index.wait()
            elif indexed and not self.search:
                index_site(site, jobs=search_jobs)  # no report: Pagefind indexes every page
            if self.search:
                write_shards(site / BUNDLE, bundles_of(sorted(n for n in self.keys if n)))
        except BaseException:
            self.reuse.finish(self.built, {})
            raise
        finally:
            self.index = None
            self.reuse.drop_stash()
        self.reuse.finish(self.built, self.search)
        self.pages = {}  # the HTML is written; free it before the next rebuild

    def publish(self, site: Path, live: Path, indexed: bool) -> None:
        """Make the new site in ``site`` the live one, unless it would be the same."""
        assert isinstance(self.reuse, Linked)
        if not self.made and self.reuse.unchanged(site):
            discard(site)
            return
        self.reuse.link_kept(site)
        if indexed and (missing := verify_search(site)):
            raise SearchIndexError(f"the search index is incomplete ({', '.join(missing)})")
        publish(site, live)

    def cancel_index(self) -> None:
        """Stop indexing, if it started."""
        if self.index is not None:
            self.index.cancel()
            self.index = None

    def cancel(self) -> None:
        """After a failed build: stop indexing, and forget what the site held."""
        self.cancel_index()
        self.reuse.abandon()
