"""The front of a PDU report: cover, publication details, foreword, ratings page, recommendations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.importer.pdu_blocks import (
    Block,
    ends_sentence,
    label_line,
    markdown,
    norm,
    similar,
    unbold,
)
from generator.importer.pdu_content import build, rating_label
from generator.model.dates import publication_fields
from generator.model.framework import Framework

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATED = re.compile(rf"^(.*?)[,\s]\s*((?:{_MONTHS})\s+(\d{{4}}))$", re.IGNORECASE)
_DATE = re.compile(rf"^(?:\d{{1,2}}\s+)?(?:{_MONTHS})\s+\d{{4}}$", re.IGNORECASE)
_TITLE = re.compile(r"^an?\s+(?:[\w-]+\s+){0,4}?inspection\b", re.IGNORECASE)
_REGION = re.compile(r"^(?:the\s+)?probation service\s*[–—-]\s*(.+?)\s+region$", re.IGNORECASE)
_UNIT = re.compile(r"\s+(?:PDU|Probation Delivery Unit)$", re.IGNORECASE)
_FIELDWORK = re.compile(
    r"\bfieldwork\b.*?\b((?:started|began|commenced|took place|was carried out|was undertaken)\b.*?)"
    r"\.?$",
    re.IGNORECASE,
)
_ISBN = re.compile(r"\bISBN\b[:\s]*([0-9][0-9\s-]{8,}[0-9Xx])")
_COPYRIGHT = re.compile(r"©\s*Crown copyright\s+((?:19|20)\d{2})\b", re.IGNORECASE)
_PUBLISHED_BY = re.compile(r"^published by\s*:?\s*(.*)$", re.IGNORECASE)
_POINTS = re.compile(r"\bscore\b\D*?(\d+(?:\.\d+)?)\s*/\s*(\d+)", re.IGNORECASE)
_STANDARD = re.compile(r"^(\d+(?:\.\d+)+)\.?\s+(.+)$")
_SECTION = re.compile(r"^(\d+)\.?\s+(\D.*)$")
_ITEM = re.compile(r"^\s*(\d{1,3})[.)]\s+(.*)$")

META_ORDER = (
    "title",
    "cover",
    "area",
    "area_name",
    "region",
    "year",
    "publisher",
    "published",
    "published_as",
    "fieldwork",
    "isbn",
)


@dataclass
class Leftovers:
    """Text a step could not use (unplaced) or removed on purpose (dropped)."""

    unplaced: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def ordered_meta(meta: dict[str, Any]) -> dict[str, Any]:
    return {key: meta[key] for key in META_ORDER if key in meta}


def contents_list(blocks: list[Block]) -> tuple[int, int, list[tuple[str, str | None]]]:
    """Where the printed contents list is, and its entries (title, page)."""
    start = next((i for i, b in enumerate(blocks) if b.single and norm(b.text) == "contents"), None)
    end = start + 1 if start is not None else _unheaded_contents(blocks)
    if end is None:
        return -1, -1, []
    start = end - 1 if start is not None else end
    entries: list[tuple[str, str | None]] = []
    while end < len(blocks) and blocks[end].kind == "row":
        for row in blocks[end].lines:
            cells = [c.strip() for c in row.split("\t") if c.strip()]
            if cells:
                page = cells[-1] if len(cells) > 1 and cells[-1].isdigit() else None
                title = " ".join(cells[:-1] if page else cells)
                entries.append((title, page))
        end += 1
    return start, end, entries


_PAGED = re.compile(r"^(.+?)\t\s*(\d{1,3})\s*$")


def _unheaded_contents(blocks: list[Block]) -> int | None:
    """A contents list whose heading was lost: rows of titles and rising page
    numbers, at least two of whose titles head blocks further on."""
    for i, block in enumerate(blocks):
        if block.kind != "row":
            continue
        paged = [m for line in block.lines if (m := _PAGED.match(line.strip()))]
        pages = [int(m.group(2)) for m in paged]
        if len(paged) < 3 or pages != sorted(pages):
            continue
        later = {norm(b.text) for b in blocks[i + 1 :] if b.single}
        if sum(norm(m.group(1)) in later for m in paged) >= 2:
            return i
    return None


def cover_meta(blocks: list[Block]) -> tuple[dict[str, Any], Leftovers]:
    """Title, inspected unit, region, publisher and date from the cover page."""
    lines = [line.strip() for b in blocks for line in b.lines if line.strip()]
    meta: dict[str, Any] = {}
    left = Leftovers()
    at = next((i for i, line in enumerate(lines) if _TITLE.match(line)), None)
    used: set[int] = set()
    if at is not None:
        head = lines[at]
        used.add(at)
        prefix, _, name = head.partition(":")
        name = name.strip()
        if not name and at + 1 < len(lines):
            name = unbold(lines[at + 1])
            used.add(at + 1)
        if name:
            meta["title"] = f"{prefix.strip()} {name}"
            meta["area_name"] = name
            meta["area"] = _UNIT.sub("", name).strip() or name
        # The inspectorate's name set as a logo above the title.
        left.dropped += [f"cover logo text: {line}" for line in lines[:at]]
        used.update(range(at))
    if at is None:
        # The title line was lost: the unit is the cover line that names one.
        named = next((i for i, line in enumerate(lines) if _UNIT.search(unbold(line))), None)
        if named is not None:
            name = unbold(lines[named])
            left.dropped += [f"cover logo text: {line}" for line in lines[:named]]
            used.update(range(named + 1))
            meta.update(title=name, area_name=name, area=_UNIT.sub("", name).strip() or name)
            left.notes.append(
                f"title: the cover has no title line; the unit it names, {name!r}, is the title"
            )
    for i, line in enumerate(lines):
        if i in used:
            continue
        region = _REGION.match(line)
        dated = _DATED.match(line)
        if region and "region" not in meta:
            meta["region"] = region.group(1).strip()
            meta.setdefault("cover", []).append(line)
        elif dated and "published" not in meta:
            meta.setdefault("cover", []).append(line)
            publisher = dated.group(1).strip(" ,")
            if publisher:
                meta["publisher"] = publisher
            meta.update(publication_fields(dated.group(2)))
            meta["year"] = int(dated.group(3))
        else:
            left.unplaced.append(line)
    return meta, left


def publication_meta(blocks: list[Block]) -> dict[str, Any]:
    """Fieldwork date, ISBN, publisher and copyright year from the role and copyright pages."""
    facts: dict[str, Any] = {}
    for i, block in enumerate(blocks):
        text = block.text
        fieldwork = _FIELDWORK.search(text)
        if fieldwork and "fieldwork" not in facts:
            facts["fieldwork"] = fieldwork.group(1).strip()
        copyright_year = _COPYRIGHT.search(text)
        if copyright_year and "year" not in facts:
            facts["year"] = int(copyright_year.group(1))
        isbn = _ISBN.search(text)
        if isbn and "isbn" not in facts:
            facts["isbn"] = " ".join(isbn.group(1).split())
        published_by = _PUBLISHED_BY.match(block.lines[0].strip())
        if published_by and "publisher" not in facts:
            rest = published_by.group(1).strip() or (block.lines[1] if len(block.lines) > 1 else "")
            if not rest and i + 1 < len(blocks):
                rest = blocks[i + 1].lines[0]
            if rest.strip():
                facts["publisher"] = rest.strip()
    return facts


def _signature(block: Block) -> dict[str, str] | None:
    lines = [unbold(line) for line in block.lines]
    if block.kind != "text" or not 2 <= len(lines) <= 3:
        return None
    if any(len(line) > 80 or ends_sentence(line) for line in lines):
        return None
    signed: dict[str, str] = {"name": lines[0], "role": lines[1]}
    if len(lines) == 3:
        if not _DATE.match(lines[2]):
            return None
        signed["date"] = lines[2]
    return signed


def foreword(blocks: list[Block]) -> dict[str, Any]:
    """The foreword's text and who signed it."""
    body = list(blocks)
    signed: dict[str, str] | None = None
    if body:
        signed = _signature(body[-1])
        if signed is not None:
            body.pop()
        elif len(body) >= 2 and all(
            b.kind == "text" and b.single and len(b.text) <= 80 and not ends_sentence(b.text)
            for b in body[-2:]
        ):
            signed = {"name": unbold(body[-2].text), "role": unbold(body[-1].text)}
            body = body[:-2]
    words: dict[str, Any] = {"body": build(body).markdown()}
    if signed is not None:
        words["signatory"] = {"name": signed["name"], "role": signed["role"]}
        if "date" in signed:
            words["date"] = signed["date"]
    return words


@dataclass
class RatingsPage:
    ratings: dict[str, str] = field(default_factory=dict)
    stated: dict[str, Any] = field(default_factory=dict)
    unplaced: list[str] = field(default_factory=list)


def ratings_page(
    blocks: list[Block], fw: Framework, labels: list[str], area_name: str | None
) -> RatingsPage:
    """Each standard's rating, the points score and the overall rating."""
    page = RatingsPage()
    pending: str | None = None
    for block in blocks:
        for raw in block.lines:
            line = " ".join(raw.replace("**", "").replace("\t", " ").split())
            if not line:
                continue
            label = rating_label(line, labels)
            points = _POINTS.search(line)
            standard = _STANDARD.match(line)
            section = _SECTION.match(line)
            if label and pending:
                if pending == "overall":
                    page.stated["overall_rating"] = label
                else:
                    page.ratings[pending] = label
                pending = None
            elif points:
                page.stated["overall"] = float(points.group(1))
                maximum = fw.overall.maximum if fw.overall else None
                if maximum is not None and int(points.group(2)) != maximum:
                    page.unplaced.append(f"{line} (the framework's maximum is {maximum})")
            elif norm(line).startswith("overall rating"):
                trailing = rating_label(line[len("overall rating") :], labels)
                if trailing:
                    page.stated["overall_rating"] = trailing
                else:
                    pending = "overall"
            elif standard and (crit := fw.criterion(standard.group(1))) is not None:
                title = norm(standard.group(2))
                trailing = next((c for c in labels if title.endswith(" " + norm(c))), None)
                named = title[: -len(norm(trailing))] if trailing else title
                if similar(named, crit.title) < 0.6:
                    # A page break can join prose onto the standard's line; keep it for review.
                    page.unplaced.append(line)
                if trailing and title != norm(crit.title):
                    page.ratings[crit.id] = trailing
                else:
                    pending = crit.id
            elif section and (fw_section := fw.section(section.group(1))) is not None:
                if similar(section.group(2), fw_section.title) < 0.6:
                    page.unplaced.append(line)
            elif area_name and norm(line) == norm(area_name):
                continue
            else:
                page.unplaced.append(line)
    if isinstance(page.stated.get("overall"), float) and page.stated["overall"].is_integer():
        page.stated["overall"] = int(page.stated["overall"])
    return page


def recommendations(blocks: list[Block]) -> tuple[list[dict[str, Any]], str | None]:
    """Recommendations grouped by who must act, and the text around them."""
    groups: list[dict[str, Any]] = []
    notes: list[str] = []
    for block in blocks:
        current = groups[-1] if groups else None
        if block.kind == "footnote":
            notes += block.lines
        elif label_line(block) and not (current and not current["items"]):
            groups.append({"addressee": block.text.strip(), "items": []})
        elif block.kind == "numbered" and current is not None:
            for line in block.lines:
                match = _ITEM.match(line)
                if match:
                    current["items"].append({"number": int(match.group(1)), "text": match.group(2)})
        elif block.kind == "bullet" and current is not None:
            current["items"] += [{"text": item.strip()} for item in block.lines]
        else:
            notes.append(markdown(block))
    for group in [g for g in groups if not g["items"]]:
        groups.remove(group)
        notes.append(group["addressee"])
    return groups, "\n\n".join(notes) or None
