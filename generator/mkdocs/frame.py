"""The frame around every generated page, and how MkDocs is told to leave a page as it is.

A generated page's HTML is its unit's output set in MkDocs' theme: the
configuration (and every file it inherits), the theme's overrides, the
hand-written pages and the command (``serve`` writes other URLs). Their hash,
the frame key, goes into every output key (:mod:`generator.mkdocs.reuse`), so a
change to any of them rebuilds every page. The installed theme's own files
count through the library versions in :func:`generator.site.cache.code_hash`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_build_date

from generator.mkdocs.reuse import Output
from generator.site.cache import code_hash, digest, tree_hash
from generator.site.incremental import Unit
from generator.stages.page import RenderedPage, front_matter, page_stub

KEPT_TEMPLATE = "inspection-reports-kept.html"
"""An empty theme template: MkDocs writes nothing for a page that uses it."""

_INHERIT = re.compile(r"^INHERIT:\s*['\"]?(.+?)['\"]?\s*$", re.MULTILINE)


def _config_texts(path: Path, seen: set[Path]) -> list[bytes | str]:
    if path in seen or not path.is_file():
        return []
    seen.add(path)
    text = path.read_bytes()
    parts: list[bytes | str] = [str(path), text]
    found = _INHERIT.search(text.decode("utf-8", "replace"))
    if found:
        parts += _config_texts((path.parent / found.group(1)).resolve(), seen)
    return parts


def frame(config: MkDocsConfig, files: Files, command: str) -> str:
    """The frame key: everything outside a unit that shapes its pages' HTML."""
    parts: list[bytes | str] = [code_hash(), command, str(config.site_url), config.site_dir]
    if config.config_file_path:
        parts += _config_texts(Path(config.config_file_path).resolve(), set())
    parts.append(tree_hash(*(Path(d) for d in config.theme.dirs if "site-packages" not in d)))
    # Every file of the docs folder, a link to one elsewhere too: MkDocs reads it through.
    docs = os.path.normpath(config.docs_dir)
    for file in sorted(files, key=lambda f: f.src_uri):
        if file.abs_src_path and file.src_dir and os.path.normpath(file.src_dir) == docs:
            try:
                parts += [file.src_uri, Path(file.abs_src_path).read_bytes()]
            except OSError:  # a broken link: MkDocs says so when it copies the file
                parts += [file.src_uri, "unreadable"]
    return digest(*parts)


def page_key(page: RenderedPage) -> str:
    """Everything of a rendered page that reaches MkDocs, as one hash."""
    return digest(
        page.src_uri,
        page.title,
        page.description,
        page.html,
        repr(page.headings),
        repr(sorted(page.anchors)),
        repr(page.in_nav),
        repr(sorted(page.duplicates)),
    )


Excluded = dict[tuple[str, str, str, bool], File]
"""Excluded files made for kept outputs, by path and the settings that place them."""


def files_of(config: MkDocsConfig, files: Files, outputs: list[Output], excluded: Excluded) -> None:
    """Add a kept unit's files so MkDocs knows them but writes none of them.

    Pages in the navigation stay pages (the nav needs them) with a template
    that renders nothing; every other file is excluded from writing, and
    links to it still resolve. An excluded file is one MkDocs never changes
    (it makes no page of it), so the one made for an earlier build of the
    same site is added again: a preview keeps thousands.
    """
    for out in outputs:
        if out.kind == "nav":
            stub = front_matter(title=out.title, template=KEPT_TEMPLATE)
            files.append(File.generated(config, out.src, content=stub))
            continue
        key = (out.src, config.docs_dir, config.site_dir, config.use_directory_urls)
        file = excluded.get(key)
        if file is None:
            file = File.generated(config, out.src, content="", inclusion=InclusionLevel.EXCLUDED)
            excluded[key] = file
        files.append(file)


def made_files(config: MkDocsConfig, files: Files, unit: Unit) -> list[Output]:
    """Add a made unit's pages, as stubs whose HTML is swapped in later, and its files."""
    outputs = []
    for page in unit.pages:
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.src_uri, content=page_stub(page), inclusion=inclusion)
        files.append(file)
        kind = "nav" if page.in_nav else "page"
        outputs.append(Output(file.dest_uri, page.src_uri, kind, page.title, unit.indexed))
    for path, text in unit.files.items():  # open data, copied as they are
        file = File.generated(config, path, content=text)
        files.append(file)
        outputs.append(Output(file.dest_uri, path, "file"))
    return outputs


PageKeys = dict[str, tuple[RenderedPage, str]]
"""Each archive page's :func:`page_key`, by path, with the page it was computed for."""


def archive_parts(unit: Unit, known: PageKeys) -> tuple[list[tuple[str, Unit, str]], PageKeys]:
    """The archive unit as one part per page and per file, each with what it holds.

    Any report's change makes the archive unit again, but most of its pages
    come out the same (a title change touches the finder and one area), so
    each part is kept by what it holds. A page that is the very object of an
    earlier build (from the memo) keeps its key from ``known``.
    """
    keys: PageKeys = {}
    parts = []
    for p in unit.pages:
        hit = known.get(p.src_uri)
        keys[p.src_uri] = (p, hit[1] if hit and hit[0] is p else page_key(p))
        parts.append((p.src_uri, Unit([p], {}), keys[p.src_uri][1]))
    parts += [(path, Unit([], {path: text}), text) for path, text in unit.files.items()]
    return parts, keys


@dataclass(frozen=True)
class _Listed:
    """What MkDocs' sitemap template reads of a page: here, of a kept one."""

    canonical_url: str | None
    abs_url: str | None
    update_date: str
    is_link: bool = False


@dataclass(frozen=True)
class _ListedFile:
    page: _Listed


def sitemap_pages(config: MkDocsConfig, files: Files, kept: set[str]) -> list[Any]:
    """The pages the sitemap lists: those MkDocs built, and those kept as they were.

    A kept page has no MkDocs page object, and one each only for its URL would
    cost as much as building it; the sitemap reads only these fields,
    computed as MkDocs computes them.
    """
    base = config.get("site_url") or None
    if base and not base.endswith("/"):
        base += "/"
    built = get_build_date()
    path = urlsplit(base).path if base else ""
    listed: list[Any] = []
    for file in files.documentation_pages(inclusion=InclusionLevel.all):
        if file.inclusion.value > InclusionLevel.DRAFT.value:
            listed.append(file)
        elif file.src_uri in kept:
            if not base:
                listed.append(_ListedFile(_Listed(None, None, built)))
            elif plain(base, file.url):
                listed.append(_ListedFile(_Listed(base + file.url, path + file.url, built)))
            else:
                url = urljoin(base, file.url)
                listed.append(_ListedFile(_Listed(url, urlsplit(url).path, built)))
    return listed


_PLAIN = re.compile(r"[^./?#:;\\][^?#:;\\]*")


def plain(base: str, url: str) -> bool:
    """Whether ``urljoin(base, url)`` is ``base + url``: a base ending in '/' with no query
    or fragment, and a relative URL of path segments with none of '.', '..' or empty ones.

    Thousands of kept pages are listed in the sitemap; joining each costs more than the rest.
    """
    return (
        base.endswith("/")
        and "?" not in base
        and "#" not in base
        and _PLAIN.fullmatch(url) is not None
        and "//" not in url
        and "/./" not in url
        and "/../" not in url
        and not url.endswith(("/.", "/.."))
    )
