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
indexed in bundles of at most :data:`SHARD_SIZE`, a set number at once,
which bounds the memory a build needs however large the archive grows. The first
bundle is ``pagefind/``; the others go in ``pagefind/shard-N/``, listed in
``pagefind/shards.json``, and the search box merges them into one search.
Pagefind itself runs in :mod:`generator.site.indexer`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from markupsafe import escape

from generator.model.urls import REPORTS
from generator.site.cache import digest

BUNDLE = "pagefind"
LANGUAGE = "en"
SHARD_SIZE = 200
"""Reports per bundle, on average. A publishing build indexes again only the bundles whose
reports changed, so smaller bundles publish an edit sooner, while every search fetches a
little from each bundle; and Pagefind's memory grows with the text of one bundle."""
SHARDS = "shards.json"


class SearchIndexError(Exception):
    """Pagefind could not index the site."""


def bundles(site: Path, size: int = SHARD_SIZE) -> list[tuple[str, list[str]]]:
    """Each bundle's folder under ``pagefind/`` ('' for the first) and its reports' slugs."""
    return bundles_of(sorted(p.parent.name for p in site.glob(f"{REPORTS}/*/index.html")), size)


def bundles_of(slugs: list[str], size: int = SHARD_SIZE) -> list[tuple[str, list[str]]]:
    """The bundles of these report slugs (sorted), about ``size`` reports each.

    A report's bundle is picked by a hash of its slug, not its place in the
    alphabet, so a new report changes one bundle rather than moving every
    later report into the next; reports move only when the archive grows by
    another bundle's worth.
    """
    count = max(1, -(-len(slugs) // size))
    chunks: list[list[str]] = [[] for _ in range(count)]
    for slug in slugs:
        chunks[int(digest(slug), 16) % count].append(slug)
    named = [(f"shard-{n}", chunk) for n, chunk in enumerate(chunks) if chunk] or [("", [])]
    return [("", named[0][1]), *named[1:]]


def document(html: str, title: str) -> str:
    """A page body as a bare HTML document: Pagefind indexes it as it does the site's page.

    Pagefind reads only what is inside ``data-pagefind-body`` (the report
    article), so the index is the same bytes as one made from the built site.
    """
    head = f'<meta charset="utf-8"><title>{escape(title)}</title>'
    return f'<!doctype html><html lang="{LANGUAGE}"><head>{head}</head><body>{html}</body></html>'


_IGNORED = " data-pagefind-ignore"
_ATTRIBUTE = "data-pagefind-"
_TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
_ID = re.compile(r'\sid="[^"]*"')
_TAGS: dict[str, re.Pattern[str]] = {}


def _element_end(html: str, name: str, start: int) -> int:
    """Where the element named ``name`` whose start tag ends before ``start`` ends; -1 if never."""
    tags = _TAGS.get(name) or _TAGS.setdefault(name, re.compile(rf"<(/?){name}[\s>/]"))
    depth = 1
    for tag in tags.finditer(html, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return html.find(">", tag.start()) + 1
    return -1


def _pagefind_tags(html: str) -> list[str]:
    """Every tag with a Pagefind attribute besides ``ignore``, with the text that follows it."""
    found, at = [], html.find(_ATTRIBUTE)
    while at != -1:
        start = html.rfind("<", 0, at)
        end = html.find("<", html.find(">", at))
        found.append(html[start:end])
        at = html.find(_ATTRIBUTE, max(end, at + 1))
    return found


def indexed_key(html: str, title: str) -> str:
    """A key of what Pagefind reads of a page body: equal keys, equal index entries.

    Elements marked ``data-pagefind-ignore`` are left out (what the site adds
    around a report, such as its related reports, whose change leaves the
    index as it was), all but their ids and any Pagefind attributes inside
    them, which Pagefind may still read. A page this cannot take apart is
    keyed whole.
    """
    kept, at = [], 0
    ignored = html.find(_IGNORED)
    while ignored != -1:
        start = html.rfind("<", 0, ignored)
        name = _TAG_NAME.match(html, start)
        end = _element_end(html, name.group(1), ignored) if name else -1
        if end <= 0:
            return digest(title, html)
        kept.append(html[at:start])
        left_out = html[start:end]
        kept += _ID.findall(left_out)
        kept += _pagefind_tags(left_out)
        at, ignored = end, html.find(_IGNORED, end)
    kept.append(html[at:])
    return digest(title, *kept)


def complete(bundle: Path) -> bool:
    """Whether a bundle folder holds a whole index: its entry file, script, meta and fragments.

    A build killed while Pagefind wrote leaves a bundle without some of them:
    there is one fragment per page the entry file counts.
    """
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        languages = entry["languages"].values()
        metas = [bundle / f"pagefind.{i['hash']}.pf_meta" for i in languages]
        pages = sum(int(i["page_count"]) for i in languages)
        fragments = sum(1 for _ in (bundle / "fragment").glob("*.pf_fragment"))
    except (OSError, ValueError, KeyError, TypeError):
        return False
    whole = (bundle / "pagefind.js").is_file() and all(m.is_file() for m in metas)
    return whole and fragments == pages


def own_entries(root: Path, folder: str) -> list[Path]:
    """What belongs to one bundle: a shard's folder, or the first bundle's files beside them."""
    if folder:
        return [root / folder] if (root / folder).exists() else []
    if not root.is_dir():
        return []
    return [p for p in root.iterdir() if not p.name.startswith("shard-") and p.name != SHARDS]


def write_shards(root: Path, planned: list[tuple[str, list[str]]]) -> None:
    """List the bundles after the first in ``shards.json``, which the search box reads."""
    shards = [f"{folder}/" for folder, _ in planned[1:]]
    (root / SHARDS).unlink(missing_ok=True)
    if shards:
        # The bundles themselves may not be there yet: kept ones are linked in last.
        root.mkdir(parents=True, exist_ok=True)
        (root / SHARDS).write_text(json.dumps(shards) + "\n", "utf-8")
