"""Golden-file comparison shared by the tests.

Set ``UPDATE_GOLDEN=1`` (or pass ``--update-golden`` to pytest) to rewrite the
golden files from the current output instead of comparing against them.
"""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def updating() -> bool:
    return os.environ.get("UPDATE_GOLDEN", "") not in ("", "0")


def assert_golden(name: str, actual: str) -> None:
    """Compare ``actual`` with ``tests/golden/<name>``, or rewrite it when updating."""
    path = GOLDEN / name
    if updating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"missing golden file {path}; run with UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path}; run with UPDATE_GOLDEN=1 to accept"
