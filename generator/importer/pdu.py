"""Import a Probation Delivery Unit (PDU) inspection report from its text export.

The report's own structure drives the parse: the printed list of contents
names the chapters to look for, the framework names the domains, standards,
key questions and rating labels, and the layout conventions of the report type
(a ratings page, recommendations grouped by who must act, key-question tables)
do the rest. Nothing here knows about any one report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.importer.common import ADDRESSEE, ReportImportError
from generator.importer.draft import ImportDraft
from generator.importer.pdu_blocks import (
    Block,
    join_page_breaks,
    label_line,
    markdown,
    norm,
    similar,
    slugify,
    to_blocks,
    unbold,
)
from generator.importer.pdu_content import build
from generator.importer.pdu_front import (
    contents_list,
    cover_meta,
    foreword,
    ordered_meta,
    ratings_page,
    recommendations,
)
from generator.importer.pdu_parts import (
    ANNEXE,
    DOMAIN,
    State,
    chapter_part,
    domain_part,
    role_part,
)
from generator.model.framework import Framework


class ImportFailure(ReportImportError, ValueError):
    """The text cannot be read as a PDU inspection report.

    A ReportImportError so the importer reports it like any other unusable
    source, and a ValueError for callers that only know the parser.
    """


# The chapters every PDU report prints, by their heading; anything else listed
# in the contents is read as a plain chapter.
_GENRE = {
    "acknowledgements": "acknowledgements",
    "foreword": "foreword",
    "ratings": "ratings",
    "recommendations": "recommendations",
}
# Chapters before the recommendations, which swallow them when their heading is lost.
_FRONT = ("acknowledgements", "foreword", "ratings")
_ROLE = re.compile(r"^the role of\b", re.IGNORECASE)
_STANDARD_LINE = re.compile(r"^\s*\d+\.\d+\.?\s+\S", re.MULTILINE)
_POINTS = re.compile(r"\bscore\b\W*\d+\s*/\s*\d+", re.IGNORECASE)
_PDU = re.compile(r"\bPDU\b|Probation Delivery Unit")


def looks_like_pdu(text: str) -> bool:
    """Whether a text export reads like a 2021-methodology PDU inspection report."""
    return (
        bool(_PDU.search(text))
        and len(_STANDARD_LINE.findall(text)) >= 3
        and bool(_POINTS.search(text) or re.search(r"^key question\b", text, re.I | re.M))
    )


@dataclass
class Heading:
    """A chapter heading: the block it is, what kind of chapter it opens, its text."""

    index: int
    kind: str
    title: str


def _framework(text: str, frameworks: dict[str, Framework]) -> Framework:
    """The rated-standards methodology whose standards the text prints most of."""
    best: tuple[int, Framework | None] = (0, None)
    for fw in frameworks.values():
        if fw.kind != "methodology" or fw.banding is None:
            continue
        found = 0
        for section in fw.sections:
            for crit in section.criteria:
                pattern = rf"^\s*{re.escape(crit.id)}\.?\s+{re.escape(crit.title)}"
                found += bool(re.search(pattern, text, re.MULTILINE | re.IGNORECASE))
        if found > best[0]:
            best = (found, fw)
    if best[1] is None or best[0] < 3:
        raise ImportFailure(
            "no PDU framework fits this text (expected standard headings such as "
            "'2.2. Assessment' from a framework in data/frameworks/)"
        )
    return best[1]


def _classify(title: str, fw: Framework) -> str:
    key = norm(title)
    if key in _GENRE:
        return _GENRE[key]
    if _ROLE.match(title):
        return "role"
    if ANNEXE.match(title):
        return "annexe"
    match = DOMAIN.match(unbold(title))
    if match:
        section = fw.section(match.group(1))
        if section and similar(match.group(2), section.title) >= 0.6:
            return "domain"
    return "chapter"


def _headings(blocks: list[Block], after: int, titles: list[str], fw: Framework) -> list[Heading]:
    """Find the chapter headings in order; a title that is not found is skipped."""
    found: dict[int, Heading] = {}
    position = after
    for title in titles:
        for i in range(position, len(blocks)):
            block = blocks[i]
            if (
                block.single
                and block.kind in ("text", "numbered")
                and norm(block.text) == norm(title)
            ):
                found[i] = Heading(i, _classify(block.text, fw), unbold(block.text))
                position = i + 1
                break
    for i in range(after, len(blocks)):
        block = blocks[i]
        if i in found or not block.single or block.kind != "text":
            continue
        key = norm(block.text)
        if key == "acknowledgements" or (_ROLE.match(block.text) and len(key) < 60):
            found[i] = Heading(i, _classify(block.text, fw), block.text)
    return [found[i] for i in sorted(found)]


def _default_titles(fw: Framework, blocks: list[Block]) -> list[str]:
    titles = ["Foreword", "Ratings", "Recommendations", "Background"]
    titles += [f"{s.id}. {s.title}" for s in fw.sections]
    titles += [b.text for b in blocks if b.single and b.kind == "text" and ANNEXE.match(b.text)]
    return titles


def _thanks(blocks: list[Block]) -> bool:
    return any(re.search(r"\bthank", b.text, re.IGNORECASE) for b in blocks)


def _acknowledgements(state: State, data: dict[str, Any], body: list[Block]) -> None:
    built = build(body)
    state.take(built)
    data["acknowledgements"] = {"body": built.markdown()}


def _recommendations(data: dict[str, Any], body: list[Block]) -> None:
    # Paragraphs before the first addressee introduce the list and are printed above it.
    first = next((i for i, b in enumerate(body) if b.kind != "text" or label_line(b)), len(body))
    if intro := "\n\n".join(markdown(b) for b in body[:first]):
        data["recommendations_intro"] = intro
    groups, note = recommendations(body[first:])
    if groups:
        data["recommendations"] = groups
    if note:
        data["recommendations_note"] = note


def _recommendations_start(body: list[Block]) -> int | None:
    """Where recommendations begin in a chapter that holds them because their heading was lost.

    They open with an addressee line ('Gwent PDU should:') over a numbered
    list, after any paragraphs that introduce them.
    """
    for i, block in enumerate(body[:-1]):
        if label_line(block) and ADDRESSEE.search(block.text) and body[i + 1].kind == "numbered":
            while i > 0 and body[i - 1].kind == "text" and len(body[i - 1].text.split()) > 12:
                i -= 1
            return i
    return None


def parse_pdu(text: str, frameworks: dict[str, Framework]) -> ImportDraft:
    """Parse a PDU report's text export into a report draft.

    Raises :class:`ImportFailure` when the text is not a usable PDU report (no
    framework fits it, or it states no year of publication).
    """
    fw = _framework(text, frameworks)
    scale = next((fw.scale_of(c) for s in fw.sections for c in s.criteria if c.scale), None)
    state = State(fw, [level.label for level in scale.levels] if scale else [])
    cleaned = to_blocks(text)
    state.dropped += cleaned.dropped
    blocks = cleaned.blocks
    start, end, entries = contents_list(blocks)
    if start >= 0 and blocks[start].kind == "row":
        state.notes.append(
            f"contents: heading missing in the source (line {blocks[start].start}); "
            "recognised from its rows of titles and page numbers"
        )
    titles = [t for t, _ in entries] if entries else _default_titles(fw, blocks)
    headings = _headings(blocks, max(end, 0), titles, fw)
    cover_end = start if start >= 0 else (headings[0].index if headings else len(blocks))
    meta, leftovers = cover_meta(blocks[:cover_end])
    state.dropped += leftovers.dropped
    state.unplaced += leftovers.unplaced
    state.notes += leftovers.notes
    first = headings[0].index if headings else len(blocks)
    orphans = blocks[max(end, cover_end) : first]
    data = state.data
    if _thanks(orphans) and not any(h.kind == "acknowledgements" for h in headings):
        # The acknowledgements follow the contents; without their heading, their thanks tell.
        state.notes.append(
            f"acknowledgements: heading missing in the source (line {orphans[0].start}); "
            "recognised from the thanks that follow the contents"
        )
        _acknowledgements(state, data, join_page_breaks(orphans))
    else:
        state.unplaced += [b.text for b in orphans]

    parts: list[dict[str, Any]] = []
    rated: dict[str, str] = {}
    stated: dict[str, Any] = {}
    seen: set[str] = set()
    lost = not any(h.kind == "recommendations" for h in headings)
    for n, heading in enumerate(headings):
        stop = headings[n + 1].index if n + 1 < len(headings) else len(blocks)
        body = join_page_breaks(blocks[heading.index + 1 : stop])
        at = _recommendations_start(body) if lost and heading.kind in _FRONT else None
        if at is not None:
            lost = False
            state.notes.append(
                f"recommendations: heading missing in the source (line {body[at].start}); "
                "recognised from the addressee line and its list"
            )
            _recommendations(data, body[at:])
            body = body[:at]
        if heading.kind in seen and heading.kind in (*_GENRE.values(), "role"):
            # A second foreword or ratings page has no field of its own; keep it as a chapter.
            heading.kind = "chapter"
        seen.add(heading.kind)
        if heading.kind == "acknowledgements":
            _acknowledgements(state, data, body)
        elif heading.kind == "role":
            role, facts = role_part(state, heading.title, body)
            data["role"] = role
            if "year" not in meta and "year" in facts:
                state.notes.append(
                    f"year: the cover gives no date; the copyright year, {facts['year']}, is used"
                )
            meta.update({k: v for k, v in facts.items() if v and k not in meta})
        elif heading.kind == "foreword":
            data["foreword"] = foreword(body)
        elif heading.kind == "ratings":
            page = ratings_page(body, fw, state.labels, meta.get("area_name"))
            rated, stated = page.ratings, page.stated
            state.unplaced += page.unplaced
        elif heading.kind == "recommendations":
            _recommendations(data, body)
        elif heading.kind == "domain":
            parts.append(domain_part(state, heading.title, body, rated))
        else:
            kind = "annexe" if heading.kind == "annexe" else "chapter"
            parts.append(chapter_part(state, heading.title, body, kind))
    for crit_id, label in rated.items():
        state.notes.append(
            f"{crit_id}: rated {label!r} on the ratings page, but no section reports it"
        )
    return _assemble(state, meta, entries, parts, stated)


def _assemble(
    state: State,
    meta: dict[str, Any],
    entries: list[tuple[str, str | None]],
    parts: list[dict[str, Any]],
    stated: dict[str, Any],
) -> ImportDraft:
    year = meta.get("year")
    if not meta.get("area") or not isinstance(year, int):
        raise ImportFailure(
            "the cover gives no inspected unit or year of publication (expected lines such as "
            "'An inspection of probation services in:', the unit's name, and "
            "'HM Inspectorate of Probation, February 2022')"
        )
    kind = state.fw.id.split("-")[0]
    report: dict[str, Any] = {
        "slug": f"{slugify(meta['area'])}-{year}-{kind}",
        "framework": state.fw.id,
        "meta": ordered_meta(meta),
    }
    for key in ("foreword", "acknowledgements"):
        if key in state.data:
            report[key] = state.data[key]
    if entries:
        anchors = {norm(p["title"]): p["id"] for p in parts}
        anchors.update(
            {norm(f"{p['section']}. {p['title']}"): p["id"] for p in parts if "section" in p}
        )
        # The page gives its fixed sections anchors named after them.
        present = {
            "foreword": "foreword" in report,
            "ratings": bool(stated),
            "recommendations": "recommendations" in state.data,
        }
        anchors.update({key: key for key, here in present.items() if here})
        contents = []
        for title, page in entries:
            entry: dict[str, str] = {"title": title}
            if page:
                entry["page"] = page
            if norm(title) in anchors:
                entry["target"] = anchors[norm(title)]
            contents.append(entry)
        report["contents"] = contents
    for key in ("recommendations_intro", "recommendations", "recommendations_note"):
        if key in state.data:
            report[key] = state.data[key]
    if stated:
        report["stated"] = stated
    report["parts"] = parts
    if "role" in state.data:
        report["role"] = state.data["role"]
    return ImportDraft(
        data=report,
        unplaced=state.unplaced,
        dropped=state.dropped,
        report_type=state.fw.report_type or state.fw.id,
        notes=state.notes,
    )


__all__ = ["ImportFailure", "looks_like_pdu", "parse_pdu"]
