"""Keep unchanged output in the site from one build to the next, instead of writing it again.

MkDocs empties the site folder before every build (``mkdocs serve`` too), and
would render every report page through the theme again. Before it does, the
outputs recorded by the previous build are moved aside into a hidden folder
(MkDocs never deletes hidden entries), if they are still exactly as written
(same size, modification time and inode). A unit whose output key is
unchanged gets its files moved back; the plugin then tells MkDocs not to
write them. Anything else is built as usual, and the rest is deleted.

Moves are as few as the layout allows: a folder holding one unit's files
moves in one rename, and so does a top-level folder (``reports/``) holding
nothing but kept outputs. Such a folder comes back whole at the first take,
and :meth:`Reuse.settle` then removes from it what this build did not take.

An output key hashes the unit's input key (:mod:`generator.site.incremental`) with
the *frame*: the MkDocs configuration, the theme's overrides and the
hand-written pages, everything besides the unit that shapes its HTML.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.site.cache import digest
from generator.site.search import complete, own_entries

STASH = ".inspection-reports-reuse"
SEARCH = "pagefind"


@dataclass(frozen=True)
class Output:
    """One file a unit put in the site."""

    dest: str
    """Its path in the site."""
    src: str
    """Its ``src_uri`` in MkDocs' files."""
    kind: str
    """'page', 'nav' (a page in the navigation) or 'file'."""
    title: str = ""
    indexed: str = ""
    """For a report's page: the key of what the search index reads of it."""


def stat_of(path: Path | str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _own_folder(root: Path, outputs: list[Output]) -> str | None:
    """The folder under ``root`` that holds these outputs and nothing else, if there is one.

    A report's page and data files have a folder to themselves; moving it in
    one rename, instead of each file, leaves no empty folders behind for
    MkDocs and the stash to delete.
    """
    folders = {os.path.dirname(o.dest) for o in outputs}
    if len(folders) != 1:
        return None
    folder = folders.pop()
    try:
        held = set(os.listdir(root / folder)) if folder else None
    except OSError:
        return None
    return folder if held == {os.path.basename(o.dest) for o in outputs} else None


def _owners(units: dict[str, list[Output]]) -> dict[str, str]:
    """Each unit whose outputs are all of one folder's files, and that folder, by unit key.

    As :func:`_own_folder`, from the record alone: the site is known to hold
    nothing else because this process wrote all of it.
    """
    held: dict[str, set[str]] = {}  # every output below each folder, at any depth
    for outputs in units.values():
        for out in outputs:
            for folder in _folders(out.dest):
                held.setdefault(folder, set()).add(out.dest)
    owned = {}
    for key, outputs in units.items():
        folders = {_folders(o.dest)[0] if "/" in o.dest else "" for o in outputs}
        folder = folders.pop() if len(folders) == 1 else ""
        if folder and held[folder] == {o.dest for o in outputs}:
            owned[key] = folder
    return owned


@functools.lru_cache(maxsize=1 << 16)
def _folders(dest: str) -> tuple[str, ...]:
    """The folders holding ``dest``, innermost first: a preview asks for the same at every save."""
    found = []
    folder = os.path.dirname(dest)
    while folder:
        found.append(folder)
        folder = os.path.dirname(folder)
    return tuple(found)


def _top(dest: str) -> str:
    return dest.split("/", 1)[0]


def _whole_tops(site: Path, folders: dict[str, frozenset[str]], kept: set[str]) -> list[str]:
    """Top-level folders of the site holding nothing but kept units' folders and files."""
    tops = []
    for top in sorted({_top(f) for f in folders if "/" in f} - {SEARCH}):
        try:
            entries = os.listdir(site / top)
        except OSError:
            continue
        if entries and all(f"{top}/{e}" in folders or f"{top}/{e}" in kept for e in entries):
            tops.append(top)
    return tops


class Reuse:
    """The outputs of the last build into one site folder, and what this build takes back."""

    def __init__(self, manifests: Path | None) -> None:
        self.manifests = manifests
        self.site: Path | None = None
        self.units: dict[str, list[Output]] = {}
        self.search: dict[str, str] = {}
        """The search index's bundles, by folder under ``pagefind/``: the key each was made for."""
        self._stats: dict[str, list[int]] = {}
        self._previous: dict[str, list[Output]] = {}
        self._taken: dict[str, list[Output]] = {}
        # The intact outputs stash() found, and the folders that hold one unit
        # each, so take() need not ask the file system again.
        self._stashed: set[str] = set()
        self._folders: dict[str, frozenset[str]] = {}
        self._tops: dict[str, bool] = {}  # moved aside whole; True once back
        # Set when this process wrote the record: a preview server's site folder
        # is its own, so what it recorded needs no asking the file system again.
        self._fresh = False

    def _manifest(self, site: Path) -> Path | None:
        return self.manifests / f"site-{digest(str(site))}.json" if self.manifests else None

    def _open(self, site: Path) -> None:
        """Read what the last build into ``site`` wrote, unless it is already known."""
        if self.site != site:
            self.site, self.units, self.search, self._stats = site, {}, {}, {}
            manifest = self._manifest(site)
            if manifest is not None and manifest.is_file():
                self._load(manifest)

    def _record(self, key: str, outputs: list[Output], carry: bool) -> None:
        """Keep a unit on record; with ``carry``, the units whose outputs all came with it too."""
        self._taken[key] = outputs
        if carry:
            dests = {o.dest for o in outputs}
            for other, outs in self._previous.items():
                if other not in self._taken and all(o.dest in dests for o in outs):
                    self._taken[other] = outs

    def kept_path(self, dest: str) -> Path:
        """Where a kept output is during the build."""
        assert self.site is not None
        return self.site / dest

    def stash(self, site: Path) -> None:
        """Move the previous build's intact outputs aside, before MkDocs empties ``site``."""
        self._open(site)
        stash = site / STASH
        shutil.rmtree(stash, ignore_errors=True)
        self._previous, self._taken = self.units, {}
        self._stashed, self._folders, self._tops = set(), {}, {}
        plans = []
        owned = _owners(self._previous) if self._fresh else {}
        for key, outputs in self._previous.items():
            if self._fresh:
                intact, folder = outputs, owned.get(key)
            else:
                intact = [o for o in outputs if self._stats.get(o.dest) == stat_of(site / o.dest)]
                folder = _own_folder(site, outputs) if len(intact) == len(outputs) else None
            plans.append((outputs, intact, folder))
            self._stashed.update(o.dest for o in intact)
            if folder is not None:
                self._folders.setdefault(folder, frozenset(o.dest for o in outputs))
        made: set[Path] = set()
        for top in _whole_tops(site, self._folders, self._stashed):
            # Thousands of report folders go aside, and come back, in one rename.
            self._move(site / top, stash / top, made)
            self._tops[top] = False
        moved = {d for d in self._stashed if _top(d) in self._tops}
        for outputs, intact, folder in plans:
            if (
                folder is not None
                and not any(o.dest in moved for o in outputs)
                and not (stash / folder).exists()
            ):
                self._move(site / folder, stash / folder, made)
                moved.update(o.dest for o in outputs)
                continue
            for out in intact:
                if out.dest not in moved:
                    self._move(site / out.dest, stash / out.dest, made)
                    moved.add(out.dest)
        if self.search and (site / SEARCH).is_dir():
            self._move(site / SEARCH, stash / SEARCH, made)

    def _load(self, manifest: Path) -> None:
        try:
            saved = json.loads(manifest.read_text("utf-8"))
            self.units = {k: [Output(**o) for o in v] for k, v in saved["units"].items()}
            self._stats, self.search = saved["stats"], dict(saved["search"])
        except (OSError, ValueError, KeyError, TypeError):
            self.units, self._stats, self.search = {}, {}, {}
        self._fresh = False

    @staticmethod
    def _move(source: Path, target: Path, made: set[Path]) -> None:
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        os.replace(source, target)

    def take(self, key: str, carry: bool = False) -> list[Output] | None:
        """Put a unit's previous outputs back in the site, if it had any and all are intact.

        With ``carry``, other units whose outputs all came back with it are
        kept on record too (the archive's pages, each also keyed by its content).
        """
        assert self.site is not None
        outputs = self._previous.get(key)
        stash = self.site / STASH
        if outputs is None or not all(o.dest in self._stashed for o in outputs):
            return None
        made: set[Path] = set()
        dests = frozenset(o.dest for o in outputs)
        for top in {_top(d) for d in dests} & self._tops.keys():
            if not self._tops[top] and not (self.site / top).exists():
                # Back whole; settle() removes what this build does not take.
                self._move(stash / top, self.site / top, made)
                self._tops[top] = True
        away = [o for o in outputs if not self._tops.get(_top(o.dest))]
        folder = os.path.dirname(outputs[0].dest) if outputs else ""
        if (
            away == outputs
            and self._folders.get(folder) == dests
            and not (self.site / folder).exists()
        ):
            self._move(stash / folder, self.site / folder, made)
        else:
            for out in away:
                self._move(stash / out.dest, self.site / out.dest, made)
        self._stashed -= dests
        self._record(key, outputs, carry)
        return outputs

    def settle(self) -> None:
        """After every take: remove from folders that came back whole what was not taken."""
        assert self.site is not None
        taken = {o.dest for outs in self._taken.values() for o in outs}
        for top, back in self._tops.items():
            if not back:
                continue
            for folder, dests in self._folders.items():
                if _top(folder) == top and not dests & taken:
                    shutil.rmtree(self.site / folder, ignore_errors=True)
            for dest in self._stashed:
                if _top(dest) == top and dest not in taken:
                    (self.site / dest).unlink(missing_ok=True)
        self._stashed = {d for d in self._stashed if not self._tops.get(_top(d))}

    def take_bundle(self, folder: str, key: str) -> bool:
        """Put one bundle of the previous search index back if it indexed the same pages.

        ``folder`` is the bundle's folder under ``pagefind/``: '' for the first,
        whose files sit beside the other bundles' folders.
        """
        assert self.site is not None
        kept = self.site / STASH / SEARCH
        if key != self.search.get(folder) or not complete(kept / folder):
            return False
        target = self.site / SEARCH / folder
        target.parent.mkdir(parents=True, exist_ok=True)
        if folder:
            os.replace(kept / folder, target)
        else:
            target.mkdir(exist_ok=True)
            for entry in own_entries(kept, ""):
                os.replace(entry, target / entry.name)
        return True

    def drop_stash(self) -> None:
        """Delete what was left aside and not taken back."""
        if self.site is not None:
            shutil.rmtree(self.site / STASH, ignore_errors=True)

    def finish(self, built: dict[str, list[Output]], search: dict[str, str]) -> None:
        """Record this build's outputs, taken back or written, and drop what is left aside."""
        assert self.site is not None
        self.drop_stash()
        previous, searched = self.units, self.search
        self.units = {**self._taken, **built}
        # A file taken back was only renamed, which keeps its size, time and inode, so
        # its status from the last build stands.
        before, self._stats = self._stats, {}
        for key, outputs in self.units.items():
            for out in outputs:
                stat = before.get(out.dest) if key not in built else None
                if stat is not None or (stat := stat_of(self.site / out.dest)) is not None:
                    self._stats[out.dest] = stat
        self.search = search
        self._fresh = True
        manifest = self._manifest(self.site)
        same = (self.units, self._stats, search) == (previous, before, searched)
        if manifest is not None and not (same and manifest.is_file()):
            manifest.parent.mkdir(parents=True, exist_ok=True)
            saved = {"units": {k: [o.__dict__ for o in v] for k, v in self.units.items()},
                     "stats": self._stats, "search": search}  # fmt: skip
            tmp = manifest.with_suffix(".tmp")
            tmp.write_text(json.dumps(saved), "utf-8")
            os.replace(tmp, manifest)

    def abandon(self) -> None:
        """After a failed build: forget everything, so the next build starts clean."""
        if self.site is not None:
            shutil.rmtree(self.site / STASH, ignore_errors=True)
            manifest = self._manifest(self.site)
            if manifest is not None:
                manifest.unlink(missing_ok=True)
        self.site, self.units, self._stats, self.search = None, {}, {}, {}
        self._fresh = False
