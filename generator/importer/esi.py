"""ESI full and follow-up reports: find the chapters, then hand each to its parser.

Chapter headings are recognised by their words ('FOREWORD', 'SCORING SUMMARY
SHEET', 'SECTION B …'), the way a reader of any ESI report would find them;
an unknown heading in capitals becomes a chapter of its own, so its text is
kept. Which framework applies comes from the framework data (report type and
period), and criteria are named by that framework.
"""

from __future__ import annotations

import re
from typing import Any

from generator.framework import Framework
from generator.importer.chapters import Chapter, chapter_part
from generator.importer.common import (
    CRITERION_LINE,
    ReportImportError,
    Sink,
    markdown_or_none,
    pick_framework,
    slugify,
)
from generator.importer.draft import ImportDraft
from generator.importer.esi_criteria import section_part
from generator.importer.esi_front import (
    acknowledgements,
    contents,
    foreword,
    glossary,
    is_contents_row,
    score_sheet,
    summary,
)
from generator.importer.esi_meta import follow_up_of, meta_from_title
from generator.importer.esi_theme import find_theme, thematic
from generator.importer.text import Block, blocks_of, ends_sentence, is_heading_text, plain

EXPECTED = "an ESI full report, an ESI follow-up or a PDU 2021 inspection"

_CHAPTERS: list[tuple[str, str]] = [
    ("foreword", r"foreword"),
    ("acknowledgements", r"acknowledge?ments?"),
    ("contents", r"(table of )?contents"),
    ("glossary", r"glossary|abbreviations"),
    ("reasons", r"reasons for .*"),
    ("sheet", r"scoring summary.*"),
    ("summary", r"summary( .*)?"),
    ("arrangements", r"inspection arrangements"),
    ("approach", r"scoring approach"),
    ("overview", r"overview.*"),
    ("section", r"section\s+([a-z])\b.*"),
    ("thematic", r"thematic element.*"),
    ("role", r"the role of .*"),
]


def classify(block: Block) -> tuple[str, str | None] | None:
    """The kind of chapter a heading opens, and a section letter where it names one."""
    if not is_heading_text(block, max_words=12):
        return None
    text = plain(block.text).strip(" :").lower()
    for kind, pattern in _CHAPTERS:
        match = re.fullmatch(pattern, text)
        if match:
            letter = match.group(1).upper() if kind == "section" else None
            return kind, letter
    return None


# Chapters before the scoring summary sheet, where a lost heading would hide a chapter.
_FRONT = ("title", "foreword", "acknowledgements", "glossary", "reasons", "summary")
# A scoring summary sheet's first row: a section's heading or a criterion with its score.
_SHEET_ROW = re.compile(r"^(section\s+[a-z]\b|[a-z]\d{1,2}\s*[:.]?\s)", re.IGNORECASE)


def _implied(block: Block, current: str, seen: set[str]) -> str | None:
    """The chapter a block opens when that chapter's heading was lost in conversion.

    The foreword is known by the first paragraph of prose on the title page,
    the summary by its first sub-heading, 'Key findings', and the scoring
    summary sheet by its first row, wherever they turn up inside an earlier
    chapter.
    """
    if current not in _FRONT:
        return None
    opening = plain(block.text).strip(" :").lower()
    # A title page holds short lines; its first paragraph of prose opens the foreword.
    prose = block.kind == "para" and len(opening.split()) >= 20 and ends_sentence(opening)
    if current == "title" and "foreword" not in seen and prose:
        return "foreword"
    if "summary" not in seen and block.kind != "row" and opening == "key findings":
        return "summary"
    if "sheet" not in seen and block.kind == "row":
        cells = [plain(c) for c in block.cells if c]
        # A contents line ends in its page number; a sheet's row in a score or nothing.
        paged = len(cells) > 1 and is_contents_row(block)
        if cells and not paged and _SHEET_ROW.match(cells[0] + " "):
            return "sheet"
    return None


def segment(blocks: list[Block]) -> list[Chapter]:
    """Split the blocks into chapters; what precedes the first heading is the title page.

    A chapter found only from its opening block (see :func:`_implied`) has no heading.
    """
    chapters = [Chapter("title", None)]
    seen: set[str] = set()
    letters: set[str] = set()
    listed: list[str] = []  # chapter titles in the printed contents list, in order
    for i, block in enumerate(blocks):
        found = classify(block)
        current = chapters[-1]
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if found and current.kind == "contents" and following and is_contents_row(following):
            found = None  # a heading printed in the contents list
        if found and current.kind == "thematic" and found[0] in ("section", "summary"):
            found = None  # the thematic element's own sections
        if current.kind == "contents" and is_contents_row(block) and not found:
            listed.append(plain(block.cells[0]))
        if found and found[0] == "summary" and "section" in seen and "thematic" not in seen:
            # A summary after the sections opens the thematic element, its heading lost.
            chapters.append(Chapter("thematic", None, [block], implied=True))
        elif found:
            chapters.append(Chapter(found[0], block, [], found[1]))
        elif kind := _implied(block, current.kind, seen):
            chapters.append(Chapter(kind, None, [block], implied=True))
        elif letter := _next_section(block, current, letters):
            chapters.append(Chapter("section", None, [block], letter, implied=True))
        elif heading := _listed_next(block, current, listed):
            kind, letter = classify(heading) or ("chapter", None)
            chapters.append(Chapter(kind, heading, [block], letter, implied=True))
        else:
            current.blocks.append(block)
        seen.add(chapters[-1].kind)
        letters.add(chapters[-1].letter or "")
    return chapters


# Chapters between the scoring summary sheet and section A.
_BEFORE_SECTIONS = ("arrangements", "approach", "overview")


def _next_section(block: Block, current: Chapter, letters: set[str]) -> str | None:
    """The section a criterion opens when that section's heading was lost.

    A criterion of a later section than the current one, or of the first
    section before any, opens its section; a row does so only inside a section
    (the scoring approach's weights tables list criteria too).
    """
    if current.kind == "section" and current.letter is not None:
        after = current.letter
    elif current.kind in _BEFORE_SECTIONS and "A" not in letters and block.kind != "row":
        after = ""
    else:
        return None
    if block.kind == "row":
        text = plain(block.cells[0]) if block.cells else ""
    elif block.kind in ("para", "heading") and "\n" not in block.text:
        text = plain(block.text)
        if len(text.split()) > 12 or ends_sentence(text):
            return None
    else:
        return None
    match = (
        CRITERION_LINE.match(text + " ")
        if block.kind != "row"
        else re.match(r"^([A-Z])\d{1,2}\b", text)
    )
    letter = match.group(1) if match else None
    return letter if letter and letter > after and letter not in letters else None


def _listed_next(block: Block, current: Chapter, listed: list[str]) -> Block | None:
    """The next chapter of the contents list, opened by prose inside a table chapter.

    A glossary holds terms and their meanings, a scoring summary sheet scores;
    a paragraph of prose after their rows belongs to the chapter the contents
    list prints next, whose heading was lost.
    """
    prose = block.kind in ("para", "bullet") and len(plain(block.text).split()) >= 12
    after_rows = any(b.kind == "row" for b in current.blocks)
    tabular = current.kind in ("glossary", "sheet")
    if not tabular or not prose or not after_rows or current.heading is None:
        return None
    names = [t.casefold() for t in listed]
    here = plain(current.heading.text).casefold()
    at = next((n for n, t in enumerate(names) if t == here), None)
    if at is None or at + 1 >= len(listed):
        return None
    return Block("heading", listed[at + 1], block.line)


def _report_type(chapters: list[Chapter]) -> str | None:
    kinds = {c.kind for c in chapters}
    title = " ".join(plain(b.text) for b in chapters[0].blocks).lower()
    rows = " ".join(b.text for c in chapters for b in c.blocks if b.kind == "row").lower()
    if "section" not in kinds:
        return None
    if "follow-up" in title or "reasons" in kinds or "follow-up inspection" in rows:
        return "esi-follow-up"
    if "sheet" in kinds:
        return "esi-full"
    return None


def looks_like_esi(text: str) -> bool:
    """Whether a text has the chapters of an ESI report."""
    blocks, _ = blocks_of(text)
    return _report_type(segment(blocks)) is not None


def _titles(blocks: list[Block]) -> dict[str, str]:
    """Headings as the contents list prints them, by their case-folded text."""
    cells = [plain(c) for b in blocks for c in (b.cells if b.kind == "row" else [b.text])]
    return {c.casefold(): c for c in cells if c}


def _title(chapter: Chapter, titles: dict[str, str]) -> str:
    """A chapter's title as the contents list prints it, else the heading in sentence case."""
    text = chapter.title
    if text.casefold() in titles:
        return titles[text.casefold()]
    return text[:1] + text[1:].lower() if text.isupper() else text


def parse_esi(text: str, frameworks: dict[str, Framework], source: str = "") -> ImportDraft:
    """Parse an ESI full or follow-up report into a draft Report."""
    blocks, dropped = blocks_of(text)
    chapters = segment(blocks)
    report_type = _report_type(chapters)
    if report_type is None:
        raise ReportImportError(
            f"not a recognised report (expected {EXPECTED}: found no scoring summary sheet "
            "or follow-up comparison)"
        )
    sink = Sink(dropped=dropped)
    meta = meta_from_title(chapters[0].blocks, report_type == "esi-follow-up", sink)
    fw = pick_framework(frameworks, report_type, meta.get("year"))
    if fw is None:
        raise ReportImportError(f"no framework in data/frameworks produces {report_type} reports")
    report: dict[str, Any] = {"slug": "", "framework": fw.id, "meta": meta}
    _check_complete(chapters, fw, report_type)
    titles: dict[str, str] = {}
    for chapter in chapters:
        if chapter.kind == "contents":
            report["contents"] = contents(chapter.blocks, sink)
            titles = _titles(chapter.blocks)
    parts: list[dict[str, Any]] = []
    taken: set[str] = set()
    sheet_scores: dict[str, str] = {}
    for chapter in chapters[1:]:
        kind = chapter.kind
        if chapter.implied:
            sink.notes.append(
                f"{kind} chapter: heading missing in the source (line {chapter.blocks[0].line}); "
                "recognised from its first block"
            )
        if kind == "foreword":
            report["foreword"] = foreword(chapter.blocks, sink)
        elif kind == "acknowledgements":
            report["acknowledgements"] = acknowledgements(chapter.blocks)
        elif kind == "glossary":
            report["glossary"] = glossary(chapter.blocks, sink)
        elif kind == "summary":
            summary(chapter.blocks, fw, report, sink)
        elif kind == "reasons":
            report["reasons"] = markdown_or_none(chapter.blocks)
        elif kind == "sheet":
            sheet_scores, stated = score_sheet(chapter.blocks, fw, sink)
            report["stated"] = stated
        elif kind == "section" and chapter.letter and (section := fw.section(chapter.letter)):
            part = section_part(chapter.blocks, section, fw, sink, "", f"section {section.id}")
            taken.add(part["id"])
            parts.append(part)
        elif kind == "thematic":
            theme = find_theme(chapter, frameworks)
            if theme is None:
                sink.notes.append(f"unknown theme {chapter.title!r}: kept as a chapter")
                parts.append(chapter_part(chapter.blocks, _title(chapter, titles), None, taken))
            else:
                report["thematic"] = thematic(chapter, theme, titles, sink)
        elif kind == "approach":
            blocks = _without_weights(chapter.blocks, fw, sink)
            parts.append(chapter_part(blocks, _title(chapter, titles), None, taken))
        elif kind == "role":
            report["role"] = chapter_part(chapter.blocks, _title(chapter, titles), "role", taken)
        elif kind != "contents":
            parts.append(chapter_part(chapter.blocks, _title(chapter, titles), None, taken))
    report["parts"] = parts
    _merge_sheet(parts, sheet_scores, sink)
    base = frameworks.get(fw.base or "")
    if base is not None and (original := follow_up_of(report, meta, _suffix(base))):
        report["meta"]["follow_up_of"] = original
    report["meta"]["published"] = report.get("foreword", {}).get("date")
    report["slug"] = "-".join(
        p for p in (slugify(meta["area"]), str(meta.get("year", "")), _suffix(fw)) if p
    )
    _link_contents(report)
    draft = ImportDraft(report, sink.unplaced, sink.dropped, report_type, sink.notes)
    return draft


def _suffix(fw: Framework) -> str:
    return (fw.report_type or fw.id).removesuffix("-full")


def _check_complete(chapters: list[Chapter], fw: Framework, report_type: str) -> None:
    """Refuse a truncated source rather than publish half a report."""
    found = {c.letter for c in chapters if c.kind == "section"}
    needed = fw.rescored or [s.id for s in fw.sections]
    missing = [s for s in needed if s not in found]
    if missing:
        raise ReportImportError(
            f"incomplete {report_type} report (expected sections {', '.join(needed)}; "
            f"found no section {', '.join(missing)}: is the file truncated?)"
        )


def _merge_sheet(parts: list[dict[str, Any]], scores: dict[str, str], sink: Sink) -> None:
    """Scores from the summary sheet fill criteria whose own heading printed none."""
    for part in parts:
        for crit in part.get("criteria", []):
            sheet = scores.pop(crit["id"], None)
            if sheet is None:
                continue
            if "score" not in crit:
                crit["score"] = sheet
            elif crit["score"] != sheet:
                sink.notes.append(
                    f"criterion {crit['id']}: the text prints {crit['score']}, the scoring summary "
                    f"sheet {sheet}; the text's score is kept"
                )
    for crit_id, score in scores.items():
        sink.unplaced.append(f"scoring summary sheet: {crit_id} {score} (no section text for it)")


def _link_contents(report: dict[str, Any]) -> None:
    """Point each contents line at the part it names, where one matches."""
    parts = [*report["parts"], *([report["role"]] if "role" in report else [])]
    for entry in report.get("contents", []):
        title = entry["title"].casefold()
        for part in parts:
            if part["title"].casefold() in title or title in part["title"].casefold():
                entry["target"] = part["id"]
                break


def _without_weights(blocks: list[Block], fw: Framework, sink: Sink) -> list[Block]:
    """Drop the criterion weights tables: the site regenerates them from the framework."""
    weights = {w.casefold() for w in fw.weight_labels.values()}
    titles = {s.title.casefold() for s in fw.sections}
    kept = []
    for block in blocks:
        cells = [plain(c) for c in block.cells if c]
        crit = fw.criterion(cells[0]) if block.kind == "row" and cells else None
        weight_row = crit is not None and cells[-1].casefold() in weights
        heading_row = block.kind == "row" and len(cells) == 1 and cells[0].casefold() in titles
        if weight_row or heading_row:
            sink.dropped.append(
                f"line {block.line}: weights table row {' | '.join(cells)!r} "
                "(regenerated from the framework)"
            )
        else:
            kept.append(block)
    return kept
