"""Full-text search: a Pagefind index of the built site, written into ``<site>/pagefind/``.

Pagefind reads the built HTML, so it indexes exactly what readers see. Only
report articles carry ``data-pagefind-body``, so only reports are searched;
each report's headings with ids become sub-results that link to their
section, and the hidden facets in each report (see
``templates/components/search_facets.html.j2``) become the search filters.
The browser loads the index in small chunks from the same site, so search
works on any static host with no server.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from generator.search_canon import canonical_filters

BUNDLE = "pagefind"
LANGUAGE = "en"
# Pagefind's ready-made interfaces; the site's own search box
# (assets/javascripts/search.js) uses pagefind.js directly, so these are dead weight.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


async def _index(site: Path, bundle: Path) -> int:
    # One language for the whole site: report pages say en-GB, Material's
    # pages say en, and one index keeps every report in the same results.
    config: IndexConfig = {"force_language": LANGUAGE, "output_path": str(bundle)}
    async with PagefindIndex(config=config) as index:
        indexed = await index.add_directory(str(site))
    return int(indexed["page_count"])


def index_site(site: Path) -> int:
    """Index the built site in ``site``; the number of pages indexed.

    The previous bundle is removed first, so no stale chunk outlives a build.
    """
    bundle = site / BUNDLE
    if bundle.exists():
        shutil.rmtree(bundle)
    try:
        pages = asyncio.run(_index(site, bundle))
    except (OSError, AssertionError, RuntimeError) as err:
        raise SearchIndexError(f"Pagefind could not index {site}: {err}") from err
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    canonical_filters(bundle)
    return pages
