"""One data folder built again and again by MkDocs: units in, MkDocs files out, outputs kept.

The plugin's event handlers hand off to :class:`Session`. It asks the
generator-agnostic builder (:mod:`generator.site.incremental`) for the units
whose output is not already in the site, hands their pages to MkDocs as
small stubs whose HTML is swapped in after conversion, and records what was
written so the next build can keep it (:mod:`generator.mkdocs.reuse`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from generator.mkdocs.bytecode import KeptBytecodeCache
from generator.mkdocs.frame import (
    Excluded,
    PageKeys,
    archive_parts,
    files_of,
    frame,
    made_files,
)
from generator.mkdocs.identity import stylesheet_files
from generator.mkdocs.later import put_off
from generator.mkdocs.publish import Linked, discard, publish, verify_search
from generator.mkdocs.reference import reference_file
from generator.mkdocs.reuse import Output, Reuse
from generator.mkdocs.searching import Indexing
from generator.mkdocs.whole import Record, inputs_key, nav_stubs
from generator.model.problems import InvalidData, RenderError
from generator.site.cache import DiskCache, digest
from generator.site.incremental import ARCHIVE, Builder, Plan, Unit
from generator.site.indexer import Background, index_site
from generator.site.publisher import Publisher
from generator.site.search import BUNDLE, SearchIndexError, bundles_of, write_shards
from generator.stages.page import RenderedPage

log = logging.getLogger("mkdocs.plugins.inspection-reports")


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
        self.record = Record(cache, live) if live is not None else None
        self.inputs: str | None = None
        """Publishing: the key of everything this build reads, if one covers it all."""
        self.whole = False
        """Whether the live site is known to be what this build would make: nothing is."""
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
        self.hashes: dict[str, str] = {}
        """Each report's file hash at the last build, by slug."""
        self.common = ""
        """What every unit was made from at the last build: code, frameworks, templates, site."""
        self.put_off = False
        """In a preview: whether this build kept pages a save changed, for a later build."""
        self.excluded: Excluded = {}
        # A page the preview server's memo kept is the same object as last
        # time, so its key is known without hashing its HTML again.
        self.page_keys: PageKeys = {}

    def stash(self, site: Path) -> None:
        """Before MkDocs empties ``site``, set aside what the last build wrote there.

        Publishing, the new site's folder is empty: :meth:`add_files` reads the
        last build's record once it knows the live site is not already the one.
        """
        if self.record is None:
            self.reuse.stash(site)

    def add_files(
        self,
        config: MkDocsConfig,
        files: Files,
        command: str,
        search_jobs: int | None,
        publisher: Publisher,
        alone: bool,
    ) -> Files:
        """Add every unit to ``files``: kept ones as they are in the site, the rest as stubs.

        With ``search_jobs``, the search index is started too, from the pages
        as rendered here, while MkDocs sets them in the theme. The field
        reference and the ``publisher``'s stylesheet go in last; ``alone`` is
        whether this plugin is MkDocs' only one.
        Publishing the very site that is live, MkDocs gets only the pages its
        navigation names, rendering nothing (:mod:`generator.mkdocs.whole`).
        """
        plan = self._plan()
        frame_key = frame(config, files, command)
        extra = [reference_file(config, self.where[0], self.builder.cache)]
        extra += stylesheet_files(config, files, publisher)
        site = Path(config.site_dir)
        self.pages, self.built, self.kept, self.search, self.index = {}, {}, set(), {}, None
        if self.record is not None:
            keys = {name: digest(frame_key, key) for name, key in plan.keys.items()}
            globs = json.dumps(self.site, sort_keys=True, default=repr)
            self.inputs = inputs_key(config, alone, frame_key, globs, keys, extra)
            nav = self.record.holds(self.inputs)
            self.whole = nav is not None
            if nav is not None:
                log.info("The live site is what this build would make: every page is left out")
                self.frame_key, self.keys, self.made = frame_key, keys, False
                return nav_stubs(config, files, nav)
            self.reuse.stash(site)  # only now: such a build needs none of it
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
        self.frame_key, self.keys = frame_key, keys
        self.hashes, self.common = plan.hashes, self.builder.common
        for name, key in keys.items():
            outputs = taken[name]
            if outputs is not None:
                self._keep(config, files, outputs)
            elif name == ARCHIVE:
                self.built[key] = self._add_archive(config, files, frame_key, units[name])
            else:
                self.built[key] = self._add(config, files, units[name])
        for file in extra:
            files.append(file)
        self.reuse.settle()
        self.made = bool(self.built) or self.index is not None
        """Whether this build wrote any output or search bundle of its own."""
        return files

    def _units(
        self,
        plan: Plan,
        frame_key: str,
        site: Path,
        search_jobs: int | None,
        taken_before: dict[str, list[Output] | None],
    ) -> tuple[dict[str, str], dict[str, list[Output] | None], dict[str, Unit]]:
        """Each unit's output key, its kept outputs (None if it is to be made), and those made.

        With ``search_jobs``, the reports are rendered first, a search bundle's
        at a time, and each bundle indexed as soon as its reports are, so that
        Pagefind runs while the other reports and the archive's pages render
        and MkDocs sets every page in the theme.
        """
        keys = {name: digest(frame_key, key) for name, key in plan.keys.items()}
        taken = {
            name: taken_before.get(name) or self.reuse.take(key, name == ARCHIVE)
            for name, key in keys.items()
        }
        missing = [name for name, out in taken.items() if out is None]
        if search_jobs is None:
            for name, (key, outputs) in self._put_off(plan, frame_key, missing).items():
                keys[name], taken[name] = key, outputs
                missing.remove(name)
            return keys, taken, self.builder.units(missing)
        indexing = Indexing(self.reuse, site, search_jobs, taken)
        try:
            reports = indexing.order([name for name in missing if name != ARCHIVE])
            units = self.builder.units(reports, received=indexing.received)
        except BaseException:
            indexing.cancel()
            raise
        self.search, self.index = indexing.close()
        if ARCHIVE in missing:
            units.update(self.builder.units([ARCHIVE]))
        return keys, taken, units

    def _put_off(
        self, plan: Plan, frame_key: str, missing: list[str]
    ) -> dict[str, tuple[str, list[Output]]]:
        """In a preview after a save, the units kept as last built (:mod:`generator.mkdocs.later`).

        Only the reports saved, and those quoting them, are made now. Nothing
        is put off when the frame or anything every unit is made from changed.
        """
        self.put_off = False
        if not self.preview or (frame_key, self.builder.common) != (self.frame_key, self.common):
            return {}
        before, now = self.hashes, plan.hashes
        changed = {s for s in now.keys() | before.keys() if now.get(s) != before.get(s)}
        if not changed:
            return {}
        kept = put_off(missing, self.builder.quoting(changed), self.keys, self.reuse.take)
        self.put_off = bool(kept)
        if kept:
            log.info(
                "Showing the saved report first: the pages that list it follow once saves pause"
            )
        return kept

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
        files_of(config, files, outputs, self.excluded)

    def _add_archive(
        self, config: MkDocsConfig, files: Files, frame_key: str, unit: Unit
    ) -> list[Output]:
        every: list[Output] = []
        parts, self.page_keys = archive_parts(unit, self.page_keys)
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
        self.pages.update((page.src_uri, page) for page in unit.pages)
        return made_files(config, files, unit)

    def finish(self, site: Path, indexed: bool, search_jobs: int) -> None:
        """After MkDocs wrote the site: the rest of the search index, and what was written."""
        if self.whole:
            return  # nothing was written or taken: the last build's record stands
        self.pages = {}  # the HTML is written; free it before the indexers need the memory
        try:
            if self.index is not None:
                # MkDocs is done with the cores the workers rendered on: indexers take them.
                self.index.wait(self.builder.jobs)
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

    def publish(self, site: Path, live: Path, indexed: bool, warned: bool) -> None:
        """Make the new site in ``site`` the live one, unless it would be the same.

        Unless MkDocs ``warned``, record what the live site is then built from.
        """
        assert isinstance(self.reuse, Linked) and self.record is not None
        if self.whole:
            discard(site)
            return
        self.record.forget()
        if not self.made and self.reuse.unchanged(site):
            discard(site)
        else:
            self.reuse.link_kept(site)
            if indexed and (missing := verify_search(site)):
                raise SearchIndexError(f"the search index is incomplete ({', '.join(missing)})")
            publish(site, live)
        if self.inputs is not None and not warned:
            outputs = (o for outs in self.reuse.units.values() for o in outs if o.kind == "nav")
            self.record.write(self.inputs, sorted({o.src for o in outputs}))

    def cancel_index(self) -> None:
        """Stop indexing, if it started."""
        if self.index is not None:
            self.index.cancel()
            self.index = None

    def cancel(self) -> None:
        """After a failed build: stop indexing, and forget what the site held."""
        self.cancel_index()
        self.reuse.abandon()
