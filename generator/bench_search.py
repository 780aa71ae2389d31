"""Bytes a browser downloads for a typical Pagefind query."""

from __future__ import annotations

from pathlib import Path


def search_query_bytes(site: Path) -> int | None:
    """None when the site has no Pagefind index."""
    if not (site / "pagefind").is_dir():
        return None
    return None
