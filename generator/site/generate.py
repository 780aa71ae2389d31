"""``reports generate``: the whole site's content, for any static site generator.

The output is the stable, generator-agnostic form of what the MkDocs plugin
publishes, made by the same builder:

- every page body as an HTML fragment at its path (``reports/<slug>/index.html``),
- ``manifest.json``: each page's path, title, description, whether it belongs
  in the navigation, and its table of contents,
- the open data files at their paths in the site,
- with ``search``, a Pagefind index of the report pages in ``pagefind/``.

Another generator wraps each fragment in its own layout at the same URL and
copies everything else as it is.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from generator.model.urls import REPORTS
from generator.site.incremental import Unit
from generator.site.indexer import index_site
from generator.site.search import BUNDLE, document

MANIFEST = "manifest.json"


class UnsafePath(ValueError):
    """A page or file would be written outside the output folder."""


def _target(out: Path, relative: str) -> Path:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise UnsafePath(f"refusing to write {relative!r} outside {out}")
    return out.joinpath(*path.parts)


def page_path(src_uri: str) -> str:
    """Where a page's fragment goes: ``reports/x/index.md`` becomes ``reports/x/index.html``."""
    return src_uri.removesuffix(".md") + ".html"


def write_site(site: Unit, out: Path, *, search: bool = True) -> int:
    """Write ``site`` into ``out`` (emptied first, if it holds an earlier output); files written.

    Everything is written into a new folder beside ``out`` and swapped in at
    the end, so a failure leaves an earlier output as it was.
    """
    out = out.resolve()
    if out.exists() and not (out / MANIFEST).is_file() and any(out.iterdir()):
        raise UnsafePath(f"{out} is not empty and was not written by reports generate")
    staging = out.with_name(f"{out.name}.generating")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        manifest = []
        for page in site.pages:
            path = page_path(page.src_uri)
            _write(_target(staging, path), page.html)
            manifest.append(
                {
                    "path": path,
                    "title": page.title,
                    "description": page.description,
                    "in_nav": page.in_nav,
                    "toc": page.toc_tokens(),
                }
            )
        for path, text in site.files.items():
            _write(_target(staging, path), text)
        text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        _write(staging / MANIFEST, text)
        if search:
            _index(site, staging)
        old = out.with_name(f"{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if out.exists():
            os.replace(out, old)
        os.replace(staging, out)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(site.pages) + len(site.files) + 1


def _index(site: Unit, out: Path) -> None:
    """The search index of the report pages, each indexed as a page of its own.

    Pagefind indexes whole HTML documents, so each report's body is wrapped
    in a bare one for it; the index holds the same words and URLs as the
    MkDocs site's, whose pages wrap the same body.
    """
    with tempfile.TemporaryDirectory(dir=out.parent) as folder:
        for page in site.pages:
            if page.src_uri.startswith(f"{REPORTS}/") and page.src_uri.count("/") == 2:
                _write(
                    _target(Path(folder), page_path(page.src_uri)), document(page.html, page.title)
                )
        index_site(Path(folder), bundle=out / BUNDLE)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
