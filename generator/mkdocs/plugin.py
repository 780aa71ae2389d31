"""MkDocs integration: a thin plugin over :func:`generator.build`.

Report pages are rendered by our own templates and markdown-it, never by
Python-Markdown, which would be far too slow for an archive of thousands of
reports. MkDocs sees each report as a virtual file whose Markdown is a tiny
front-matter stub; after MkDocs has converted that stub, the plugin swaps in the
pre-rendered HTML and the table of contents built from our own headings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemBytecodeCache
from jinja2.bccache import Bucket
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from watchdog.observers.api import BaseObserver

from generator.mkdocs.frame import KEPT_TEMPLATE, files_of, frame, sitemap_pages
from generator.mkdocs.reuse import Output, Reuse
from generator.mkdocs.watch import watch
from generator.model.problems import InvalidData
from generator.site.cache import DiskCache, digest
from generator.site.incremental import ARCHIVE, Builder, Unit
from generator.site.parallel import jobs
from generator.site.search import SearchIndexError, index_site
from generator.stages.render import RenderedPage, page_stub
from generator.stages.templating import RenderError

# InclusionLevel's predicates are untyped; compare with the values they use.


class InspectionReportsConfig(base.Config):  # type: ignore[no-untyped-call]
    """Plugin options; relative paths are taken from the folder holding mkdocs.yml."""

    data_dir = c.Type(str, default="data")
    templates = c.Type(str, default="templates")
    overrides = c.Optional(c.Type(str))
    search_index = c.Choice(("build", "always", "never"), default="build")
    """When to build the Pagefind index: on ``mkdocs build`` only (``mkdocs serve``
    rebuilds on every save, and the index is the slowest step), always, or never."""
    cache_dir = c.Type(str, default=".cache/inspection-reports")
    """Validated reports, rendered pages and what the last build wrote; empty for no cache."""
    jobs = c.Type(int, default=0)
    """Processes that validate and render; 0 for one per core. ``INSPECTION_REPORTS_JOBS`` wins."""
    search_jobs = c.Type(int, default=1)
    """Pagefind bundles indexed at once. Each holds about 1.1 GB for 500 long reports, so one
    keeps a 1,000-report build under 2 GB in all; two save about a tenth of its time."""


class KeptBytecodeCache(FileSystemBytecodeCache):
    """Compiled theme templates, kept across rebuilds and, with a cache folder, across builds.

    MkDocs makes a new theme environment for every build, and compiling
    Material's templates took a third of a rebuild with nothing to do. Jinja
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


class InspectionReportsPlugin(BasePlugin[InspectionReportsConfig]):  # type: ignore[no-untyped-call]
    """Adds a page per report, plus the archive's own pages, from the data folder."""

    def __init__(self) -> None:
        self.pages: dict[str, RenderedPage] = {}
        self.command = "build"
        self.builder: Builder | None = None
        self.reuse: Reuse | None = None
        self.built: dict[str, list[Output]] = {}
        self.reused: set[str] = set()
        self.files: Files | None = None
        self._where: tuple[Path, Path, Path | None, Path | None] | None = None
        self.bytecode = KeptBytecodeCache(None)
        self.observer: BaseObserver | None = None
        self._page_keys: dict[int, tuple[RenderedPage, str]] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def _path(self, config: MkDocsConfig, value: str) -> Path:
        root = Path(config.config_file_path or ".").resolve().parent
        return (root / value).resolve()

    def _watched(self, config: MkDocsConfig) -> list[Path]:
        paths = [
            self._path(config, self.config.data_dir),
            self._path(config, self.config.templates),
        ]
        if self.config.overrides:
            paths.append(self._path(config, self.config.overrides))
        return paths

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        data, templates, *overrides = self._watched(config)
        cache = self._path(config, self.config.cache_dir) if self.config.cache_dir else None
        where = (data, templates, overrides[0] if overrides else None, cache)
        # One builder per data folder, kept across `mkdocs serve` rebuilds: it
        # remembers what it validated, and the site remembers what was written.
        if self.builder is None or self._where != where:
            self._where = where
            self.builder = Builder(*where[:3], DiskCache(cache), jobs(self.config.jobs))
            self.reuse = Reuse(cache)
            self.bytecode = KeptBytecodeCache(cache / "theme-bytecode" if cache else None)
        if self.command == "serve":
            # A preview has no crawler to serve; listing every page in the
            # sitemap was a twentieth of each rebuild at a thousand reports.
            config.theme.static_templates.discard("sitemap.xml")
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        assert self.reuse is not None
        self.reuse.stash(Path(config.site_dir))

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.builder is not None and self.reuse is not None
        try:
            plan = self.builder.plan()
            if plan.problems:
                raise InvalidData(plan.problems)
            frame_key = frame(config, files, self.command)
            keys = {name: digest(frame_key, key) for name, key in plan.keys.items()}
            taken = {name: self.reuse.take(key, name == ARCHIVE) for name, key in keys.items()}
            units = self.builder.units([name for name, out in taken.items() if out is None])
        except (InvalidData, RenderError) as err:
            raise PluginError(str(err)) from err
        self.pages, self.built, self.reused = {}, {}, set()
        self.search_key = digest(frame_key, *sorted(keys.values()))
        for name in keys:
            outputs = taken[name]
            if outputs is not None:
                self.reused.update(o.src for o in outputs)
                files_of(config, files, outputs)
            elif name == ARCHIVE:
                self.built[keys[name]] = self._add_archive(config, files, frame_key, units[name])
            else:
                self.built[keys[name]] = self._add(config, files, units[name])
        self.reuse.settle()
        self.files = files
        return files

    def _add_archive(
        self, config: MkDocsConfig, files: Files, frame_key: str, unit: Unit
    ) -> list[Output]:
        # Any report's change makes the archive unit again, but most of its
        # pages come out the same (a title change touches the finder and one
        # area): key each page and file by what it holds, and keep the rest.
        # The whole unit's key is recorded too, so an unchanged archive is
        # kept without being loaded.
        assert self.reuse is not None
        every: list[Output] = []
        # A page the preview server's memo kept is the same object as last
        # time: its key is known, and hashing every area page's HTML again
        # was a twentieth of a rebuild at a thousand reports.
        known, self._page_keys = self._page_keys, {}
        parts = []
        for p in unit.pages:
            hit = known.get(id(p))
            self._page_keys[id(p)] = (p, hit[1] if hit and hit[0] is p else page_key(p))
            parts.append((p.src_uri, Unit([p], {}), self._page_keys[id(p)][1]))
        parts += [(path, Unit([], {path: text}), text) for path, text in unit.files.items()]
        for name, part, content in parts:
            key = digest(frame_key, ARCHIVE, name, content)
            outputs = self.reuse.take(key)
            if outputs is not None:
                self.reused.update(o.src for o in outputs)
                files_of(config, files, outputs)
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

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        env.loader = ChoiceLoader([DictLoader({KEPT_TEMPLATE: ""}), env.loader])  # type: ignore[list-item]
        env.bytecode_cache = self.bytecode
        return env

    def on_template_context(
        self, context: Any, /, *, template_name: str, config: MkDocsConfig
    ) -> Any:
        if template_name == "sitemap.xml" and self.files is not None:
            # The sitemap lists every page, including those left as they were.
            context["pages"] = sitemap_pages(config, self.files, self.reused)
        return context

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        rendered = self.pages.get(page.file.src_uri)
        if rendered is None or page.file.generated_by is None:
            return html
        page.toc = get_toc(rendered.toc_tokens())
        # MkDocs validates links to these pages against the ids it saw in the
        # stub; give it the ids our HTML really has.
        page.present_anchor_ids = set(rendered.anchors)
        return rendered.html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.reuse is not None
        mode = self.config.search_index
        indexed = mode == "always" or (mode == "build" and self.command != "serve")
        search = self.search_key if indexed else ""
        try:
            kept = indexed and self.reuse.take_search(search)
            self.reuse.drop_stash()  # before Pagefind, which would index what is left aside
            if indexed and not kept:
                index_site(Path(config.site_dir), jobs=self.config.search_jobs)
        except SearchIndexError as err:
            self.reuse.finish(self.built, "")
            raise PluginError(str(err)) from err
        self.reuse.finish(self.built, search)
        self.pages = {}  # the HTML is written; free it before the next rebuild
        if self.command == "serve" and self.builder is not None:
            self.builder.warm()  # so the first save pays no more than later ones

    def on_build_error(self, *, error: Exception) -> None:
        if self.reuse is not None:
            self.reuse.abandon()

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        self._stop_watching()
        self.observer = watch(server, self._watched(config))
        return server

    def on_shutdown(self) -> None:
        self._stop_watching()

    def _stop_watching(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=5)
            self.observer = None
