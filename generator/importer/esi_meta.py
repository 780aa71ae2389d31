"""Publication facts from an ESI report's title page, and the report a follow-up follows."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from generator.importer.common import ReportImportError, Sink, slugify
from generator.importer.text import Block, plain

_AREA_SUFFIX = re.compile(
    r"\s+(?:probation\s+)?(?:area|service|trust|board|pdu|delivery unit)$", re.IGNORECASE
)
_ISBN = re.compile(r"\bISBN(?:-1[03])?:?\s*([0-9X][0-9X -]{8,20}[0-9X])", re.IGNORECASE)


def area_of(area_name: str) -> str:
    """'Gwent Probation Area' -> 'Gwent'."""
    return _AREA_SUFFIX.sub("", area_name.strip()).strip() or area_name.strip()


# 'Gwent Probation Area', 'Avon and Somerset Probation Area', as the text names the area.
_AREA_NAMED = re.compile(
    r"\b((?:[A-Z][\w'’-]+|and)(?:\s+(?:[A-Z][\w'’-]+|and)){0,3}\s+Probation\s+Area)\b"
)


def named_area(text: str) -> str | None:
    """The probation area the text names most often, for a title page that lost its name."""
    found = Counter(
        re.sub(r"^(?:The|In|For|And|Of)\s+", "", m.group(1)) for m in _AREA_NAMED.finditer(text)
    )
    return found.most_common(1)[0][0] if found else None


def meta_from_title(
    blocks: list[Block], follow_up: bool, sink: Sink, document: str = ""
) -> dict[str, Any]:
    """Title, area, year and ISBN from the blocks before the first chapter heading.

    When the title page lost the line naming the area, the area the whole
    ``document`` names most often stands in, with a note.
    """
    meta: dict[str, Any] = {}
    title: list[str] = []
    rest: list[Block] = []
    lead = ""
    for block in blocks:
        lines = [plain(x) for x in block.text.split("\n") if plain(x)]
        text = " ".join(lines)
        on = next((i for i, ln in enumerate(lines) if re.search(r"\breport on:?$", ln, re.I)), None)
        if on is not None:
            # Lines run into 'Report on:' by the conversion are a title or leftovers.
            if before := " ".join(lines[:on]):
                if not title and len(before.split()) <= 12:
                    title.append(before)
                else:
                    rest.append(Block(block.kind, before, block.line))
            if on + 1 < len(lines):
                meta["area_name"] = " ".join(lines[on + 1 :])
            lead = lines[on].rstrip(" :")
        elif re.fullmatch(r"(19|20)\d{2}", text) and "year" not in meta:
            meta["year"] = int(text)
        elif isbn := _ISBN.search(text):
            meta["isbn"] = isbn.group(1).strip()
        elif (not title and len(text.split()) <= 12) or (title and text[:1].islower()):
            title.append(text)
        else:
            rest.append(block)
    if "area_name" not in meta and (named := named_area(document)):
        meta["area_name"] = named
        sink.notes.append(
            f"area: the title page does not name it; {named!r}, "
            "the area the report names most often, is used"
        )
    if "area_name" not in meta:
        raise ReportImportError(
            "no inspected area found (expected a title page line 'Report on:' naming the area)"
        )
    if "year" not in meta:
        raise ReportImportError("no year found on the title page (expected a line like '2004')")
    sink.leftover(rest, "title page")
    name = " ".join(title) or "Effective Supervision Inspection"
    # 'Follow-up report on:' says what kind of report this is; plain 'Report on:' adds nothing.
    lead = f"{lead[:1].lower()}{lead[1:]} " if lead.casefold() not in ("", "report on") else ""
    if follow_up and "follow" not in lead.casefold():
        lead = f"follow-up {lead}"
    return {
        "title": f"{name}: {lead}{meta['area_name']}",
        "area": area_of(meta["area_name"]),
        **meta,
        "status": "published",
    }


def follow_up_of(report: dict[str, Any], meta: dict[str, Any], suffix: str) -> str | None:
    """The original report's slug, from the year the follow-up says it was published."""
    text = " ".join(str(report.get(key) or "") for key in ("reasons", "summary")) + str(
        (report.get("foreword") or {}).get("body", "")
    )
    match = re.search(r"published in (?:[A-Z][a-z]+ )?((?:19|20)\d{2})", text)
    if not match:
        return None
    return f"{slugify(meta['area'])}-{match.group(1)}-{suffix}"
