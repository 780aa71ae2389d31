"""Data folders for the tests: the project's real frameworks beside a fixture's own files.

A fixture under ``tests/fixtures/<name>/`` holds only what is its own: its
reports, and any framework made up for it (a second theme, broken frameworks).
The methodologies its reports use are the real ones in ``data/frameworks/``,
never copies, so the tests check the frameworks the site is built from.
:func:`data_folder` lays both out as one data folder in a temporary folder,
linking each file rather than copying it. Problems name a file by its real path
(validation resolves links), so messages still read ``data/frameworks/…`` and
``tests/fixtures/…``.

A test that edits data copies the folder first (``shutil.copytree`` copies what
the links point to); writing through a link would edit the repository.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = ROOT / "data" / "frameworks"
FIXTURES = ROOT / "tests" / "fixtures"


@functools.cache
def _scratch() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="inspection-reports-data-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _link_files(source: Path, target: Path) -> None:
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        link = target / path.relative_to(source)
        if link.is_symlink():
            raise ValueError(f"{path} would hide {link.resolve()} in {target}")
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(path)


@functools.cache
def data_folder(name: str) -> Path:
    """``tests/fixtures/<name>`` with the real frameworks added, as a data folder (made once)."""
    source = FIXTURES / name
    assert source.is_dir(), f"no fixture {source}"
    target = _scratch() / name
    _link_files(FRAMEWORKS, target / "frameworks")
    for part in ("frameworks", "reports"):
        if (source / part).is_dir():
            _link_files(source / part, target / part)
    return target
