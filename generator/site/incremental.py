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

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from generator.model.layout import REGIONS_FILE
from generator.site.cache import DiskCache, Stored, code_hash, digest, tree_hash
from generator.site.parallel import run_all
from generator.stages.files import yaml_files

if TYPE_CHECKING:
    from generator.model.archive import Archive
    from generator.model.problems import Problem
    from generator.site.making import Maker
    from generator.stages.page import RenderedPage

ARCHIVE = ""
"""The archive unit's name; every other unit is named by its report's slug."""

RACY_NS = 2_000_000_000
"""A file changed this recently when it was hashed is hashed again next time (as git does):
a second save within the file system's timestamp tick could leave its size and times alone."""


def _now() -> float:
    """The build's moment as a POSIX time (``SOURCE_DATE_EPOCH`` when set)."""
    from generator.stages.release import build_time  # only an embargo asks the clock

    try:
        return build_time().timestamp()
    except ValueError:  # reported as a problem when the archive is validated
        return float("inf")


def report_key(fw_hash: str, path: Path, file_hash: str) -> str:
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
        self.current: Plan | None = None
        """The plan :meth:`units` builds: the last :meth:`plan`, or one :meth:`restore` gave."""
        self.templates_hash = ""
        self.common = ""
        """The hash of what every unit is made from: code, frameworks, templates and site."""
        # File hashes by path with the file's status when hashed, so a preview
        # server reads again only the files that were saved.
        self._hashed: dict[Path, tuple[tuple[int, ...], str]] = {}
        self._maker: Maker | None = None

    def maker(self) -> Maker:
        """What validates and renders; loaded the first time something must be made."""
        if self._maker is None:
            from generator.site.making import Maker  # the models, stages and views

            self._maker = Maker(self)
        return self._maker

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
        self.templates_hash = tree_hash(self.templates, self.overrides)
        self.common = digest(
            code_hash(), fw_hash, self.templates_hash, repr(sorted(self.site.items()))
        )
        inputs = digest(
            self.common,
            f"preview={self.preview}",
            *(f"{p}={h}" for p, h in sorted(hashes.items())),
        )
        kept = self.cache.get("plan", inputs)
        if isinstance(kept, _Keys) and (kept.until is None or _now() < kept.until):
            load = partial(self._validated_archive, fw_hash, hashes)
            self.current = Plan(kept.keys, kept.hashes, load)
            return self.current
        archive, keys, by_slug = self.maker().validated(fw_hash, hashes)
        if not archive.problems:
            until = archive.next_release.timestamp() if archive.next_release else None
            self.cache.put("plan", inputs, _Keys(keys, by_slug, until))
        self.current = Plan(keys, by_slug, lambda: archive, archive)
        return self.current

    def _validated_archive(self, fw_hash: str, hashes: dict[Path, str]) -> Archive:
        return self.maker().validated(fw_hash, hashes)[0]

    def restore(self, plan: Plan) -> None:
        """Make an earlier plan the one :meth:`units` builds (a preview's last valid data)."""
        self.current = plan

    def units(
        self, names: list[str], received: Callable[[str, Unit], None] | None = None
    ) -> dict[str, Unit]:
        """The named units of the last :meth:`plan`, from the cache or rendered in parallel.

        ``received`` is called with each unit as it is here, in the order made.
        """
        plan = self.current
        assert plan is not None
        built: dict[str, Unit] = {}
        missing = []
        for name in names:
            unit = self.cache.get("unit", plan.keys[name])
            if isinstance(unit, Unit):
                built[name] = unit
                if received is not None:
                    received(name, unit)
            else:
                missing.append(name)
        missing.sort(key=lambda name: name != ARCHIVE)  # the longest task starts first
        if missing:
            maker = self.maker()
            maker.prepare(plan)

            def arrived(name: str, made: Unit | Stored) -> None:
                # Read while collection is paused, as units sent whole would be.
                unit = self.cache.get(made.kind, made.key) if isinstance(made, Stored) else made
                if not isinstance(unit, Unit):  # an entry gone since: render it here
                    unit = cast(Unit, maker.render_and_keep(name))
                built[name] = unit
                if received is not None:
                    received(name, unit)

            # A build keeps what was rendered to its end (a preview server, only until
            # the next save): frozen, the collections that follow need not walk it.
            run_all(
                maker.render_and_keep,
                missing,
                self.jobs,
                local=[ARCHIVE],
                kept=not self.preview,
                received=arrived,
            )
        return {name: built[name] for name in names}

    def quoting(self, changed: set[str]) -> set[str]:
        """The reports of the current plan whose page, but for its related reports, shows one
        of the ``changed`` reports (its own, its original, its follow-ups, those it judges)."""
        plan = self.current
        assert plan is not None
        archive, maker = plan.archive, self.maker()
        return {s for s in archive.reports if not changed.isdisjoint(maker.body_inputs(archive, s))}

    def warm(self) -> None:
        """Prepare for the next save in a preview server (see :meth:`Maker.warm`)."""
        if self.current is not None:
            self.maker().warm()

    @staticmethod
    def empty() -> Plan:
        """A plan of no report: what a preview shows before any data was valid."""
        from generator.model.archive import Archive  # as in maker()

        return Plan({}, {}, Archive)


def assemble(units: dict[str, Unit]) -> Unit:
    """Every unit's pages and files as one: the archive's pages first, then reports by slug."""
    order = [ARCHIVE, *sorted(n for n in units if n != ARCHIVE)]
    pages = [p for n in order if n in units for p in units[n].pages]
    files = {path: text for n in order[1:] if n in units for path, text in units[n].files.items()}
    if ARCHIVE in units:
        files.update(units[ARCHIVE].files)
    return Unit(pages, files)
