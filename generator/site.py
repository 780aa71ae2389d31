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

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator import InvalidData, build_site
from generator.render import RenderedPage, page_stub
from generator.search import SearchIndexError, index_site
from generator.templating import RenderError


class InspectionReportsConfig(base.Config):  # type: ignore[no-untyped-call]
    """Plugin options; relative paths are taken from the folder holding mkdocs.yml."""

    data_dir = c.Type(str, default="data")
    templates = c.Type(str, default="templates")
    overrides = c.Optional(c.Type(str))
    search_index = c.Choice(("build", "always", "never"), default="build")
    """When to build the Pagefind index: on ``mkdocs build`` only (``mkdocs serve``
    rebuilds on every save, and the index is the slowest step), always, or never."""


class InspectionReportsPlugin(BasePlugin[InspectionReportsConfig]):  # type: ignore[no-untyped-call]
    """Adds a page per report, plus the reports index, from the data folder."""

    def __init__(self) -> None:
        self.pages: dict[str, RenderedPage] = {}
        self.command = "build"

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

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        data, templates, *overrides = self._watched(config)
        try:
            site = build_site(data, templates, overrides[0] if overrides else None)
        except (InvalidData, RenderError) as err:
            raise PluginError(str(err)) from err
        pages = site.pages
        self.pages = {page.src_uri: page for page in pages}
        for page in pages:
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(
                File.generated(config, page.src_uri, content=page_stub(page), inclusion=inclusion)
            )
        for path, text in site.files.items():  # open data, copied as they are
            files.append(File.generated(config, path, content=text))
        return files

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
        mode = self.config.search_index
        if mode == "never" or (mode == "build" and self.command == "serve"):
            return
        try:
            index_site(Path(config.site_dir))
        except SearchIndexError as err:
            raise PluginError(str(err)) from err

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        for path in self._watched(config):
            if path.exists():
                server.watch(str(path))
        return server
