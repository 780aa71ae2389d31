"""The Pagefind download count: the real client's fetches, counted on a real bundle."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from inspection_tools.bench_search import SHOWN, search_query_bytes

from generator.site import indexer
from generator.site.indexer import index_site
from generator.site.search import SearchIndexError
from generator.site.search_canon import SIGNATURE, cbor

ROOT = Path(__file__).resolve().parent.parent


def encode(item: Any) -> bytes:
    """Minimal CBOR encoder for the test bundle: ints, text and arrays."""

    def head(major: int, size: int) -> bytes:
        if size < 24:
            return bytes([major << 5 | size])
        return bytes([major << 5 | 25]) + size.to_bytes(2, "big")

    if isinstance(item, int):
        return head(0, item) if item >= 0 else head(1, -1 - item)
    if isinstance(item, str):
        data = item.encode()
        return head(3, len(data)) + data
    return head(4, len(item)) + b"".join(encode(x) for x in item)


def _fragment_url(path: Path) -> str:
    raw = gzip.decompress(path.read_bytes())
    data: dict[str, Any] = json.loads(raw[len(SIGNATURE) :] if raw.startswith(SIGNATURE) else raw)
    return str(data["url"])


def _site(site: Path, pages: dict[str, str]) -> None:
    # Built with the site's own indexer (Pagefind's command), as a build does.
    for slug, text in pages.items():
        page = site / "reports" / slug / "index.html"
        page.parent.mkdir(parents=True)
        html = f"<html lang='en'><body><h1>{slug}</h1><p>{text}</p></body></html>"
        page.write_text(html, "utf-8")
    index_site(site)


def test_counts_what_the_real_client_fetches(tmp_path: Path) -> None:
    if shutil.which("node") is None:
        pytest.skip("Node is needed to run Pagefind's client (make browser-deps installs it)")
    # Eleven pages hold both words (ten in their stemmed forms), one holds neither.
    pages = {f"r{n}": "Risk assessments were assessed for risk. " * (n + 1) for n in range(10)}
    pages["r10"] = "The risk assessment."
    pages["other"] = "Nothing about either word."
    _site(tmp_path, pages)
    bundle = tmp_path / "pagefind"
    fragments = {_fragment_url(p): p.stat().st_size for p in (bundle / "fragment").iterdir()}
    assert len(fragments) == 12
    fixed = sum(p.stat().st_size for p in bundle.glob("pagefind*.pf_meta"))
    fixed += (bundle / "pagefind-entry.json").stat().st_size
    chunks = sorted(p.stat().st_size for p in (bundle / "index").iterdir())
    measured = search_query_bytes(tmp_path, "risk assessment", shown=3)
    assert measured is not None
    # Three fragments of matching pages, never the page without the words,
    # and no WebAssembly or JavaScript: the rest is the index itself.
    matching = sorted(v for k, v in fragments.items() if k != "/reports/other/")
    rest = measured - fixed - sum(chunks)
    assert rest in {sum(three) for three in combinations(matching, 3)}


def test_first_page_matches_the_search_box() -> None:
    script = (ROOT / "content" / "assets" / "javascripts" / "search.js").read_text("utf-8")
    shown = re.search(r"var PAGE = (\d+);", script)
    assert shown is not None and int(shown.group(1)) == SHOWN


def test_no_index_no_figure(tmp_path: Path) -> None:
    assert search_query_bytes(tmp_path) is None


def test_cbor_decodes_what_it_is_given() -> None:
    value = ["text", -5, 300, [1, [2, "x" * 30]]]
    assert cbor(encode(value)) == (value, len(encode(value)))


def test_a_failed_index_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    # A folder with no HTML: Pagefind exits with an error, and we pass its words on.
    with pytest.raises(SearchIndexError) as caught:
        index_site(tmp_path)
    assert str(caught.value).startswith(f"Pagefind could not index {tmp_path} (exit 1): ")
    assert "was not able to build an index" in str(caught.value)


def test_an_archive_without_the_pagefind_program_fails_with_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pagefind.service

    monkeypatch.setattr(pagefind.service, "get_executable", lambda: None)
    indexer._pagefind.cache_clear()
    try:
        page = tmp_path / "reports" / "a" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text("<html lang='en'><body><p>Words.</p></body></html>", "utf-8")
        with pytest.raises(SearchIndexError) as caught:
            index_site(tmp_path)
    finally:
        indexer._pagefind.cache_clear()
    assert str(caught.value) == (
        "Pagefind could not start: its program was not found "
        "(expected the pagefind[bin] package, or PAGEFIND_BINARY_PATH naming it)"
    )
