"""A preview shows the saved report first; the pages it changes elsewhere follow once saves stop.

A save in ``mkdocs serve`` changes the saved report's page, the pages that
quote it (its follow-ups, and the reports it judges), and pages that only list
it: the finder, its area, the library, the tracker, and the related reports
of its neighbours. At thousands of reports the last kind costs most of a
rebuild, while the author waits to see the page they are editing.

So a preview's build after a save makes only the first two kinds, and keeps
the rest as last built (:func:`put_off`). :class:`Later` then asks the dev
server for one more build once no build has started for :data:`QUIET_S`
seconds, through a file in a folder the server watches (its public
``watch``): that build makes everything still out of date, and the browser
reloads again. A build with nothing put off, a change of templates or
configuration, and every publishing build make every page at once.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from generator.mkdocs.reuse import Output
from generator.site.incremental import ARCHIVE

QUIET_S = 2.0
"""Seconds without a build before the pages put off are made: an author saving again
within them would otherwise wait for that build before seeing the new save."""

FOLDER = ".inspection-reports-later"
"""The watched folder, hidden in the preview's site folder: MkDocs neither cleans nor copies it."""


def put_off(
    missing: Iterable[str],
    now: set[str],
    before: Mapping[str, str],
    take: Callable[[str, bool], list[Output] | None],
) -> dict[str, tuple[str, list[Output]]]:
    """Of the ``missing`` units, those kept as last built: each one's key then, and its outputs.

    ``now`` are the units to make at once; ``before`` is each unit's key at
    the last build, and ``take`` puts a unit's outputs back by that key (and,
    for the archive, the pages recorded with it).
    """
    kept = {}
    for name in missing:
        key = before.get(name)
        if name in now or key is None:
            continue
        outputs = take(key, name == ARCHIVE)
        if outputs is not None:
            kept[name] = (key, outputs)
    return kept


class Later:
    """Asks a dev server for one more build, once builds have paused for :data:`QUIET_S`."""

    def __init__(self, quiet: float = QUIET_S) -> None:
        self.folder: Path | None = None
        self.quiet = quiet
        self._timer: threading.Timer | None = None
        self._asked = 0

    def watched(self, site: Path) -> Path:
        """The folder the dev server is to watch, made in the preview's ``site`` folder."""
        self.folder = site / FOLDER
        self.folder.mkdir(parents=True, exist_ok=True)
        return self.folder

    def after(self, put_off: bool) -> None:
        """After a build: if it ``put_off`` pages, ask for a build once the quiet time passes.

        Never before :meth:`watched`: a one-off build has no server to ask.
        """
        self.cancel()
        if put_off and self.folder is not None:
            self._timer = threading.Timer(self.quiet, self._touch, (self.folder,))
            self._timer.daemon = True  # a server stopping need not wait for it
            self._timer.start()

    def cancel(self) -> None:
        """A build is starting: it makes what was put off, or puts it off again."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _touch(self, folder: Path) -> None:
        self._asked += 1
        # The server may have stopped, and taken its site folder with it.
        with contextlib.suppress(OSError):
            (folder / "build").write_text(f"{self._asked}\n", "utf-8")
