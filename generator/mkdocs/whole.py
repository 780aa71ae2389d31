"""A build from exactly what the live site was built from: MkDocs is given nothing to write.

A published build compares every file MkDocs wrote with the live one, and
discards itself if all are the same (:meth:`~generator.mkdocs.publish.Linked.unchanged`).
When everything the build reads is known to be what the live site was made
from, that work would be thrown away unread, and so would MkDocs' own:
converting the hand-written pages, setting them in the theme, copying the
theme's files, the sitemap and the error page. Such a build gives MkDocs only
the pages its navigation can name, each with a template that renders nothing
(:func:`nav_stubs`), and publishes nothing.

After each build that published the live site, or found it already the same,
without a warning, a :class:`Record` keeps the key of its inputs
(:func:`inputs_key`) and the status of every file and folder of the live site,
so that a site changed by hand since is built again. A key is given only to a
build whose every input it covers: one with another plugin, hooks, extra
templates or a Markdown extension of no installed package reads code or files
the key knows nothing of, and is built as usual.
"""

from __future__ import annotations

import json
import os
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

from generator.mkdocs.frame import KEPT_TEMPLATE
from generator.site.cache import digest
from generator.stages.page import front_matter


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


def _packaged(name: str) -> bool:
    """Whether a Markdown extension comes from an installed package, as Python-Markdown finds
    it: an entry point, which only a package declares, or else a module by its name."""
    if any(point.name == name for point in get_installed_extensions()):
        return True
    module = sys.modules.get(name.split(":")[0])
    return "site-packages" in Path(getattr(module, "__file__", None) or "").parts


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
    if not all(_packaged(str(name)) for name in config.markdown_extensions):
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


def nav_stubs(config: MkDocsConfig, files: Files, made: Iterable[tuple[str, str]]) -> Files:
    """In place of every file: the pages the navigation can name, each rendering nothing.

    Those are the hand-written pages in ``files`` and the generated ones ``made``,
    each by its ``src_uri`` and title.
    """
    stubs = []
    for file in files.documentation_pages():
        if file.inclusion.value > InclusionLevel.NOT_IN_NAV.value:  # one the nav may name
            stub = front_matter(template=KEPT_TEMPLATE)
            stubs.append(
                File.generated(config, file.src_uri, content=stub, inclusion=file.inclusion)
            )
    for src, title in made:
        stub = front_matter(title=title, template=KEPT_TEMPLATE)
        stubs.append(File.generated(config, src, content=stub))
    return Files(stubs)


def _status(live: str) -> dict[str, list[int]]:
    """Every folder (its path ending in '/') and file below ``live``, with its status."""
    found: dict[str, list[int]] = {}
    folders = [""]
    while folders:
        prefix = folders.pop()
        st = os.stat(f"{live}/{prefix}", follow_symlinks=False)
        found[prefix] = [st.st_mtime_ns, st.st_ino]
        with os.scandir(f"{live}/{prefix}") as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(f"{prefix}{entry.name}/")
                else:
                    st = entry.stat(follow_symlinks=False)
                    found[prefix + entry.name] = [st.st_size, st.st_mtime_ns, st.st_ino]
    return found


def _same(live: str, path: str, status: list[int]) -> bool:
    try:
        st = os.stat(f"{live}/{path}", follow_symlinks=False)
    except OSError:
        return False
    if not path or path.endswith("/"):
        # A folder's time changes whenever an entry is added, removed or renamed.
        return [st.st_mtime_ns, st.st_ino] == status
    return [st.st_size, st.st_mtime_ns, st.st_ino] == status


class Record:
    """What the live site was last built from, and the status its files had then."""

    def __init__(self, folder: Path | None, live: Path) -> None:
        self.path = folder / f"whole-{digest(str(live))}.json" if folder else None
        self.live = live

    def holds(self, key: str | None) -> list[tuple[str, str]] | None:
        """If the live site is, untouched, what a build from ``key`` published: the pages of
        the navigation that build generated, each by its ``src_uri`` and title."""
        if key is None or self.path is None:
            return None
        try:
            saved = json.loads(self.path.read_text("utf-8"))
            if saved["key"] != key:
                return None
            status: dict[str, list[int]] = saved["status"]
            nav = [(str(src), str(title)) for src, title in saved["nav"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        live = str(self.live)
        same = "" in status and all(_same(live, p, s) for p, s in status.items())
        return nav if same else None

    def forget(self) -> None:
        """Before the live site changes: no record is better than a wrong one."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)

    def write(self, key: str, nav: list[tuple[str, str]]) -> None:
        """Record that the live site, as it is now, is what a build from ``key`` makes, and
        the pages of the navigation it generated (``src_uri`` and title)."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        saved = {"key": key, "nav": nav, "status": _status(str(self.live))}
        tmp.write_text(json.dumps(saved), "utf-8")
        os.replace(tmp, self.path)
