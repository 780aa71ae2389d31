"""Which files a data folder holds, and how problems name them.

Everything published comes from inside the data folder. A file that leads
out of it, through a link to a file or to a folder, is refused before it is
read, so neither its content nor anything derived from it can reach a
message or a page; the problem names the link, never where it leads.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from generator.model.problems import Problem

SUFFIXES = (".yaml", ".yml")


def yaml_files(root: Path) -> list[Path]:
    """Every YAML file below ``root`` in a stable order (``root`` itself if it is a file).

    As ``root.rglob("*")`` finds them (links to files are listed, links to
    folders not followed, unreadable folders skipped), without its cost per file.
    """
    if root.is_file():
        return [root]
    found: list[Path] = []
    _walk(str(root), found)
    return sorted(found)


def _walk(folder: str, found: list[Path]) -> None:
    try:
        with os.scandir(folder) as entries:
            listed = list(entries)
    except OSError:
        return
    for entry in listed:
        if entry.is_dir(follow_symlinks=False):
            _walk(entry.path, found)
        elif os.path.splitext(entry.name)[1] in SUFFIXES and _is_file(entry):
            found.append(Path(entry.path))


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:  # a loop of links, as Path.is_file() answers it
        return False


def shown(path: Path) -> str:
    """A file as problems name it: relative to the working directory when below it.

    Links are not followed, so a link is named by where it is, not by where it leads.
    """
    where = os.path.abspath(path)
    return where[len(prefix) :] if where.startswith(prefix := _prefix(os.getcwd())) else str(path)


def _prefix(folder: str) -> str:
    """``folder`` (absolute) as the start of the paths below it: a thousand files are
    held to it by comparing strings, as pathlib would compare their parts."""
    return folder if folder.endswith(os.sep) else folder + os.sep


def _leads_out(path: Path, root: str, parents: dict[str, str]) -> bool:
    """Whether ``path`` resolves outside ``root`` (resolved); each folder is resolved once."""
    try:
        if os.path.islink(path):
            real = str(path.resolve())
        else:
            folder, name = os.path.split(os.path.abspath(path))
            if folder not in parents:
                parents[folder] = os.path.join(os.path.realpath(folder, strict=True), "")
            real = parents[folder] + name
        return not (real == root or real.startswith(_prefix(root)))
    except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
        return True


def confined(paths: Iterable[Path], folder: Path) -> tuple[list[Path], list[Problem]]:
    """The paths safe to read, and a problem for each file below ``folder`` that leads out of it.

    A path given from elsewhere (a draft named on the command line) is the
    caller's to read; only what sits in the data folder is held to it.
    """
    kept: list[Path] = []
    problems: list[Problem] = []
    root, parents = str(folder.resolve()), dict[str, str]()
    below = _prefix(os.path.abspath(folder))
    for path in paths:
        if os.path.abspath(path).startswith(below) and _leads_out(path, root, parents):
            problems.append(
                Problem(
                    shown(path),
                    1,
                    1,
                    "",
                    f"file leads outside the data folder (expected a file inside "
                    f"{shown(folder)}, got a link to somewhere else)",
                )
            )
        else:
            kept.append(path)
    return kept, problems
