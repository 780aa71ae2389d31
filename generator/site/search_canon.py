"""Make Pagefind's filter files byte-identical from one build to the next.

Pagefind 1.5 writes each filter (area, year, …) from a hash map, so the order
of its values, and of the filters listed in the index's meta file, changes
from run to run; the file names are content hashes, so they change too. Every
other file of the bundle is already stable. Here the filter files are read,
their values sorted, and they are written again under names hashed from their
new content, with the meta file and ``pagefind-entry.json`` updated to match.
The search itself is unchanged: only the order inside the files differs.

Files are gzipped CBOR behind a signature; this module holds the small
decoder and encoder the rewrite needs (the benchmark reads the files with them too).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

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


FILTER_HASH = 7  # hex digits Pagefind uses in a filter file's name
META_HASH = 10  # and in the meta file's name


def encode(item: Any) -> bytes:
    """CBOR for the values Pagefind's index files hold: ints, text, bytes and arrays."""
    if isinstance(item, bool) or item is None:
        return bytes([{False: 0xF4, True: 0xF5, None: 0xF6}[item]])
    if isinstance(item, int):
        return _head(0, item) if item >= 0 else _head(1, -1 - item)
    if isinstance(item, str):
        raw = item.encode()
        return _head(3, len(raw)) + raw
    if isinstance(item, bytes):
        return _head(2, len(item)) + item
    if isinstance(item, list):
        return _head(4, len(item)) + b"".join(encode(i) for i in item)
    raise TypeError(f"cannot encode {type(item).__name__} for Pagefind")


def _head(major: int, size: int) -> bytes:
    if size < 24:
        return bytes([major << 5 | size])
    for info, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if size < 1 << (8 * width):
            return bytes([major << 5 | info]) + size.to_bytes(width, "big")
    raise ValueError("value too large for CBOR")


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    return cbor(raw, len(SIGNATURE) if raw.startswith(SIGNATURE) else 0)[0]


def _write(folder: Path, prefix: str, suffix: str, digits: int, item: Any) -> str:
    payload = SIGNATURE + encode(item)
    name = f"{prefix}_{hashlib.sha256(payload).hexdigest()[:digits]}"
    # mtime=0: a timestamp in the gzip header would break reproducible builds.
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(payload, mtime=0))
    return name


def canonical_filters(bundle: Path) -> None:
    """Rewrite the filter files, meta files and entry of a Pagefind bundle in a stable order."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    for language, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        prefix = str(info["hash"]).split("_")[0]
        filters = []
        for name, chunk in sorted(meta[3]):
            old = bundle / "filter" / f"{chunk}.pf_filter"
            key, values = _read(old)
            old.unlink()
            ordered = [key, sorted([value, sorted(pages)] for value, pages in values)]
            filters.append(
                [name, _write(bundle / "filter", prefix, ".pf_filter", FILTER_HASH, ordered)]
            )
        meta[3] = filters
        meta_path.unlink()
        info["hash"] = _write(bundle, f"pagefind.{prefix}", ".pf_meta", META_HASH, meta)
        info["hash"] = info["hash"].removeprefix("pagefind.")
        entry["languages"][language] = info
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
