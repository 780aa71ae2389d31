"""Bytes a browser downloads for a typical Pagefind query, read from the built index.

Pagefind's client fetches ``pagefind-entry.json``, the language's ``.pf_meta``
file, the index chunks whose word range covers each query word, and then one
``.pf_fragment`` per result it shows. We replay that against the files: the
meta file lists the chunks (first word, last word, hash) and the pages
(hash, word count); each chunk lists its words and the pages, with word
positions, they occur in. Both are gzipped CBOR behind a signature.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

QUERY = "risk assessment"
FIRST_PAGE = 5  # results Pagefind's default UI shows before "Load more"
SIGNATURE = b"pagefind_dcd"


def cbor(buf: bytes, i: int = 0) -> tuple[Any, int]:
    """Decode one CBOR item at ``i``: the subset Pagefind writes (ints, text, bytes, arrays, maps)."""
    major, info = buf[i] >> 5, buf[i] & 31
    i += 1
    size: int | None = info
    if 24 <= info <= 27:
        width = 1 << (info - 24)
        size, i = int.from_bytes(buf[i : i + width], "big"), i + width
    elif info == 31:
        size = None
    if major == 0:
        return size, i
    if major == 1:
        return -1 - (size or 0), i
    if major in (2, 3):
        end = i + (size or 0)
        return (buf[i:end].decode() if major == 3 else buf[i:end]), end
    if major in (4, 5):
        items: list[Any] = []
        count = (size or 0) * (2 if major == 5 else 1)
        while (size is None and buf[i] != 0xFF) or (size is not None and len(items) < count):
            item, i = cbor(buf, i)
            items.append(item)
        i += 1 if size is None else 0
        return (dict(zip(items[::2], items[1::2], strict=True)) if major == 5 else items), i
    return {20: False, 21: True, 22: None}.get(info, size), i


def _load(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    return cbor(raw, len(SIGNATURE) if raw.startswith(SIGNATURE) else 0)[0]


def _stem(term: str, words: list[str]) -> str | None:
    """The indexed (stemmed) word a query term finds: itself, or its longest indexed prefix."""
    found = [w for w in words if term == w or (len(w) >= 3 and term.startswith(w))]
    return max(found, key=len) if found else None


def search_query_bytes(site: Path, query: str = QUERY) -> int | None:
    """Bytes fetched for ``query`` and its first page of results; None without a Pagefind index."""
    bundle = site / "pagefind"
    entry = bundle / "pagefind-entry.json"
    if not entry.is_file():
        return None
    languages = json.loads(entry.read_text("utf-8"))["languages"]
    language = next(iter(languages.values()))
    meta_file = bundle / f"pagefind.{language['hash']}.pf_meta"
    meta = _load(meta_file)
    pages, chunks = meta[1], meta[2]
    fetched = [entry, meta_file]
    scores: dict[int, float] | None = None
    for term in query.lower().split():
        hits: dict[int, float] = {}
        for first, last, chunk_hash in chunks:
            if not (first <= term <= last or term <= first <= term + "\uffff"):
                continue
            path = bundle / "index" / f"{chunk_hash}.pf_index"
            fetched.append(path)
            words = {w[0]: w[1] for w in _load(path)[0]}
            stem = _stem(term, list(words))
            for number, locations, *_ in words.get(stem or "", []):
                occurrences = sum(1 for loc in locations if loc >= 0)
                hits[number] = hits.get(number, 0) + occurrences / max(1, pages[number][1])
        # Pagefind returns pages that hold every word of the query.
        scores = (
            hits if scores is None else {p: s + hits[p] for p, s in scores.items() if p in hits}
        )
    ranked = scores or {}
    best = sorted(ranked, key=lambda p: (-ranked[p], p))[:FIRST_PAGE]
    fetched += [bundle / "fragment" / f"{pages[p][0]}.pf_fragment" for p in best]
    return sum(p.stat().st_size for p in dict.fromkeys(fetched))
