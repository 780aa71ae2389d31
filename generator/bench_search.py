"""Bytes a browser downloads for a typical Pagefind query, and Pagefind's file format.

Pagefind's client fetches ``pagefind-entry.json``, the language's ``.pf_meta``
file, the index chunks holding the (stemmed) query words, and then one
``.pf_fragment`` per result it shows. The query is run by the bundle's own
client in Node and its fetches are counted.

Index files are gzipped CBOR behind a signature; :func:`cbor` decodes the
subset Pagefind writes, for :mod:`generator.search_canon`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from generator.bench_sites import BenchError

QUERY = "risk assessment"
SHOWN = 8  # reports on the first page of the site's search box: PAGE in search.js
# The index files a query downloads from every bundle: the entry file, the
# language's meta file, index chunks and result fragments, and the list of
# bundles. The client's own code and WebAssembly are cached like any script,
# so they are not counted.
COUNTED = ("pagefind-entry.json", "shards.json", ".pf_meta", ".pf_index", ".pf_fragment")
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


def search_query_bytes(site: Path, query: str = QUERY, shown: int = SHOWN) -> int | None:
    """Bytes the site's search fetches for ``query`` and its first page of results.

    None when the site has no Pagefind index. The query runs through the
    bundle's own ``pagefind.js`` in Node, so the chunks fetched are the ones
    the real client picks (after stemming the query words, and with its
    prefix matching), not a guess at them.
    """
    bundle = site / "pagefind"
    if not (bundle / "pagefind-entry.json").is_file():
        return None
    node = shutil.which("node")
    if node is None:
        raise BenchError("measuring search_query_bytes needs Node.js (Debian package nodejs)")
    script = Path(__file__).with_name("bench_query.mjs")
    try:
        done = subprocess.run(
            [node, str(script), str(bundle), query, str(shown)],
            capture_output=True, text=True, timeout=300, check=True,
        )  # fmt: skip
        fetched = json.loads(done.stdout.splitlines()[-1])["fetched"]
    except (subprocess.SubprocessError, IndexError, ValueError, KeyError) as err:
        detail = getattr(err, "stderr", "") or err
        raise BenchError(f"the search query through pagefind.js failed: {detail}") from err
    sizes = {f["path"]: int(f["bytes"]) for f in fetched if f["path"].endswith(COUNTED)}
    return sum(sizes.values())
