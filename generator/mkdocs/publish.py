"""Atomic publishing: ``mkdocs build`` writes a new site beside the live one and swaps it in.

The live site folder is never written. A build starts from a copy of it made
of hard links (so kept outputs cost no copying and the live files cannot be
touched: MkDocs and Pagefind replace files, they never write into them), builds
into that copy, and exchanges the two folders only once everything (pages, data
files, search index) succeeded and, under ``--strict``, nothing was warned about.
A failure, or a kill at any moment, leaves the live site as it was; the next
build clears what the interrupted one left.
"""

from __future__ import annotations

import ctypes
import logging
import os
import shutil
from pathlib import Path

from generator.site.search import BUNDLE, bundles, complete

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
    """Clear what an interrupted build left, and lay out the new site as links to the live one."""
    staging, previous = staging_for(live), _previous(live)
    if not live.exists() and previous.is_dir():
        os.replace(previous, live)  # killed between the two renames of a swap without exchange
    shutil.rmtree(previous, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    if live.is_dir():
        for folder, dirs, files in os.walk(live):
            here = Path(folder)
            target = staging / here.relative_to(live)
            for name in dirs:
                (target / name).mkdir()
            for name in files:
                try:
                    os.link(here / name, target / name)
                except OSError:  # a file system without hard links: copy
                    shutil.copy2(here / name, target / name)
    return staging


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
    shutil.rmtree(previous, ignore_errors=True)


def discard(staging: Path) -> None:
    """Remove a build that failed; the live site was never touched."""
    shutil.rmtree(staging, ignore_errors=True)
