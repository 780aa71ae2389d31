"""The search index of a build: each bundle kept from the last build, or indexed aside.

Pagefind runs in the background (:class:`~generator.site.search.Background`)
while MkDocs sets the pages in the theme; :class:`~generator.mkdocs.session.Session`
waits for it once the site is written.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from generator.mkdocs.reuse import Output, Reuse
from generator.model.urls import REPORTS
from generator.site.cache import code_hash, digest
from generator.site.incremental import ARCHIVE, Unit
from generator.site.search import BUNDLE, Background, bundles_of, document


def start_index(
    reuse: Reuse,
    site: Path,
    jobs: int,
    taken: dict[str, list[Output] | None],
    units: dict[str, Unit],
) -> tuple[dict[str, str], Background | None]:
    """Keep each bundle of the index whose reports did not change; index the others aside.

    Returns each bundle's key by folder, and the indexing under way, if any.
    A bundle is keyed by what the index reads of its reports' pages
    (:func:`~generator.site.search.indexed_key`), so a change that only
    what the site adds around a report shows (its related reports, say)
    indexes nothing again. The pages to index are each report's rendered
    body in ``units`` (as Pagefind reads only that, the index is the one
    the built pages would give) or, for a report ``taken`` as it was, its
    page as it is in the site.
    """
    slugs = sorted(name for name in taken if name != ARCHIVE)
    if not slugs:
        return {}, None  # no report to index: the session indexes the site's own pages
    indexed = {slug: units[slug].indexed if slug in units else "" for slug in slugs}
    for slug, outputs in taken.items():
        if slug != ARCHIVE and outputs is not None:
            indexed[slug] = next((o.indexed for o in outputs if o.indexed), "")
    planned = bundles_of(slugs)
    search = {
        folder: digest(code_hash(), *(f"{s}={indexed[s]}" for s in chunk))
        for folder, chunk in planned
    }
    kept = frozenset(f for f, key in search.items() if reuse.take_bundle(f, key))
    if kept == set(search):
        return search, None
    source = Path(tempfile.mkdtemp(prefix=".inspection-reports-search-", dir=site.parent))
    for folder, chunk in planned:
        for slug in chunk if folder not in kept else []:
            target = source / REPORTS / slug / "index.html"
            target.parent.mkdir(parents=True)
            if slug in units:
                page = units[slug].pages[0]
                target.write_text(document(page.html, page.title), "utf-8")
            else:
                os.link(reuse.kept_path(f"{REPORTS}/{slug}/index.html"), target)
    return search, Background(source, bundle=site / BUNDLE, kept=kept, slugs=slugs, jobs=jobs)
