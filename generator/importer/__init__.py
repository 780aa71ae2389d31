"""Import text exports of published reports: work out the type, parse, hand back a draft.

The PDU 2021 parser lives in :mod:`generator.importer.pdu` and is imported
only when needed, so the ESI importer works whether or not it is installed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from generator.importer.common import ReportImportError
from generator.importer.draft import ImportDraft
from generator.importer.esi import EXPECTED, looks_like_esi, parse_esi
from generator.model.framework import Framework

__all__ = ["ImportDraft", "ReportImportError", "detect", "parse_report"]


def _pdu() -> Any | None:
    try:
        return importlib.import_module("generator.importer.pdu")
    except ImportError:
        return None


def _check_text(text: str) -> None:
    if not text.strip():
        raise ReportImportError(f"empty file (expected the text of {EXPECTED})")
    if "\x00" in text:
        raise ReportImportError(f"binary data (expected the text of {EXPECTED})")
    control = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    if control > len(text) // 100:
        raise ReportImportError(f"binary data (expected the text of {EXPECTED})")


def detect(text: str) -> str | None:
    """'esi' or 'pdu' for a text that looks like one of those reports, else None."""
    _check_text(text)
    if looks_like_esi(text):
        return "esi"
    pdu = _pdu()
    looks: Callable[[str], bool] | None = getattr(pdu, "looks_like_pdu", None)
    if looks is not None and looks(text):
        return "pdu"
    return None


def parse_report(text: str, frameworks: dict[str, Framework]) -> ImportDraft:
    """Parse a report's text export; raises ReportImportError with a one-line reason."""
    kind = detect(text)
    if kind == "esi":
        return parse_esi(text, frameworks)
    if kind == "pdu":
        parse: Callable[[str, dict[str, Framework]], ImportDraft] = _pdu().parse_pdu  # type: ignore[union-attr]
        return parse(text, frameworks)
    raise ReportImportError(
        f"not a recognised report (expected {EXPECTED}: found no scoring summary sheet or "
        "ratings page)"
    )
