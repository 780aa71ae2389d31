"""The thematic element of an ESI report, matched to a theme in ``data/frameworks/themes``."""

from __future__ import annotations

import re
from typing import Any

from generator.importer.chapters import Chapter, chapter_part, split_subheadings
from generator.importer.common import (
    CRITERION_LINE,
    Sink,
    markdown_or_none,
    parse_score,
    similarity,
)
from generator.importer.esi_criteria import section_part
from generator.importer.esi_front import recommendations
from generator.importer.text import Block, is_heading_text, plain, strip_emphasis
from generator.model.framework import Framework

_STOP = {"thematic", "element", "the", "of", "and", "a", "an", "for", "in", "quality"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", plain(text).lower()) if w not in _STOP}


def find_theme(chapter: Chapter, frameworks: dict[str, Framework]) -> Framework | None:
    """The theme whose title, or most of whose section titles, the chapter's headings name."""
    themes = [fw for fw in frameworks.values() if fw.kind == "theme"]
    heading = _words(chapter.title)
    for theme in themes:
        names = [_words(n) for n in (theme.title, theme.short_title or "") if _words(n)]
        if any(name <= heading for name in names):
            return theme
    headings = [plain(b.text) for b in chapter.blocks if is_heading_text(b)]
    for theme in themes:
        hits = sum(any(similarity(s.title, h) > 0.8 for h in headings) for s in theme.sections)
        if theme.sections and hits * 2 > len(theme.sections):
            return theme
    return None


def _section_of(block: Block, theme: Framework) -> str | None:
    match = re.match(r"^section\s+([A-Z])\b", plain(block.text), re.IGNORECASE)
    if match and is_heading_text(block) and theme.section(match.group(1).upper()):
        return match.group(1).upper()
    return None


def _opening_criterion(block: Block, theme: Framework, after: str | None) -> str | None:
    """The section after ``after`` (or the first) if ``block`` is its first criterion's heading.

    Such a criterion opens its section when the section's own heading was lost.
    """
    # The theme's criteria are printed as rows ('A1: Leadership and planning:<tab>Assessment').
    text = plain(block.cells[0] if block.kind == "row" and block.cells else block.text)
    if block.kind not in ("para", "heading", "row") or len(text.split()) > 12:
        return None
    # The section after ``after`` in the theme's order, or the first before any.
    order = [None, *(sec.id for sec in theme.sections)]
    at = order.index(after) if after in order else len(theme.sections)
    following = theme.sections[at] if at < len(theme.sections) else None
    if following is None or not following.criteria or not CRITERION_LINE.match(text + " "):
        return None
    return following.id if text.split()[0].rstrip(":.") == following.criteria[0].id else None


def _ratings(blocks: list[Block], theme: Framework, sink: Sink) -> tuple[list[Any], str | None]:
    """'<name>\\t44%' rows as computed ratings; '<section title>: text' as a rating in words."""
    figures: list[dict[str, Any]] = []
    text: list[Block] = []
    for block in blocks:
        cells = [c for c in block.cells if c]
        if block.kind == "row" and len(cells) == 2 and (score := parse_score(cells[1], theme)):
            name = strip_emphasis(cells[0])
            rated = next((r for r in theme.ratings if similarity(r.name, name) > 0.9), None)
            figures.append(
                {"name": name, "score": score, **({"section": rated.section} if rated else {})}
            )
            continue
        match = re.match(r"^([^:.]{3,60}):\s+(.+)$", block.text, re.DOTALL)
        if block.kind == "para" and match:
            name = plain(match.group(1))
            if any(similarity(s.title, name) > 0.9 for s in theme.sections):
                figures.append({"name": name, "text": match.group(2).strip()})
                continue
        text.append(block)
    return figures, markdown_or_none(text)


def thematic(
    chapter: Chapter, theme: Framework, titles: dict[str, str], sink: Sink
) -> dict[str, Any]:
    """The thematic element: introduction, ratings, assessment, recommendations and sections."""
    lost = not chapter.title  # the heading was lost: the theme's own title stands in
    title = theme.title if lost or similarity(theme.title, chapter.title) > 0.95 else chapter.title
    result: dict[str, Any] = {"theme": theme.id, "title": title}
    blocks = list(chapter.blocks)
    if blocks and is_heading_text(blocks[0]) and _section_of(blocks[0], theme) is None:
        subtitle = plain(blocks.pop(0).text)
        result["subtitle"] = titles.get(subtitle.casefold(), subtitle)
    sections: list[tuple[str, list[Block]]] = []
    rest: list[Block] = []
    for block in blocks:
        letter = _section_of(block, theme)
        opened = _opening_criterion(block, theme, sections[-1][0] if sections else None)
        if letter:
            sections.append((letter, []))
        elif opened:  # the section's heading was lost: its first criterion opens it
            sink.notes.append(
                f"thematic section {opened}: heading missing in the source (line {block.line}); "
                "recognised from its first criterion"
            )
            sections.append((opened, [block]))
        elif sections:
            sections[-1][1].append(block)
        else:
            rest.append(block)
    lead, subs = split_subheadings(rest)
    parts: list[dict[str, Any]] = []
    intro = list(lead)
    for heading, body in subs:
        name = plain(heading.text).lower()
        if name.startswith("introduction"):
            intro += body
        elif "rating" in name:
            result["ratings"], ratings_text = _ratings(body, theme, sink)
            if ratings_text:
                result["ratings_text"] = ratings_text
        elif "assessment" in name or "conclusion" in name:
            result["overall_assessment"] = markdown_or_none(body)
        elif "recommendation" in name:
            result["recommendations"], note = recommendations(body, sink)
            if note:
                sink.leftover([Block("para", note, heading.line)], "thematic recommendations")
        else:
            parts.append(chapter_part(body, plain(heading.text)))
    if text := markdown_or_none(intro):
        result["introduction"] = text
    prefix = "".join(w[0] for w in (theme.short_title or theme.id).lower().split()) + "-"
    for letter, body in sections:
        section = theme.section(letter)
        if section is not None:
            where = f"thematic section {letter}"
            parts.append(section_part(body, section, theme, sink, prefix, where))
    result["parts"] = parts
    return {k: v for k, v in result.items() if v not in (None, [], "")}
