"""ESI chapters: the report cut at its chapter headings, and at those lost in conversion.

Chapter headings are recognised by their words ('FOREWORD', 'SCORING SUMMARY
SHEET', 'SECTION B …'), the way a reader of any ESI report would find them.
A chapter whose heading line the PDF conversion lost is found from what opens
it: the title page's first prose (the foreword), rows of titles and page
numbers (the contents), 'Key findings' (the summary),
a section or criterion row (the scoring summary sheet), a criterion of a
later section, prose after a glossary's or sheet's rows (the chapter the
printed contents list names next), or a summary after the sections (the
thematic element).
"""

from __future__ import annotations

import re

from generator.importer.chapters import Chapter
from generator.importer.common import CRITERION_LINE
from generator.importer.esi_front import is_contents_row
from generator.importer.text import Block, ends_sentence, is_heading_text, plain

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


def _implied(block: Block, current: str, seen: set[str], following: Block | None) -> str | None:
    """The chapter a block opens when that chapter's heading was lost in conversion.

    The foreword is known by the first paragraph of prose on the title page,
    the contents by two rows of titles and page numbers, the summary by its
    first sub-heading, 'Key findings', and the scoring summary sheet by its
    first row, wherever they turn up inside an earlier chapter.
    """
    if current not in _FRONT:
        return None
    if (
        "contents" not in seen
        and is_contents_row(block)
        and following is not None
        and is_contents_row(following)
    ):
        return "contents"
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

    A chapter whose heading was lost in conversion is found from what opens it
    (:func:`_implied`, :func:`_next_section`, :func:`_listed_next`, or a
    summary after the sections for the thematic element) and marked implied.
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
        elif kind := _implied(block, current.kind, seen, following):
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

    A criterion of a later section than the current one, or of any section
    before the first, opens its section; a row does so only inside a section
    (the scoring approach's weights tables list criteria too).
    """
    if current.kind == "section" and current.letter is not None:
        after = current.letter
    elif current.kind in _BEFORE_SECTIONS and not any(letters) and block.kind != "row":
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


def report_type_of(chapters: list[Chapter]) -> str | None:
    """'esi-full' or 'esi-follow-up' from the chapters found, or None for neither."""
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
