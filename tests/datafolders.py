"""Data folders for the tests: the project's real frameworks beside a fixture's own files.

A fixture under ``tests/fixtures/<name>/`` holds only what is its own: its
reports, and any framework made up for it (a second theme, broken frameworks).
The methodologies its reports use are the real ones in ``data/frameworks/``,
copied as they are at the start of the run, so the tests check the frameworks
the site is built from. :func:`data_folder` lays both out as one data folder.

Files are copied, never linked: a data folder's files must resolve inside it
(a link that leads out is refused), and a test that edits its data can never
write through a link into the repository.

Each folder sits in a scratch folder at the fixture's own path,
``<scratch>/tests/fixtures/<name>/``, so that a test run from :data:`SCRATCH`
sees problems named as in the repository (``tests/fixtures/invalid/reports/…``).
The copied real frameworks read ``tests/fixtures/<name>/frameworks/…`` there.
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
SCRATCH = Path(tempfile.mkdtemp(prefix="inspection-reports-data-")).resolve()
"""Where the data folders are made; run a test from here to name files as in the repository."""
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)


def _copy_files(source: Path, target: Path) -> None:
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        copy = target / path.relative_to(source)
        if copy.exists():
            raise ValueError(f"{path} would replace {copy} in {target}")
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)


@functools.cache
def data_folder(name: str) -> Path:
    """``tests/fixtures/<name>`` with the real frameworks added, as a data folder (made once)."""
    source = FIXTURES / name
    assert source.is_dir(), f"no fixture {source}"
    target = SCRATCH / source.relative_to(ROOT)
    _copy_files(FRAMEWORKS, target / "frameworks")
    for part in ("frameworks", "reports"):
        if (source / part).is_dir():
            _copy_files(source / part, target / part)
    return target
