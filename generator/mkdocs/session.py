"""One data folder built again and again by MkDocs: units in, MkDocs files out, outputs kept.

The plugin's event handlers hand off to :class:`Session`. It asks the
generator-agnostic builder (:mod:`generator.site.incremental`) for the units
whose output is not already in the site, hands their pages to MkDocs as
small stubs whose HTML is swapped in after conversion, and records what was
written so the next build can keep it (:mod:`generator.mkdocs.reuse`).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.mkdocs.frame import files_of, frame
from generator.mkdocs.reuse import Output, Reuse
from generator.model.problems import InvalidData
from generator.site.cache import DiskCache, digest
from generator.site.incremental import ARCHIVE, Builder, Unit
from generator.site.search import bundles, index_site
from generator.stages.render import RenderedPage, page_stub


class KeptBytecodeCache(FileSystemBytecodeCache):
    """Compiled theme templates, kept across rebuilds and, with a cache folder, across builds.

    MkDocs makes a new theme environment for every build, and compiling
    Material's templates would be most of a rebuild with nothing to do. Jinja
    checks each template's source against its checksum before using what is
    kept, so an edited override is compiled again.
    """

    def __init__(self, folder: Path | None) -> None:
        self.code: dict[str, bytes] = {}
        self.folder = folder
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            super().__init__(str(folder))

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)
        elif self.folder is not None:
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()
        if self.folder is not None:
            super().dump_bytecode(bucket)


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
        self, data: Path, templates: Path, overrides: Path | None, cache: Path | None, jobs: int
    ) -> None:
        self.where = (data, templates, overrides, cache)
        self.builder = Builder(data, templates, overrides, DiskCache(cache), jobs)
        self.reuse = Reuse(cache)
        self.bytecode = KeptBytecodeCache(cache / "theme-bytecode" if cache else None)
        self.pages: dict[str, RenderedPage] = {}
        self.built: dict[str, list[Output]] = {}
        self.kept: set[str] = set()
        self.frame_key = ""
        self.keys: dict[str, str] = {}
        """Each unit's output key, by unit name (a report's slug)."""
        # A page the preview server's memo kept is the same object as last
        # time, so its key is known without hashing its HTML again.
        self.page_keys: dict[str, tuple[RenderedPage, str]] = {}

    def add_files(self, config: MkDocsConfig, files: Files, command: str) -> None:
        """Add every unit to ``files``: kept ones as they are in the site, the rest as stubs."""
        plan = self.builder.plan()
        if plan.problems:
            raise InvalidData(plan.problems)
        frame_key = frame(config, files, command)
        keys = {name: digest(frame_key, key) for name, key in plan.keys.items()}
        taken = {name: self.reuse.take(key, name == ARCHIVE) for name, key in keys.items()}
        units = self.builder.units([name for name, out in taken.items() if out is None])
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
            outputs.append(Output(file.dest_uri, page.src_uri, kind, page.title))
        for path, text in unit.files.items():  # open data, copied as they are
            file = File.generated(config, path, content=text)
            files.append(file)
            outputs.append(Output(file.dest_uri, path, "file"))
        return outputs

    def finish(self, site: Path, indexed: bool, search_jobs: int) -> None:
        """After MkDocs wrote the site: the search index, then the record of what was written.

        Each bundle of the index is keyed by its reports' output keys, so a
        build that changed one report indexes only that report's bundle.
        """
        search: dict[str, str] = {}
        try:
            if indexed:
                for folder, slugs in bundles(site):
                    # With no report, Pagefind indexes every page: the archive's.
                    shown = slugs or [ARCHIVE]
                    search[folder] = digest(self.frame_key, *(self.keys[s] for s in shown))
                kept = {f for f, key in search.items() if self.reuse.take_bundle(f, key)}
            self.reuse.drop_stash()  # before Pagefind, which must never see what was left aside
            if indexed:
                index_site(site, jobs=search_jobs, kept=frozenset(kept))
        except BaseException:
            self.reuse.finish(self.built, {})
            raise
        self.reuse.finish(self.built, search)
        self.pages = {}  # the HTML is written; free it before the next rebuild
