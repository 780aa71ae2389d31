"""Atomic publishing: ``mkdocs build`` writes a new site beside the live one and swaps it in.

The live site folder is never written. MkDocs builds into an empty folder
beside it; outputs whose inputs did not change stay in the live site while
MkDocs runs (:class:`Linked`), and are hard-linked into the new site at the
end, which costs no copying and cannot touch a live file (nothing writes into
a linked file: the new site's own files are all new). The two folders are
exchanged only once everything (pages, data files, search index) succeeded
and, under ``--strict``, nothing was warned about; a build that changed
nothing publishes nothing. A failure, or a kill at any moment, leaves the live
site as it was; the next build clears what the interrupted one left.
"""

from __future__ import annotations

import ctypes
import filecmp
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from generator.mkdocs.reuse import Output, Reuse, stat_of
from generator.site.search import BUNDLE, bundles, complete, own_entries

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class Warnings(logging.Handler):
    """Counts what MkDocs and its plugins warn about, as ``--strict`` will after the build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def staging_for(live: Path) -> Path:
    """The folder a build writes into, beside the live site."""
    return live.with_name(f"{live.name}.building")


def _previous(live: Path) -> Path:
    return live.with_name(f"{live.name}.previous")


def prepare(live: Path) -> Path:
    """Clear what an interrupted build left, and make the empty folder the new site goes in."""
    staging, previous = staging_for(live), _previous(live)
    if not live.exists() and previous.is_dir():
        os.replace(previous, live)  # killed between the two renames of a swap without exchange
    shutil.rmtree(previous, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def _link(source: str, target: str, made: set[str]) -> None:
    """Link ``source`` at ``target`` unless something is there already; ``made`` holds the
    folders known to exist, so each is made once."""
    folder = os.path.dirname(target)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)
    try:
        os.link(source, target)
    except FileExistsError:
        pass  # written by MkDocs, or an output two kept units share
    except OSError:  # a file system without hard links
        shutil.copy2(source, target)


def files_below(root: str, skip: str = "") -> set[str]:
    """Every file below ``root`` (as ``os.walk`` lists them), by its path from there with '/'.

    Nothing below the folder ``skip`` is listed, nor the folder itself.
    """
    found: set[str] = set()
    folders = [""]
    while folders:
        prefix = folders.pop()
        with os.scandir(f"{root}/{prefix}" if prefix else root) as entries:
            for entry in entries:
                path = prefix + entry.name
                if not entry.is_dir():
                    found.add(path)
                elif path != skip and not entry.is_symlink():
                    folders.append(f"{path}/")
    return found


def same_file(a: str, b: str) -> bool:
    """Whether ``b`` is a regular file with the bytes of ``a``."""
    return os.path.isfile(b) and filecmp.cmp(a, b, shallow=False)


class Linked(Reuse):
    """The last build's outputs, kept where they are in the live site until the new one is whole."""

    def __init__(self, manifests: Path | None, live: Path) -> None:
        super().__init__(manifests)
        self.live = live
        self.bundles: list[str] = []

    def stash(self, site: Path) -> None:
        self._open(site)
        self._previous, self._taken, self.bundles = self.units, {}, []

    def take(self, key: str, carry: bool = False) -> list[Output] | None:
        """A unit's outputs, if the live site holds them exactly as the last build wrote them."""
        outputs = self._previous.get(key)
        live = str(self.live)
        if outputs is None or any(
            stat_of(f"{live}/{o.dest}") != self._stats.get(o.dest) for o in outputs
        ):
            return None
        self._record(key, outputs, carry)
        return outputs

    def settle(self) -> None:
        """Nothing to settle: nothing was moved."""

    def take_bundle(self, folder: str, key: str) -> bool:
        if key != self.search.get(folder) or not complete(self.live / BUNDLE / folder):
            return False
        self.bundles.append(folder)
        return True

    def drop_stash(self) -> None:
        """Nothing was set aside."""

    def kept_path(self, dest: str) -> Path:
        return self.live / dest

    def unchanged(self, site: Path) -> bool:
        """Whether the new site would be the live one: every file MkDocs wrote is the same, no
        other output was made, and the live site holds nothing the new one would not.

        The live search index is not listed: whatever it holds beside the kept
        bundles is dropped only when a changed site is published anyway.
        """
        new, live = str(site), str(self.live)
        written = files_below(new)
        if not all(same_file(f"{new}/{f}", f"{live}/{f}") for f in written):
            return False
        kept = {o.dest for outs in self._taken.values() for o in outs}
        return files_below(live, skip=BUNDLE) <= written | kept

    def link_kept(self, site: Path) -> None:
        """Link every kept output and search bundle from the live site into the new one."""
        new, live, made = str(site), str(self.live), {str(site)}
        for outputs in self._taken.values():
            for out in outputs:
                _link(f"{live}/{out.dest}", f"{new}/{out.dest}", made)
        for folder in self.bundles:
            for entry in own_entries(self.live / BUNDLE, folder):
                below = entry.relative_to(self.live).as_posix()
                for name in files_below(str(entry)) if entry.is_dir() else {""}:
                    path = f"{below}/{name}" if name else below
                    _link(f"{live}/{path}", f"{new}/{path}", made)


def verify_search(site: Path) -> list[str]:
    """Bundles of the search index that are missing or incomplete: none after a good build."""
    root = site / BUNDLE
    return [folder or "pagefind" for folder, _ in bundles(site) if not complete(root / folder)]


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2``); False where it is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(done == 0)


def publish(staging: Path, live: Path) -> None:
    """Make the finished build in ``staging`` the live site, and remove the old one."""
    previous = _previous(live)
    if not live.exists():
        os.replace(staging, live)
    elif _exchange(staging, live):
        os.replace(staging, previous)
    else:
        os.replace(live, previous)
        os.replace(staging, live)
    _remove_later(previous)


def _remove_later(folder: Path) -> None:
    """Delete a folder nobody reads any more in a process of its own, which the build need
    not wait for; the next build's :func:`prepare` removes whatever it has not yet."""
    if not folder.exists():
        return
    try:
        subprocess.Popen(
            [sys.executable, "-c", _REMOVE, str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


_REMOVE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


def discard(staging: Path) -> None:
    """Remove a build that failed; the live site was never touched."""
    shutil.rmtree(staging, ignore_errors=True)
