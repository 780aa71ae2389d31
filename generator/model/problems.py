"""Problems found in input files, located for their authors: ``file:line:col: key.path: message``.

A :class:`Document` is a loaded YAML file with the position of every key and
value, so any later stage can place what it finds wrong.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Loc = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located for the author."""

    file: str
    line: int
    col: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}:{self.col}: {where}{self.message}"


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def dotted(loc: Loc) -> str:
    """A key path as authors read it: ``parts.3.criteria.0.score``.

    A control character in a key is shown escaped (``\\x1b``), never sent to the terminal.
    """
    path = ".".join(str(p) for p in loc)
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], path)


def close_match(name: str, known: Iterable[str]) -> str | None:
    """The known name nearest to ``name``, for a "did you mean", or None if none is near."""
    found = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return found[0] if found else None


def expected(got: object, known: Iterable[str], *, hint: bool = True) -> str:
    """``(expected one of …, got …; did you mean …?)``: the names ``got`` could have been."""
    names = list(dict.fromkeys(known))
    wanted = f"one of {', '.join(names) or '(none defined)'}"
    near = close_match(str(got), names) if hint else None
    tail = f"; did you mean {near!r}?" if near else ""
    return f"(expected {wanted}, got {got!r}{tail})"


def unknown(what: str, got: object, known: Iterable[str]) -> str:
    """``unknown <what> (expected one of …, got …; did you mean …?)``, for a name that names nothing."""
    return f"unknown {what} {expected(got, known)}"


@dataclass
class Document:
    """A loaded YAML document: its data and where every value and key sits."""

    file: str
    data: Any = None
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The line and column of a value (or its key), or of its nearest located parent."""
        table = self.keys if key else self.values
        if loc in table:
            return table[loc]
        while loc:
            loc = loc[:-1]
            if loc in self.values:
                return self.values[loc]
        return (1, 1)

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        """A problem located at ``loc``."""
        line, col = self.where(loc, key=key)
        return Problem(self.file, line, col, dotted(loc), message)


class InvalidData(Exception):
    """The data folder has problems; nothing is rendered until every one is fixed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the data:\n{lines}")


class RenderError(Exception):
    """A template failed for one report; the message names the template and the data file."""


TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
"""The project's own templates, where a configuration names none."""
