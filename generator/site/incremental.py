"""Incremental builds: validate and render only what changed, on every core.

The site is cut into units, each made from a known set of inputs:

- a report: its page, ``data.json`` and ``data.csv``, made from its own file,
  the report it follows up, the reports that follow it up and the related
  reports its page lists;
- the archive: the finder, area, library and data pages and ``criteria.csv``,
  made from every report.

A unit's key hashes those inputs' bytes with the frameworks, templates,
overrides and the generator's source (:mod:`generator.site.cache`), so a unit whose
key is unchanged is taken from the cache, or left as it is in the site
(:mod:`generator.mkdocs.reuse`). Validated reports are cached the same way, by file,
and the units' keys under the hash of every input, so an unchanged archive is
keyed without loading a report. In a preview server, the archive unit's pages
are kept one by one by the reports they show (:class:`generator.explore.pages.PageMemo`).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment

from generator.explore.datafiles import archive_files, report_files
from generator.explore.opendata import archive_lines
from generator.explore.pages import archive_pages
from generator.explore.tracker import tracked
from generator.model.archive import Archive, follow_ups, judged_by
from generator.model.framework import Framework
from generator.model.problems import Document, Problem
from generator.model.regions import REGIONS_FILE
from generator.model.related import related_index
from generator.model.report import Report
from generator.site.cache import DiskCache, code_hash, digest, tree_hash
from generator.site.memo import PageMemo
from generator.site.parallel import run_all
from generator.site.search import indexed_key
from generator.stages.release import build_time
from generator.stages.render import RenderedPage, render_report
from generator.stages.score import score_report
from generator.stages.templating import environment
from generator.stages.validate import ReportLoader, check_report_file, load_archive, yaml_files

ARCHIVE = ""
"""The archive unit's name; every other unit is named by its report's slug."""

RACY_NS = 2_000_000_000
"""A file changed this recently when it was hashed is hashed again next time (as git does):
a second save within the file system's timestamp tick could leave its size and times alone."""


def _now() -> float:
    """The build's moment as a POSIX time (``SOURCE_DATE_EPOCH`` when set)."""
    try:
        return build_time().timestamp()
    except ValueError:  # reported as a problem when the archive is validated
        return float("inf")


def _report_key(fw_hash: str, path: Path, file_hash: str) -> str:
    """A validated report's key: its file's path and bytes, the frameworks and the code."""
    return digest(code_hash(), fw_hash, str(path), file_hash)


@dataclass
class Unit:
    """What one unit publishes: pages, and other files by their path in the site."""

    pages: list[RenderedPage]
    files: dict[str, str]
    indexed: str = ""
    """For a report: the key of what the search index reads of its page (search.indexed_key)."""


@dataclass
class Plan:
    """The key of each unit of a validated archive, archive first, and the archive itself."""

    keys: dict[str, str]
    hashes: dict[str, str]
    """Each report's file hash, by slug."""

    load: Callable[[], Archive]
    """Validates the archive; called only when something needs the reports themselves."""

    _archive: Archive | None = field(default=None, repr=False)

    @property
    def archive(self) -> Archive:
        if self._archive is None:
            self._archive = self.load()
        return self._archive

    @property
    def problems(self) -> list[Problem]:
        # A plan kept from an earlier build was only kept because it had none.
        return self._archive.problems if self._archive is not None else []


@dataclass(frozen=True)
class _Keys:
    """What a plan's keys are made of, kept in the disk cache under every input's hash."""

    keys: dict[str, str]
    hashes: dict[str, str]
    until: float | None = None
    """When an embargo ends (a POSIX time), after which the keys no longer hold."""


class Builder:
    """Builds one data folder again and again, remembering what it validated."""

    def __init__(
        self,
        data: Path,
        templates: Path,
        overrides: Path | None,
        cache: DiskCache,
        jobs: int,
        preview: bool = False,
        site: Mapping[str, Any] | None = None,
    ) -> None:
        self.data, self.templates, self.overrides = data, templates, overrides
        self.cache, self.jobs = cache, jobs
        # A preview shows drafts and embargoed reports; a build leaves them out.
        self.preview = preview
        # What templates know of the site (its publisher, address, whether it has PDFs):
        # part of every key, so a change of publisher renders every page again.
        self.site = dict(site or {})
        # Validated reports by key, so a preview server re-validates only what was saved.
        self._valid: dict[str, Report] = {}
        self._plan: Plan | None = None
        # The template environment, kept while the templates are unchanged, so
        # a preview server compiles each template once rather than on every save.
        self._env_for = ""
        self._warm = False
        self._templates = ""
        self._common = ""
        # File hashes by path with the file's status when hashed, so a preview
        # server reads again only the files that were saved.
        self._hashed: dict[Path, tuple[tuple[int, ...], str]] = {}
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

    def _hash(self, path: Path) -> str:
        st = path.stat()
        status = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
        known = self._hashed.get(path)
        if known is not None and known[0] == status:
            return known[1]
        found = digest(path.read_bytes())
        if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_NS:
            self._hashed[path] = (status, found)
        return found

    def _loader(self, fw_hash: str, hashes: dict[Path, str]) -> ReportLoader:
        def load(path: Path) -> tuple[Document | None, Report | None, list[Problem]]:
            key = _report_key(fw_hash, path, hashes[path])
            report = self._valid.get(key) or self.cache.get("report", key)
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
                    self.cache.put("report", key, report)
            return doc, report, problems

        return load

    def plan(self) -> Plan:
        """Key each unit, validating everything (from the cache where the bytes are unchanged).

        When every input is as it was at an earlier valid build, the keys are
        that build's and the reports are validated only if a unit must be made.
        """
        # The area→region table shapes every page that shows a region, as the frameworks do.
        regions = self.data / REGIONS_FILE
        fw_hash = digest(
            tree_hash(self.data / "frameworks"),
            regions.read_bytes() if regions.is_file() else b"",
        )
        folder = self.data / "reports"
        # The files' hashes by status, kept on disk too, so a build reads only what changed.
        statuses = digest(code_hash(), str(folder))
        if not self._hashed and isinstance(known := self.cache.get("hashes", statuses), dict):
            self._hashed = known
        before = dict(self._hashed)
        hashes = {p: self._hash(p) for p in (yaml_files(folder) if folder.exists() else [])}
        self._hashed = {p: self._hashed[p] for p in hashes if p in self._hashed}
        if self._hashed != before:
            self.cache.put("hashes", statuses, self._hashed)
        self._templates = tree_hash(self.templates, self.overrides)
        self._common = digest(
            code_hash(), fw_hash, self._templates, repr(sorted(self.site.items()))
        )
        inputs = digest(
            self._common,
            f"preview={self.preview}",
            *(f"{p}={h}" for p, h in sorted(hashes.items())),
        )
        kept = self.cache.get("plan", inputs)
        if isinstance(kept, _Keys) and (kept.until is None or _now() < kept.until):
            self._plan = Plan(kept.keys, kept.hashes, lambda: self._validated(fw_hash, hashes)[0])
            return self._plan
        archive, keys, by_slug = self._validated(fw_hash, hashes)
        if not archive.problems:
            until = archive.next_release.timestamp() if archive.next_release else None
            self.cache.put("plan", inputs, _Keys(keys, by_slug, until))
        self._plan = Plan(keys, by_slug, lambda: archive, archive)
        return self._plan

    def _validated(
        self, fw_hash: str, hashes: dict[Path, str]
    ) -> tuple[Archive, dict[str, str], dict[str, str]]:
        """The archive validated, each unit's key and each report's file hash by slug."""
        self._checked, self._slug_hash = {}, {}

        def loader(archive: Archive) -> ReportLoader:
            self._frameworks = archive.frameworks
            self._check_new(fw_hash, hashes)
            return self._loader(fw_hash, hashes)

        folders = [*([self.overrides] if self.overrides else []), self.templates]
        archive = load_archive(self.data, loader=loader, templates=folders, preview=self.preview)
        self._checked = {}
        if not self.preview:
            # A build keeps the archive to its end, and every full collection would walk
            # its millions of objects again (a fifth of a one-report publishing build).
            # A preview server freezes once it is warm (see warm()).
            gc.freeze()
        # Versions of a file from earlier saves are never asked for again.
        current = {_report_key(fw_hash, p, h) for p, h in hashes.items()}
        self._valid = {k: v for k, v in self._valid.items() if k in current}
        # A withheld report's state is part of its hash: its page changes when its embargo ends.
        by_slug = {
            slug: self._slug_hash[slug] + archive.withheld.get(slug, "") for slug in archive.reports
        }
        common = self._common
        later, judges, nearby = follow_ups(archive), judged_by(archive), related_index(archive)
        keys = {ARCHIVE: digest(common, *(f"{s}={h}" for s, h in sorted(by_slug.items())))}
        for slug in sorted(archive.reports):
            report = archive.reports[slug]
            # A page shows what later reports found of its recommendations, and
            # the recommendations it judges, quoted from theirs.
            related = [slug, report.meta.follow_up_of or ""]
            related += [r.slug for r in [*later.get(slug, []), *judges.get(slug, [])]]
            related += sorted(
                {j.recommendation.partition("#")[0] for j in report.progress if j.recommendation}
            )
            # Its related reports (same area, same round) are listed at its end.
            related += [r.slug for r in nearby[slug]]
            keys[slug] = digest(common, *(f"{s}={by_slug.get(s, '')}" for s in related))
        return archive, keys, by_slug

    def _check_new(self, fw_hash: str, hashes: dict[Path, str]) -> None:
        # Files the cache cannot answer are checked in parallel up front; the
        # loader then takes each result in file order, as a serial load would.
        missing = []
        for path, file_hash in hashes.items():
            key = _report_key(fw_hash, path, file_hash)
            if key in self._valid:
                continue
            # Kept in memory for the loader, which would otherwise unpickle it again.
            cached = self.cache.get("report", key)
            if isinstance(cached, Report):
                self._valid[key] = cached
            else:
                missing.append(path)
        if len(missing) > 1:
            keys = {str(p): _report_key(fw_hash, p, hashes[p]) for p in missing}
            found = run_all(partial(self._check_quietly, keys), list(keys), self.jobs)
            self._checked = {Path(name): result for name, result in found.items()}

    def _check_quietly(
        self, keys: dict[str, str], name: str
    ) -> tuple[None, Report | None, list[Problem]]:
        # A worker returns no document: it is large, and needed only to place a problem.
        _, report, problems = check_report_file(Path(name), self._frameworks)
        if report is not None and not problems:
            self.cache.put("report", keys[name], report)  # here, not in the waiting parent
        return None, report, problems

    def restore(self, plan: Plan) -> None:
        """Make an earlier plan the one :meth:`units` builds (a preview's last valid data)."""
        self._plan = plan

    def units(self, names: list[str]) -> dict[str, Unit]:
        """The named units of the last :meth:`plan`, from the cache or rendered in parallel."""
        plan = self._plan
        assert plan is not None
        built: dict[str, Unit] = {}
        missing = []
        for name in names:
            unit = self.cache.get("unit", plan.keys[name])
            if isinstance(unit, Unit):
                built[name] = unit
            else:
                missing.append(name)
        missing.sort(key=lambda name: name != ARCHIVE)  # the longest task starts first
        if missing:
            self._environment()
            self._later = follow_ups(plan.archive)
            self._judges = judged_by(plan.archive)
            self._related = related_index(plan.archive)
        built.update(run_all(self._render_and_keep, missing, self.jobs, local=[ARCHIVE]))
        return {name: built[name] for name in names}

    def _render_and_keep(self, name: str) -> Unit:
        # Cached where it is rendered: in a worker, the parent need not pickle it again.
        assert self._plan is not None
        unit = self._render(name)
        self.cache.put("unit", self._plan.keys[name], unit)
        return unit

    def _environment(self) -> Environment:
        if self._env is None or self._env_for != self._templates:
            self._env = environment(self.templates, self.overrides)
            self._env.globals["site"] = self.site
            self._env_for = self._templates
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
            memo_key = digest(self._common, f"preview={self.preview}")
            if not self.preview:
                memo.restore(self.cache.get("memo", memo_key))
            memo.start(self._common, self._plan.hashes)
            recommendations = tracked(archive)
            pages = archive_pages(self._environment(), archive, memo, recommendations)

            def lines(report: Report) -> str:
                return memo.per_report("csv", report, lambda: archive_lines(report, fws))

            unit = Unit(pages, archive_files(archive, lines, recommendations))
            if not self.preview:  # a preview server keeps its memo in memory
                self.cache.put("memo", memo_key, memo.saved())
            return unit
        report = archive.reports[name]
        card = score_report(report, archive.frameworks)
        later, judges = self._later.get(name), self._judges.get(name)
        env, nearby = self._environment(), self._related.get(name, [])
        page = render_report(env, archive, report, card, later, judges, nearby)
        files = report_files(archive, report, card)
        return Unit([page], files, indexed_key(page.html, page.title))


def assemble(units: dict[str, Unit]) -> Unit:
    """Every unit's pages and files as one: the archive's pages first, then reports by slug."""
    order = [ARCHIVE, *sorted(n for n in units if n != ARCHIVE)]
    pages = [p for n in order if n in units for p in units[n].pages]
    files = {path: text for n in order[1:] if n in units for path, text in units[n].files.items()}
    if ARCHIVE in units:
        files.update(units[ARCHIVE].files)
    return Unit(pages, files)
