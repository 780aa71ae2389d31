"""MkDocs integration: a thin adapter over the generator.

MkDocs sees each report as a generated file whose Markdown is a tiny front-matter
stub; once MkDocs has converted it, the plugin swaps in the HTML our templates
rendered and the table of contents of our own headings (Python-Markdown would be far
too slow for thousands of reports). Every handler hands off to :class:`Session`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment, Template
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.mkdocs.bytecode import for_build
from generator.mkdocs.frame import KEPT_TEMPLATE, sitemap_pages
from generator.mkdocs.identity import configure, fill_page
from generator.mkdocs.later import Later
from generator.mkdocs.preview import install
from generator.mkdocs.printing import print_site, printing_wanted
from generator.mkdocs.publish import Warnings, discard, prepare, staging_for
from generator.mkdocs.session import Session
from generator.mkdocs.watch import watch
from generator.model.problems import InvalidData, RenderError
from generator.site.parallel import jobs
from generator.site.publisher import publisher_of
from generator.site.search import SearchIndexError


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
    pdf = c.Type(bool, default=False)
    """Print a PDF of each report (generator/site/pdf.py); off for fast local builds.
    ``INSPECTION_REPORTS_PDF=1`` turns it on, ``=0`` off, whatever the configuration says."""
    search_jobs = c.Type(int, default=1)
    """Pagefind bundles indexed at once while MkDocs writes the site; once it is written, up
    to ``jobs``. Each holds about 0.5 GB for its 200 long reports, so memory stays bounded."""


class InspectionReportsPlugin(BasePlugin[InspectionReportsConfig]):  # type: ignore[no-untyped-call]
    """Adds a page per report, plus the archive's own pages, from the data folder."""

    def __init__(self) -> None:
        self.command, self.dirty = "build", False
        self.session: Session | None = None
        self.files: Files | None = None
        self.live: Path | None = None
        self.warnings = Warnings()
        self.publisher = publisher_of({})
        self.pdf = False
        self.later = Later()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def _path(self, config: MkDocsConfig, value: str) -> Path:
        return (Path(config.config_file_path or ".").resolve().parent / value).resolve()

    def _watched(self, config: MkDocsConfig) -> list[Path]:
        names = (self.config.data_dir, self.config.templates, self.config.overrides)
        return [self._path(config, name) for name in names if name]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        data, templates, *overrides = self._watched(config)
        cache = self._path(config, self.config.cache_dir) if self.config.cache_dir else None
        if self.command == "serve":
            config.theme.static_templates.discard("sitemap.xml")  # a preview has no crawler
        elif not self.dirty:
            # A dirty build writes into files it keeps, which would be the live site's.
            self.live = Path(config.site_dir).resolve()
            config.site_dir = str(prepare(self.live))
            self.warnings.count = 0
            logging.getLogger("mkdocs").addHandler(self.warnings)
        self.pdf = printing_wanted(self.config.pdf)
        self.publisher, site = configure(config, self.pdf)
        where = (data, templates, overrides[0] if overrides else None, cache, self.live)
        # One session per data folder, kept across `mkdocs serve` rebuilds: it
        # remembers what it validated, and what it wrote into the site.
        if self.session is None or self.session.where != where or self.session.site != site:
            preview = self.command == "serve"
            self.session = Session(*where[:4], jobs(self.config.jobs), self.live, preview, site)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        assert self.session is not None
        self.later.cancel()
        self.session.stash(Path(config.site_dir))

    def _indexed(self) -> bool:
        mode = self.config.search_index
        return mode == "always" or (mode == "build" and self.command != "serve")

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.session is not None
        jobs = self.config.search_jobs if self._indexed() else None
        alone = list(config.plugins.values()) == [self]  # hooks are plugins too
        try:
            files = self.session.add_files(config, files, self.command, jobs, self.publisher, alone)
        except (InvalidData, RenderError) as err:
            raise PluginError(str(err)) from err
        self.files = None if self.session.whole else files
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, **_: Any) -> str:
        return fill_page(markdown, self.publisher) if page.file.generated_by is None else markdown

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        assert self.session is not None
        env.loader = ChoiceLoader([DictLoader({KEPT_TEMPLATE: ""}), env.loader])  # type: ignore[list-item]
        return for_build(env, self.session.bytecode)

    def on_pre_template(self, template: Template, /, **_: Any) -> Template:
        whole = self.session is not None and self.session.whole  # the sitemap, 404 page: as live
        return template.environment.get_template(KEPT_TEMPLATE) if whole else template

    def on_template_context(
        self, context: Any, /, *, template_name: str, config: MkDocsConfig
    ) -> Any:
        if template_name == "sitemap.xml" and self.files is not None and self.session:
            # The sitemap lists every page, including those kept as they were.
            context["pages"] = sitemap_pages(config, self.files, self.session.kept)
        return context

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        assert self.session is not None
        rendered = self.session.pages.get(page.file.src_uri)
        if rendered is None or page.file.generated_by is None:
            return html
        page.toc = get_toc(rendered.toc_tokens())
        # MkDocs validates links to these pages against the ids it saw in the
        # stub; give it the ids our HTML really has.
        page.present_anchor_ids = set(rendered.anchors)
        return rendered.html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.session is not None
        indexed = self._indexed()
        site = Path(config.site_dir)
        try:
            self.session.finish(site, indexed, self.config.search_jobs)
        except SearchIndexError as err:
            raise PluginError(str(err)) from err
        if self.command == "serve":
            self.session.builder.warm()  # so the first save pays no more than later ones
            self.later.after(self.session.put_off)
        if self.live is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            if config.strict and self.warnings.count:
                return  # MkDocs aborts next: nothing is published
            try:
                self.session.publish(site, self.live, indexed, self.warnings.count > 0)
            except SearchIndexError as err:
                raise PluginError(str(err)) from err
            config.site_dir = str(self.live)  # for what runs after the build (gh-deploy)
        if self.pdf and self.command != "serve":
            slugs = sorted(name for name in self.session.keys if name)
            cache = self.session.where[3]
            print_site(
                Path(config.site_dir), slugs, cache, self.publisher["name"], jobs(self.config.jobs)
            )

    def on_build_error(self, *, error: Exception) -> None:
        if self.session is not None:
            self.session.cancel()
        if self.live is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            discard(staging_for(self.live))

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        already = [config.docs_dir, config.config_file_path, *config.theme.dirs]
        later = self.later.watched(Path(config.site_dir))
        watch(server, already, [*self._watched(config), later])
        install(server, lambda: self.session.problems if self.session else [])
        return server
