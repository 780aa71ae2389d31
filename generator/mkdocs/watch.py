"""``mkdocs serve`` hears of saved files from the operating system instead of polling for them.

MkDocs' dev server polls every watched folder twice a second, walking every
file in it, on a thread that shares the interpreter with the build: at
thousands of reports that doubled a rebuild, and a save waited up to half a
second to be noticed. Before any folder is watched through the server's public
``watch``, its ``observer`` becomes watchdog's native one (inotify, FSEvents,
ReadDirectoryChangesW), and the folders MkDocs already watches are moved over
with its public ``unwatch`` and ``watch``. Where the native observer cannot
start, polling stays.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

# Every build reads every data file, and a read raises 'opened' and
# 'closed_no_write' events: reacting to those would rebuild for ever.
CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent, FileClosedEvent,
    DirCreatedEvent, DirDeletedEvent, DirMovedEvent,
]  # fmt: skip


class ChangesObserver(Observer):  # type: ignore[misc,valid-type]
    """The native observer, reporting changes to files and never reads of them."""

    def schedule(
        self,
        event_handler: FileSystemEventHandler,
        path: str | Path,
        *,
        recursive: bool = False,
        event_filter: list[type[FileSystemEvent]] | None = None,
        follow_symlink: bool = False,
    ) -> ObservedWatch:
        return super().schedule(  # type: ignore[no-any-return]
            event_handler,
            path,
            recursive=recursive,
            event_filter=event_filter or CHANGES,
            follow_symlink=follow_symlink,
        )


def _native() -> BaseObserver | None:
    """A native observer, if this system can run one."""
    observer = ChangesObserver()
    try:
        with tempfile.TemporaryDirectory() as folder:
            watch = observer.schedule(FileSystemEventHandler(), folder)
            observer.start()
            observer.unschedule(watch)
    except OSError:  # no inotify watches left, or a file system that cannot be watched
        observer.stop()
        return None
    observer.stop()
    observer.join(timeout=5)
    return ChangesObserver()


def watch(server: Any, already: Iterable[str | None], paths: Iterable[Path]) -> None:
    """Watch ``paths`` for ``server``, natively where possible, with what it ``already`` watches."""
    moved = []
    native = _native()
    if native is not None:
        for path in already:
            try:
                if path:
                    server.unwatch(path)
                    moved.append(path)
            except KeyError:  # not watched: a theme folder without --watch-theme
                continue
        server.observer = native
    for path in [*moved, *(str(p) for p in paths if p.exists())]:
        server.watch(path)
