"""The Pagefind download count replays the client's fetches against a known bundle."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from generator.bench_search import SIGNATURE, cbor, search_query_bytes


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


def _write(path: Path, item: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(SIGNATURE + encode(item)))


def bundle(site: Path) -> None:
    root = site / "pagefind"
    root.mkdir(parents=True)
    (root / "pagefind-entry.json").write_text(
        json.dumps({"languages": {"en": {"hash": "en_1", "page_count": 7}}}), "utf-8"
    )
    pages = [[f"en_p{n}", 100] for n in range(7)]
    chunks = [["a", "m", "en_c1"], ["n", "z", "en_c2"]]
    _write(root / "pagefind.en_1.pf_meta", ["1.5.2", pages, chunks, [], []])
    # 'assess' is on pages 0-6, 'risk' on 1-6; page 1 holds 'risk' most often.
    _write(root / "index" / "en_c1.pf_index", [[["assess", [[n, [-13, 5], []] for n in range(7)], []]]])  # fmt: skip
    risk = [[1, [1, 2, 3, 4], []], *[[n, [-13, n], []] for n in range(2, 7)]]
    _write(root / "index" / "en_c2.pf_index", [[["risk", risk, []]]])
    for n in range(7):
        (root / "fragment" / f"en_p{n}.pf_fragment").parent.mkdir(exist_ok=True)
        (root / "fragment" / f"en_p{n}.pf_fragment").write_bytes(b"x" * (1000 + n))


def test_counts_entry_meta_chunks_and_the_first_page_of_fragments(tmp_path: Path) -> None:
    bundle(tmp_path)
    root = tmp_path / "pagefind"
    fixed = sum(
        (root / name).stat().st_size
        for name in ("pagefind-entry.json", "pagefind.en_1.pf_meta", "index/en_c1.pf_index",
                     "index/en_c2.pf_index")
    )  # fmt: skip
    # Pages 1-6 hold both words; page 1 ranks first, then 2-5 by page number.
    fragments = sum(1000 + n for n in (1, 2, 3, 4, 5))
    assert search_query_bytes(tmp_path, "risk assessment") == fixed + fragments


def test_no_index_no_figure(tmp_path: Path) -> None:
    assert search_query_bytes(tmp_path) is None


def test_cbor_decodes_what_it_is_given() -> None:
    value = ["text", -5, 300, [1, [2, "x" * 30]]]
    assert cbor(encode(value)) == (value, len(encode(value)))
