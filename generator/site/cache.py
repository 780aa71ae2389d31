"""A content-addressed cache of validated reports and rendered pages, kept on disk.

Every key is a hash of everything its value is made from: the bytes of the
data files involved, the templates and overrides, the generator's own source
and the versions of the libraries that shape the output. A changed input
therefore gives a new key, and no entry is ever stale, only unused; deleting
the folder (``.cache/inspection-reports/`` beside ``mkdocs.yml``) is always safe.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TypeVar

from generator.site.parallel import in_worker

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parents[1]
# Libraries whose upgrade can change a rendered byte without a change of ours.
LIBRARIES = ("jinja2", "markdown-it-py", "pydantic", "pyyaml", "markupsafe", "mkdocs",
             "mkdocs-material", "pagefind")  # fmt: skip


def digest(*parts: bytes | str) -> str:
    """One hash of several parts; lengths are included, so no two splits of a text collide."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _installed(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


@cache
def code_hash() -> str:
    """The generator's source and its libraries' versions: a code change invalidates everything."""
    parts: list[bytes | str] = [f"{n}={_installed(n)}" for n in LIBRARIES]
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts += [path.relative_to(PACKAGE).as_posix(), path.read_bytes()]
    return digest(*parts)


def tree_hash(*roots: Path | None) -> str:
    """Every file below the given folders, by relative path and bytes."""
    parts: list[bytes | str] = []
    for root in roots:
        parts.append(str(root))
        if root is None or not root.exists():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return digest(*parts)


@dataclass(frozen=True)
class Stored:
    """A value that a worker wrote to the cache, sent to the parent as its key instead."""

    kind: str
    key: str


class DiskCache:
    """Pickled values by kind and key under ``root``; with no root, a cache that never hits.

    Entries are written to a temporary file and renamed into place, so a build
    that is interrupted, or two that run at once, never leave half an entry.
    """

    def __init__(self, root: Path | None) -> None:
        self.root = root

    def _path(self, kind: str, key: str) -> Path:
        assert self.root is not None
        return self.root / kind / key[:2] / f"{key}.pickle"

    def get(self, kind: str, key: str) -> Any | None:
        if self.root is None:
            return None
        try:
            with self._path(kind, key).open("rb") as fd:
                return pickle.load(fd)
        except FileNotFoundError:
            return None
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            # A damaged or foreign entry is a miss; the build writes a good one over it.
            return None

    def stored(self, kind: str, key: str, value: T) -> T | Stored:
        """Put ``value`` in the cache; from a worker of :func:`~generator.site.parallel.run_all`,
        return where it is instead of the value, so the parent reads it there.

        A value sent back whole would be pickled once more and pushed through
        a pipe; the parent unpickles it either way.
        """
        self.put(kind, key, value)
        return Stored(kind, key) if self.root is not None and in_worker() else value

    def put(self, kind: str, key: str, value: Any) -> None:
        if self.root is None:
            return
        path = self._path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
