"""A build from exactly what the live site was built from: MkDocs is given nothing to write.

A published build compares every file MkDocs wrote with the live one, and
discards itself if all are the same (:meth:`~generator.mkdocs.publish.Linked.unchanged`).
When everything the build reads is known to be what the live site was made
from, that work would be thrown away unread, and so would MkDocs' own:
converting the hand-written pages, setting them in the theme, copying the
theme's files, the sitemap and the error page. Such a build gives MkDocs only
the pages its navigation can name, each excluded from the site
(:func:`nav_stubs`), an empty template for the sitemap and error page, and
publishes nothing.

After each build that published the live site, or found it already the same,
without a warning, a :class:`Record` keeps the key of its inputs
(:func:`inputs_key`) and the status of every file and folder of the live site,
so that a site changed by hand since is built again. A key is given only to a
build whose every input it covers: one with another plugin, hooks, extra
templates, a Markdown extension not known to read only the page, or code
named in its configuration that no installed package holds, reads code or
files the key knows nothing of, and is built as usual.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from markdown.util import get_installed_extensions  # type: ignore[import-untyped]
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.theme import Theme
from mkdocs.utils import get_build_date

from generator.site.cache import digest


class Uncovered(Exception):
    """Something in the configuration whose effect on the site no key can say."""


def _plain(value: Any) -> Any:
    """A resolved configuration value as JSON, every mapping's keys sorted."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, BasePlugin):
        return _plain(value.config)
    if isinstance(value, Theme):
        return [value.dirs, sorted(value.static_templates), _plain(dict(value))]
    if isinstance(value, Mapping):
        return sorted((str(k), _plain(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(repr(_plain(v)) for v in value)
    if callable(value) and hasattr(value, "__qualname__"):
        return _packaged(value)
    text = repr(value)
    if " at 0x" in text:  # an object's identity, different in every process
        raise Uncovered(text)
    return [type(value).__qualname__, text]


def _installed() -> list[str]:
    """Every installed distribution and its version, as their metadata folders are named."""
    names = [
        name
        for folder in sys.path
        if os.path.isdir(folder)
        for name in os.listdir(folder)
        if name.endswith((".dist-info", ".egg-info", ".egg-link", ".pth"))
    ]
    return [sys.version, *sorted(names)]


_PAGE_ONLY = ("markdown.extensions.", "pymdownx.", "material.extensions.")
"""Markdown extensions that read nothing but the page and installed packages: Python-Markdown's
own, PyMdown Extensions' (but snippets, which includes files) and Material's."""


def _page_only(name: str) -> bool:
    """Whether a Markdown extension, as Python-Markdown finds it (an entry point, or else a
    module by its name), is one of :data:`_PAGE_ONLY`."""
    points = [point.value for point in get_installed_extensions() if point.name == name]
    module = (points[0] if points else name).split(":")[0]
    return module.startswith(_PAGE_ONLY) and module != "pymdownx.snippets"


def _packaged(value: Any) -> str:
    """A function or class of an installed package named in the configuration (YAML's
    ``!!python/name:``), by its module and name; one of any other code is not covered."""
    module = sys.modules.get(getattr(value, "__module__", None) or "")
    if "site-packages" not in Path(getattr(module, "__file__", None) or "").parts:
        raise Uncovered(repr(value))
    return f"{value.__module__}:{value.__qualname__}"


def inputs_key(
    config: MkDocsConfig,
    alone: bool,
    frame_key: str,
    site: str,
    units: Mapping[str, str],
    extra: list[File],
) -> str | None:
    """Everything a build reads, as one hash: the ``frame_key``, the ``site`` globals, each
    unit's output key, the ``extra`` files, and what only the configuration as loaded
    (``!ENV``, command options) and the installed packages say. The search index is made
    from the units' pages alone.

    None when the build reads something no key covers: ``alone`` is whether
    this plugin is MkDocs' only one (hooks are plugins too).
    """
    if not alone or config.extra_templates:
        return None
    if not all(_page_only(str(name)) for name in config.markdown_extensions):
        return None
    try:
        settings = json.dumps(_plain(config))
    except Uncovered:
        return None
    parts: list[str | bytes] = [frame_key, site, settings, *_installed()]
    parts += [f"{name}={key}" for name, key in sorted(units.items())]
    for file in extra:
        parts += [file.src_uri, file.content_bytes]
    # The sitemap prints the build's date: today's, or SOURCE_DATE_EPOCH's.
    return digest(get_build_date(), *parts)


def nav_stubs(config: MkDocsConfig, files: Files, made: Iterable[str]) -> Files:
    """In place of every file: the pages the navigation can name, none of them to be built.

    Those are the hand-written pages in ``files`` and the generated ones ``made``
    (each by its ``src_uri``). Each is excluded from the site: MkDocs
    neither converts nor renders it, and a link to it in the navigation still
    resolves (it says so at level INFO).
    """
    excluded = InclusionLevel.EXCLUDED
    names = [f.src_uri for f in files.documentation_pages() if f.inclusion.value > _NOT_IN_NAV]
    names += made
    return Files(File.generated(config, name, content="", inclusion=excluded) for name in names)


_NOT_IN_NAV = InclusionLevel.NOT_IN_NAV.value
Folders = dict[str, tuple[int, int]]
"""Each folder below the live site (its path ending in '/', '' for the site's own): its
modification time, which changes whenever an entry is added, removed or renamed, and inode."""
Statuses = dict[str, tuple[int, int, int]]
"""Each other file below the live site: its size, modification time and inode."""


def _status(live: str) -> tuple[Folders, Statuses]:
    folders: Folders = {}
    files: Statuses = {}
    todo = [""]
    while todo:
        prefix = todo.pop()
        st = os.lstat(f"{live}/{prefix}")
        folders[prefix] = (st.st_mtime_ns, st.st_ino)
        with os.scandir(f"{live}/{prefix}") as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    todo.append(f"{prefix}{entry.name}/")
                else:
                    st = entry.stat(follow_symlinks=False)
                    files[prefix + entry.name] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return folders, files


def _unchanged(live: str, folders: Folders, files: Statuses) -> bool:
    """Whether every folder and file below ``live`` has the status it had, and none is new."""
    lstat = os.lstat  # thousands of calls: this loop is most of a build with nothing to do
    try:
        for path, (mtime, ino) in folders.items():
            st = lstat(f"{live}/{path}")
            if st.st_mtime_ns != mtime or st.st_ino != ino:
                return False
        for path, (size, mtime, ino) in files.items():
            st = lstat(f"{live}/{path}")
            if st.st_size != size or st.st_mtime_ns != mtime or st.st_ino != ino:
                return False
    except OSError:
        return False
    return "" in folders


class Record:
    """What the live site was last built from, and the status its files had then.

    It is kept in the cache folder as a pickle, as the disk cache's entries are:
    reading it is on the path of every build with nothing to do.
    """

    def __init__(self, folder: Path | None, live: Path) -> None:
        self.path = folder / f"whole-{digest(str(live))}.pickle" if folder else None
        self.live = live

    def holds(self, key: str | None) -> list[str] | None:
        """If the live site is, untouched, what a build from ``key`` published: the pages of
        the navigation that build generated, by ``src_uri``."""
        if key is None or self.path is None:
            return None
        try:
            saved = pickle.loads(self.path.read_bytes())
            if saved["key"] != key:
                return None
            nav, folders, files = saved["nav"], saved["folders"], saved["files"]
        except Exception:  # a missing or damaged record is no record
            return None
        return nav if _unchanged(str(self.live), folders, files) else None

    def forget(self) -> None:
        """Before the live site changes: no record is better than a wrong one."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)

    def write(self, key: str, nav: list[str]) -> None:
        """Record that the live site, as it is now, is what a build from ``key`` makes, and
        the pages of the navigation it generated (by ``src_uri``)."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        folders, files = _status(str(self.live))
        saved = {"key": key, "nav": nav, "folders": folders, "files": files}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(saved, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, self.path)
