"""Problems found in input files, located for their authors: ``file:line:col: key.path: message``.

A :class:`Document` is a loaded YAML file with the position of every key and
value, so any later stage can place what it finds wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


def dotted(loc: Loc) -> str:
    """A key path as authors read it: ``parts.3.criteria.0.score``."""
    return ".".join(str(p) for p in loc)


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
