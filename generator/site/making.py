"""What a build makes when the cache cannot answer: the validated archive, and units rendered.

Loaded by :class:`~generator.site.incremental.Builder` the first time
something must be validated or rendered, so a build whose every unit is kept
never loads the models, templates and views below it.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment

from generator.explore.datafiles import archive_files, report_files
from generator.explore.opendata import archive_lines
from generator.explore.pages import archive_pages
from generator.explore.tracker import Tracked, lines_of, made_by, shows, tracked
from generator.model.archive import Archive, follow_ups, judged_by
from generator.model.framework import Framework
from generator.model.problems import Document, Problem
from generator.model.related import related_index
from generator.model.report import Report
from generator.site.cache import Stored, digest
from generator.site.memo import TRACKED, PageMemo
from generator.site.parallel import run_all
from generator.site.search import indexed_key
from generator.stages.render import finish_report, report_body
from generator.stages.score import score_report
from generator.stages.templating import environment
from generator.stages.validate import ReportLoader, check_report_file, load_archive

if TYPE_CHECKING:
    from generator.site.incremental import Builder, Plan

from generator.site.incremental import ARCHIVE, Unit, report_key

Reports = dict[str, list[Report]]
Checked = tuple[Document | None, Report | Stored | None, list[Problem]]
"""A report file checked: its document, its report (or where a worker cached it), its problems."""


@dataclass(frozen=True)
class Body:
    """A report's page but its related reports (``render.report_body``), and its data files."""

    markup: str
    files: dict[str, str]


class Maker:
    """A :class:`Builder`'s validation and rendering, and what they keep between rebuilds."""

    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        # Validated reports by key, so a preview server re-validates only what was saved.
        self._valid: dict[str, Report] = {}
        # The template environment, kept while the templates are unchanged, so
        # a preview server compiles each template once rather than on every save.
        self._env_for = ""
        self._warm = False
        self._memo = PageMemo()
        # Set by each validation: files checked in parallel up front, the slug of
        # each file's report, and the frameworks the reports are checked against.
        self._checked: dict[Path, tuple[Document | None, Report | None, list[Problem]]] = {}
        self._slug_hash: dict[str, str] = {}
        self._frameworks: dict[str, Framework] = {}
        # Set by each render: each report's follow-ups, and the template environment.
        self._later: dict[str, list[Report]] = {}
        self._judges: dict[str, list[Report]] = {}
        self._related: dict[str, list[Report]] = {}
        self._env: Environment | None = None
        # The neighbours of the archive last validated, which is then the one rendered.
        self._found_for: Archive | None = None
        self._found: tuple[Reports, Reports, Reports] = ({}, {}, {})

    @property
    def _plan(self) -> Plan | None:
        return self.builder.current

    def _loader(self, keys: dict[Path, str], hashes: dict[Path, str]) -> ReportLoader:
        def load(path: Path) -> tuple[Document | None, Report | None, list[Problem]]:
            key = keys[path]
            # A worker's check came back whole: reading its cache entry would unpickle it again.
            report = self._valid.get(key)
            if report is None and path not in self._checked:
                report = self.builder.cache.get("report", key)
            if isinstance(report, Report):
                self._valid[key] = report
                self._slug_hash.setdefault(report.slug, hashes[path])
                return None, report, []
            doc, report, problems = self._checked.get(path) or (None, None, [])
            if path not in self._checked:
                doc, report, problems = check_report_file(path, self._frameworks)
            if report is not None:
                self._slug_hash.setdefault(report.slug, hashes[path])
            if report is not None and not problems:
                self._valid[key] = report
                if path not in self._checked:  # a worker's check already cached it
                    self.builder.cache.put("report", key, report)
            return doc, report, problems

        return load

    def validated(
        self, fw_hash: str, hashes: dict[Path, str]
    ) -> tuple[Archive, dict[str, str], dict[str, str]]:
        """The archive validated, each unit's key and each report's file hash by slug."""
        self._checked, self._slug_hash = {}, {}
        report_keys = {path: report_key(fw_hash, path, h) for path, h in hashes.items()}

        def loader(archive: Archive) -> ReportLoader:
            self._frameworks = archive.frameworks
            self._check_new(report_keys)
            return self._loader(report_keys, hashes)

        folders = [
            *([self.builder.overrides] if self.builder.overrides else []),
            self.builder.templates,
        ]
        archive = load_archive(
            self.builder.data,
            loader=loader,
            templates=folders,
            preview=self.builder.preview,
            listed=list(hashes),
        )
        self._checked = {}
        if not self.builder.preview:
            # A build keeps the archive to its end, and every full collection would walk
            # its millions of objects again (a fifth of a one-report publishing build).
            # A preview server freezes once it is warm (see warm()).
            gc.freeze()
        # Versions of a file from earlier saves are never asked for again.
        current = set(report_keys.values())
        self._valid = {k: v for k, v in self._valid.items() if k in current}
        # A withheld report's state is part of its hash: its page changes when its embargo ends.
        by_slug = {
            slug: self._slug_hash[slug] + archive.withheld.get(slug, "") for slug in archive.reports
        }
        common = self.builder.common
        nearby = self._neighbours(archive)[2]
        keys = {ARCHIVE: digest(common, *(f"{s}={h}" for s, h in sorted(by_slug.items())))}
        for slug in sorted(archive.reports):
            # Its related reports (same area, same round) are listed at its end.
            related = [*self.body_inputs(archive, slug), *(r.slug for r in nearby[slug])]
            keys[slug] = digest(common, *(f"{s}={by_slug.get(s, '')}" for s in related))
        return archive, keys, by_slug

    def body_inputs(self, archive: Archive, slug: str) -> list[str]:
        """The reports whose files a report's page is made from, but for its related reports."""
        report = archive.reports[slug]
        later, judges, _ = self._neighbours(archive)
        # A page shows what later reports found of its recommendations, and
        # the recommendations it judges, quoted from theirs.
        found = [slug, report.meta.follow_up_of or ""]
        found += [r.slug for r in [*later.get(slug, []), *judges.get(slug, [])]]
        found += sorted(
            {j.recommendation.partition("#")[0] for j in report.progress if j.recommendation}
        )
        return found

    def _check_new(self, report_keys: dict[Path, str]) -> None:
        # Files the cache cannot answer are checked in parallel up front; the
        # loader then takes each result in file order, as a serial load would.
        missing = []
        for path, key in report_keys.items():
            if key in self._valid:
                continue
            # Kept in memory for the loader, which would otherwise unpickle it again.
            cached = self.builder.cache.get("report", key)
            if isinstance(cached, Report):
                self._valid[key] = cached
            else:
                missing.append(path)
        if len(missing) > 1:
            keys = {str(p): report_keys[p] for p in missing}
            check, kept = partial(self._check_quietly, keys), not self.builder.preview

            def arrived(name: str, result: Checked) -> None:
                # Read while collection is paused, as results sent whole would be.
                doc, report, problems = result
                if isinstance(report, Stored):
                    found = self.builder.cache.get(report.kind, report.key)
                    if not isinstance(found, Report):  # an entry gone since: check it here
                        self._checked[Path(name)] = check_report_file(Path(name), self._frameworks)
                        return
                    report = found
                self._checked[Path(name)] = doc, report, problems

            run_all(check, list(keys), self.builder.jobs, kept=kept, received=arrived)

    def _check_quietly(self, keys: dict[str, str], name: str) -> Checked:
        # A worker returns no document: it is large, and needed only to place a problem.
        _, report, problems = check_report_file(Path(name), self._frameworks)
        if report is not None and not problems:
            # Cached here, not in the waiting parent, which reads it back from there.
            return None, self.builder.cache.stored("report", keys[name], report), problems
        return None, report, problems

    def render_and_keep(self, name: str) -> Unit | Stored:
        """Render a unit and cache it; from a worker, where it is in the cache (DiskCache.stored)."""
        assert self._plan is not None
        unit = self._render(name)
        # A preview server keeps the archive's pages in its memo instead: pickling
        # all of them took a tenth of a second at every save.
        if name != ARCHIVE or not self.builder.preview:
            return self.builder.cache.stored("unit", self._plan.keys[name], unit)
        return unit

    def _environment(self) -> Environment:
        if self._env is None or self._env_for != self.builder.templates_hash:
            self._env = environment(self.builder.templates, self.builder.overrides)
            self._env.globals["site"] = self.builder.site
            self._env_for = self.builder.templates_hash
        return self._env

    def warm(self) -> None:
        """Prepare for the next save in a preview server: compile the templates, fill the memo.

        Once: later rebuilds render the archive here, which keeps the memo full.
        """
        if self._plan is not None and not self._warm:
            env = self._environment()
            # Workers compiled what they rendered; compile every template here too.
            for name in env.list_templates(filter_func=lambda n: n.endswith(".j2")):
                env.get_template(name)
            # A first build served from the disk cache rendered no archive page, so
            # the first save would render them all: render them now, into the memo.
            self._render(ARCHIVE)
            # What a preview server holds from now on (validated reports, compiled
            # templates, kept pages) is most of the heap, and each full collection
            # would walk all of it at random saves. Frozen, collections see only
            # what later builds make.
            gc.collect()
            gc.freeze()
            self._warm = True

    def _render(self, name: str) -> Unit:
        assert self._plan is not None
        archive = self._plan.archive
        if name == ARCHIVE:
            memo, fws = self._memo, archive.frameworks
            # A build process starts with the memo the last build saved: a change to
            # one report then renders only the archive pages that show it.
            memo_key = digest(self.builder.common, f"preview={self.builder.preview}")
            if not self.builder.preview:
                memo.restore(self.builder.cache.get("memo", memo_key))
            memo.start(self.builder.common, self._plan.hashes)
            recommendations = tracked(
                archive, lambda r: memo.per_report(TRACKED, r, partial(made_by, archive, r))
            )
            pages = archive_pages(self._environment(), archive, memo, recommendations)

            def lines(report: Report) -> str:
                return memo.per_report("csv", report, lambda: archive_lines(report, fws))

            def parts(entry: Tracked) -> tuple[str, str]:
                return memo.derived("tracker", entry.id, shows(entry), partial(lines_of, entry))

            unit = Unit(pages, archive_files(archive, lines, recommendations, parts))
            if not self.builder.preview:  # a preview server keeps its memo in memory
                self.builder.cache.put("memo", memo_key, memo.saved())
            return unit
        report, env = archive.reports[name], self._environment()
        # The page but its related reports, kept by what it is made from: when only
        # a related report changed, the page is finished from it as it was.
        inputs = (f"{s}={self._plan.hashes.get(s, '')}" for s in self.body_inputs(archive, name))
        body_key = digest(self.builder.common, *inputs)
        kept = self.builder.cache.get("body", body_key)
        if isinstance(kept, Body):
            body = kept
        else:
            card = score_report(report, archive.frameworks)
            later, judges = self._later.get(name), self._judges.get(name)
            markup = report_body(env, archive, report, card, later, judges)
            body = Body(markup, report_files(archive, report, card))
            self.builder.cache.put("body", body_key, body)
        page = finish_report(env, archive, report, body.markup, self._related.get(name, []))
        return Unit([page], body.files, indexed_key(page.html, page.title))

    def _neighbours(self, archive: Archive) -> tuple[Reports, Reports, Reports]:
        """Each report's follow-ups, the reports judging it, and its related reports."""
        if self._found_for is not archive:
            self._found = follow_ups(archive), judged_by(archive), related_index(archive)
            self._found_for = archive
        return self._found

    def prepare(self, plan: Plan) -> None:
        """Before rendering units of ``plan``: its templates, and each report's neighbours."""
        self._environment()
        self._later, self._judges, self._related = self._neighbours(plan.archive)
