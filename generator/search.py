"""Full-text search: a Pagefind index of the built site, written into ``<site>/pagefind/``.

Pagefind reads the built HTML, so it indexes exactly what readers see. Only
report articles carry ``data-pagefind-body``, so only reports are searched;
each report's headings with ids become sub-results that link to their
section, and the hidden facets in each report (see
``templates/components/search_facets.html.j2``) become the search filters.
The browser loads the index in small chunks from the same site, so search
works on any static host with no server.

Pagefind holds a whole bundle's index in memory while it writes it: about
2.2 GB for 1000 synthetic reports of 80 KB of text each. So the reports are
indexed in bundles of at most :data:`SHARD_SIZE`, one after another, which
bounds the memory a build needs however large the archive grows. The first
bundle is ``pagefind/``; the others go in ``pagefind/shard-N/``, listed in
``pagefind/shards.json``, and the search box merges them into one search.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from generator.render import REPORTS
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


SHARD_SIZE = 500
"""Most reports in one bundle; Pagefind's memory grows with the text it indexes."""
SHARDS = "shards.json"


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


def _globs(site: Path, size: int) -> list[str]:
    """One Pagefind glob per bundle, each naming its reports' pages in slug order."""
    slugs = sorted(p.parent.name for p in site.glob(f"{REPORTS}/*/index.html"))
    if len(slugs) <= size:
        return [f"{REPORTS}/*/index.html" if slugs else "**/*.html"]
    return [
        f"{REPORTS}/{{{','.join(slugs[i : i + size])}}}/index.html"
        for i in range(0, len(slugs), size)
    ]


async def _index(site: Path, bundle: Path, glob: str) -> int:
    # One language for the whole site: report pages say en-GB, Material's
    # pages say en, and one index keeps every report in the same results.
    config: IndexConfig = {"force_language": LANGUAGE, "output_path": str(bundle)}
    async with PagefindIndex(config=config) as index:
        indexed = await index.add_directory(str(site), glob=glob)
    return int(indexed["page_count"])


def index_site(site: Path, size: int = SHARD_SIZE) -> int:
    """Index the built site in ``site``; the number of pages indexed.

    The previous bundle is removed first, so no stale chunk outlives a build.
    """
    bundle = site / BUNDLE
    if bundle.exists():
        shutil.rmtree(bundle)
    shards: list[str] = []
    pages = 0
    for number, glob in enumerate(_globs(site, size)):
        folder = bundle / f"shard-{number}" if number else bundle
        try:
            pages += asyncio.run(_index(site, folder, glob))
        except (OSError, AssertionError, RuntimeError) as err:
            raise SearchIndexError(f"Pagefind could not index {site}: {err}") from err
        for name in UNUSED:
            (folder / name).unlink(missing_ok=True)
        canonical_filters(folder)
        if number:
            shards.append(f"{folder.name}/")
    if shards:
        (bundle / SHARDS).write_text(json.dumps(shards) + "\n", "utf-8")
    return pages
