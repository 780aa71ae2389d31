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
    """Every YAML file below ``root`` in a stable order (``root`` itself if it is a file)."""
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.suffix in SUFFIXES and p.is_file())


def shown(path: Path) -> str:
    """A file as problems name it: relative to the working directory when below it.

    Links are not followed, so a link is named by where it is, not by where it leads.
    """
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _below(path: Path, folder: Path) -> bool:
    return Path(os.path.abspath(path)).is_relative_to(os.path.abspath(folder))


def _leads_out(path: Path, root: Path, parents: dict[Path, Path]) -> bool:
    """Whether ``path`` resolves outside ``root`` (resolved); each folder is resolved once."""
    try:
        if os.path.islink(path):
            real = path.resolve()
        else:
            if path.parent not in parents:
                parents[path.parent] = path.parent.resolve()
            real = parents[path.parent] / path.name
        return not real.is_relative_to(root)
    except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
        return True


def confined(paths: Iterable[Path], folder: Path) -> tuple[list[Path], list[Problem]]:
    """The paths safe to read, and a problem for each file below ``folder`` that leads out of it.

    A path given from elsewhere (a draft named on the command line) is the
    caller's to read; only what sits in the data folder is held to it.
    """
    kept: list[Path] = []
    problems: list[Problem] = []
    root, parents = folder.resolve(), dict[Path, Path]()
    for path in paths:
        if _below(path, folder) and _leads_out(path, root, parents):
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
