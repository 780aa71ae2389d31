"""Bytes a browser downloads for a typical Pagefind query, and Pagefind's file format.

Pagefind's client fetches ``pagefind-entry.json``, the language's ``.pf_meta``
file, the index chunks holding the (stemmed) query words, and then one
``.pf_fragment`` per result it shows. The query is run by the bundle's own
client in Node and its fetches are counted.

Index files are gzipped CBOR behind a signature, read with
:func:`generator.site.search_canon.cbor`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from inspection_tools.bench_sites import BenchError

QUERY = "risk assessment"
SHOWN = 8  # reports on the first page of the site's search box: PAGE in search.js
# The index files a query downloads from every bundle: the entry file, the
# language's meta file, index chunks and result fragments, and the list of
# bundles. The client's own code and WebAssembly are cached like any script,
# so they are not counted.
COUNTED = ("pagefind-entry.json", "shards.json", ".pf_meta", ".pf_index", ".pf_fragment")


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
