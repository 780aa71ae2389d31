"""The publisher's identity in MkDocs: checked, turned into a stylesheet, filled into pages.

The rules are :mod:`generator.site.publisher`'s; this module only reads the
MkDocs configuration and hands the results to the theme.
"""

from __future__ import annotations

import logging
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from generator.site.publisher import (
    Publisher,
    fill,
    problems,
    publisher_of,
    site_globals,
    stylesheet,
)

STYLESHEET = "assets/stylesheets/publisher.css"
"""The publisher's colours, generated into the site."""

log = logging.getLogger("mkdocs.plugins.inspection-reports")


def configure(config: MkDocsConfig, pdf: bool) -> tuple[Publisher, dict[str, Any]]:
    """Check the publisher (a warning each problem, so ``--strict`` fails), set the logo and colours.

    Returns the publisher and what report templates know of the site.
    """
    publisher = publisher_of(config.extra)
    for problem in problems(publisher, config.site_url):
        log.warning("mkdocs.yml: %s", problem)
    if publisher["logo"]:
        config.theme["logo"] = publisher["logo"]
    if STYLESHEET not in config.extra_css:
        config.extra_css.insert(0, STYLESHEET)
    return publisher, site_globals(publisher, config.site_url, pdf)


def stylesheet_files(config: MkDocsConfig, files: Files, publisher: Publisher) -> list[File]:
    """The generated stylesheet, as a file of the site, unless ``files`` has one of its own."""
    if files.get_file_from_path(STYLESHEET) is not None:
        return []
    return [File.generated(config, STYLESHEET, content=stylesheet(publisher))]


def fill_page(markdown: str, publisher: Publisher) -> str:
    """A hand-written page with the publisher's contacts and dates in it."""
    return fill(markdown, publisher)
