"""Watching the data folder, templates and overrides under ``mkdocs serve``.

MkDocs polls every watched folder: each poll lists and stats every file in
it. An archive of thousands of reports makes each poll expensive, and the
polling thread holds the interpreter lock while the build runs, so saving a
report waited on the poller twice: to notice the save, then to share the
CPU with it. Here the operating system reports changes instead (inotify on
Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows, through
watchdog), which costs nothing between saves and notices a save at once.

Where native watching cannot start, the folders are handed to MkDocs'
own polling, so serving still works, only slower.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

# Reading a file raises 'opened' and 'closed_no_write' events; the build
# reads every data file, so reacting to those would rebuild for ever.
CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})


class _Rebuild(FileSystemEventHandler):
    def __init__(self, server: Any, condition: threading.Condition) -> None:
        self.server = server
        self.condition = condition

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in CHANGES:
            return
        # What MkDocs' own watch callback does: ask its build loop to rebuild.
        with self.condition:
            self.server._want_rebuild = True
            self.condition.notify_all()


def watch(server: Any, paths: Iterable[Path]) -> BaseObserver | None:
    """Watch ``paths`` for ``server``: natively if possible, else by MkDocs' polling.

    Returns the native observer, to be stopped when serving ends, or None if
    the paths were given to MkDocs instead.
    """
    folders = [p for p in paths if p.exists()]
    condition = getattr(server, "_rebuild_cond", None)
    if isinstance(condition, threading.Condition) and hasattr(server, "_want_rebuild"):
        observer = Observer()
        handler = _Rebuild(server, condition)
        try:
            for folder in folders:
                observer.schedule(handler, str(folder), recursive=True)
            observer.start()
        except OSError:
            # No inotify watches left, or a file system that cannot be watched.
            observer.unschedule_all()
        else:
            return observer
    for folder in folders:
        server.watch(str(folder))
    return None
