"""ESI full and follow-up reports: find the chapters, then hand each to its parser.

The chapters are found by :mod:`generator.importer.esi_chapters`; a chapter
of no known kind is kept as a chapter of its own, so its text is kept. Which
framework applies comes from the framework data (report type and period), and
criteria are named by that framework.
"""

from __future__ import annotations

from typing import Any

from generator.importer.chapters import Chapter, chapter_part, is_subheading
from generator.importer.common import (
    ReportImportError,
    Sink,
    markdown_or_none,
    pick_framework,
    slugify,
)
from generator.importer.draft import ImportDraft
from generator.importer.esi_chapters import report_type_of, segment
from generator.importer.esi_criteria import section_part
from generator.importer.esi_front import (
    acknowledgements,
    contents,
    foreword,
    glossary,
    region_named,
    score_sheet,
    summary,
)
from generator.importer.esi_meta import follow_up_of, meta_from_title
from generator.importer.esi_theme import find_theme, thematic
from generator.importer.text import Block, blocks_of, plain
from generator.importer.theme_draft import DraftedTheme, draft_theme
from generator.model.framework import Framework

EXPECTED = "an ESI full report, an ESI follow-up or a PDU 2021 inspection"


# Chapters with one field of their own in a report.
_ONCE = frozenset(
    ("foreword", "acknowledgements", "glossary", "summary", "reasons", "sheet", "thematic", "role")
)


def looks_like_esi(text: str) -> bool:
    """Whether a text has the chapters of an ESI report."""
    blocks, _ = blocks_of(text)
    return report_type_of(segment(blocks)) is not None


def _titles(blocks: list[Block]) -> dict[str, str]:
    """Headings as the contents list prints them, by their case-folded text."""
    cells = [plain(c) for b in blocks for c in (b.cells if b.kind == "row" else [b.text])]
    return {c.casefold(): c for c in cells if c}


def _title(chapter: Chapter, titles: dict[str, str]) -> str:
    """A chapter's title as the contents list prints it, else the heading in sentence case."""
    text = chapter.title
    if text.casefold() in titles:
        return titles[text.casefold()]
    return _sentence_case(text)


def _sentence_case(text: str) -> str:
    return text[:1] + text[1:].lower() if text.isupper() else text


def parse_esi(text: str, frameworks: dict[str, Framework], source: str = "") -> ImportDraft:
    """Parse an ESI full or follow-up report into a draft Report."""
    blocks, dropped = blocks_of(text)
    chapters = segment(blocks)
    report_type = report_type_of(chapters)
    if report_type is None:
        raise ReportImportError(
            f"not a recognised report (expected {EXPECTED}: found no scoring summary sheet "
            "or follow-up comparison)"
        )
    sink = Sink(dropped=dropped)
    meta = meta_from_title(chapters[0].blocks, report_type == "esi-follow-up", sink, text)
    if region := region_named(text, sink):
        meta["region"] = region
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
    seen: set[str] = set()
    new_theme: DraftedTheme | None = None
    headed = {c.kind for c in chapters if c.heading is not None and not c.implied}
    for chapter in chapters[1:]:
        kind = chapter.kind
        if chapter.implied:
            sink.notes.append(
                f"{kind} chapter: heading missing in the source (line {chapter.blocks[0].line}); "
                "recognised from its first block"
            )
        # A heading repeated or moved by the conversion: the report has one field
        # for this chapter, and a chapter under its own heading has the better claim.
        if kind in _ONCE and (kind in seen or (chapter.implied and kind in headed)):
            if extra := _extra_chapter(chapter, titles, taken, sink):
                parts.append(extra)
            continue
        seen.add(kind)
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
            if theme is None and (drafted := draft_theme(chapter, fw, frameworks, meta, sink)):
                theme, new_theme = drafted.framework, drafted
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
    draft = ImportDraft(report, sink.unplaced, sink.dropped, report_type, sink.notes, new_theme)
    return draft


def _extra_chapter(
    chapter: Chapter, titles: dict[str, str], taken: set[str], sink: Sink
) -> dict[str, Any] | None:
    """A chapter whose field another one fills, kept as a chapter of its own."""
    at = chapter.heading or (chapter.blocks[0] if chapter.blocks else None)
    where = f"line {at.line}" if at else "?"
    if not chapter.blocks:
        sink.dropped.append(f"{where}: a second {chapter.title!r} heading with no text")
        return None
    sink.notes.append(f"{chapter.kind} chapter: another one at {where}; kept as a chapter")
    blocks, title = chapter.blocks, _title(chapter, titles)
    if not title and is_subheading(blocks[0], blocks[1] if len(blocks) > 1 else None, 12):
        blocks, title = blocks[1:], _sentence_case(plain(blocks[0].text))
    return chapter_part(blocks, title or "Untitled chapter", None, taken)


def _suffix(fw: Framework) -> str:
    return (fw.report_type or fw.id).removesuffix("-full")


def _check_complete(chapters: list[Chapter], fw: Framework, report_type: str) -> None:
    """Refuse a truncated source rather than publish half a report: the framework's data
    says which sections every report of it carries."""
    found = {c.letter for c in chapters if c.kind == "section"}
    needed = fw.requires.sections if fw.requires else []
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
    """Drop the criterion weights tables: the site regenerates them from the framework.

    A 'generated' block keeps the place of the first table dropped.
    """
    weights = {w.casefold() for w in fw.weight_labels.values()}
    titles = {s.title.casefold() for s in fw.sections}
    kept: list[Block] = []
    for block in blocks:
        cells = [plain(c) for c in block.cells if c]
        crit = fw.criterion(cells[0]) if block.kind == "row" and cells else None
        weight_row = crit is not None and cells[-1].casefold() in weights
        heading_row = block.kind == "row" and len(cells) == 1 and cells[0].casefold() in titles
        if weight_row or heading_row:
            if not any(b.kind == "generated" for b in kept):
                kept.append(Block("generated", "", block.line))
            sink.dropped.append(
                f"line {block.line}: weights table row {' | '.join(cells)!r} "
                "(regenerated from the framework)"
            )
        else:
            kept.append(block)
    return kept
