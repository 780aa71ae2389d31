"""Clean-up of text exported from PDFs: the same debris turns up in every report.

The exports mix plain text, a little Markdown and stray HTML, and page breaks
cut paragraphs in two. This module turns such a text into a flat list of
:class:`Block` (paragraphs, list items, headings and table rows) that the
report parsers walk; it knows nothing about any report type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["para", "bullet", "heading", "row", "generated"]
"""A block's kind; 'generated' marks where the source printed a table the site generates."""

# Glyphs that PDF converters leave where the printed report had a bullet.
BULLET_GLYPHS = "•▣❑■□▪◦●○➢►"
_BULLET = re.compile(rf"^(\s*)(?:[-*+]\s+)?[{BULLET_GLYPHS}](?:\s+|$)|^(\s*)[-*+]\s+")
_NUMBERED = re.compile(r"^\s*(?:[-*+]\s+)?(\d{1,3})[.)]\s+")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^[\s|:-]*-{2,}[\s|:-]*$")
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")
_TERMINAL = re.compile(r"[.!?:;…][\"'’”)\]*_]*$")
_IMAGE_NOUN = re.compile(
    r"\b(logo|signature|crest|emblem|photograph|photo|image|picture|illustration|"
    r"diagram|graphic|icon|portrait)\b",
    re.IGNORECASE,
)
_IMAGE_CUE = re.compile(
    r"\b(consisting of|in black ink|that reads|which reads|reading|depict\w*|showing|"
    r"shows|written in|featuring|features|handwritten|font|cursive|coloured|colored)\b",
    re.IGNORECASE,
)


@dataclass
class Block:
    """One paragraph, list item, heading or table row of the source, with its line number."""

    kind: Kind
    text: str
    line: int
    level: int = 0
    number: int | None = None
    cells: list[str] = field(default_factory=list)


def clean_line(line: str) -> str:
    """Normalise spaces and turn inline HTML into Markdown."""
    line = line.replace("\u00a0", " ").replace("\u200b", "").rstrip(" \r\f\v")
    line = re.sub(r"<(i|em|b|strong)>\s*</\1>", " ", line)
    line = re.sub(r"</?(i|em)\s*>", "*", line)
    line = re.sub(r"</?(b|strong)\s*>", "**", line)
    line = re.sub(r"<li\b[^>]*>", "\n- ", line)
    if "\t" not in line:
        line = re.sub(r"</p>\s*<p\b[^>]*>", "\n\n", line)
    # Inline bullet glyphs inside a converted HTML list start new list items.
    if "<ul" in line or "<ol" in line:
        line = re.sub(rf"\s*[{BULLET_GLYPHS}]\s+", "\n- ", line)
    line = _TAG.sub(
        lambda m: "" if m.group(1).lower() not in ("http", "https") else m.group(0), line
    )
    return re.sub(r"(?<=\S) {2,}(?=\S)", " ", line)


def strip_emphasis(text: str) -> str:
    """Remove Markdown emphasis that wraps a whole text (``*x*``, ``**x**``)."""
    text = text.strip()
    while True:
        m = re.fullmatch(r"(\*{1,3}|_{1,2})(\S(?:.*\S)?)\1", text, re.DOTALL)
        if not m or m.group(1) in m.group(2):
            break
        text = m.group(2).strip()
    # A lone marker at either end is the other half of emphasis lost in conversion.
    if text.count("*") % 2 == 1:
        text = text.removesuffix("*") if text.endswith("*") else text.removeprefix("*")
    return text.strip()


def plain(text: str) -> str:
    """Text without any Markdown emphasis markers, for matching."""
    return re.sub(r"\s+", " ", text.replace("*", "").replace("_", " ")).strip()


def is_image_description(text: str) -> bool:
    """A converter's description of a picture (a logo, a signature), not report text."""
    words = plain(text).split()
    head = " ".join(words[:14])
    return (
        bool(words)
        and words[0] in ("The", "A", "An")
        and bool(_IMAGE_NOUN.search(head))
        and bool(_IMAGE_CUE.search(text))
    )


def ends_sentence(text: str) -> bool:
    """Whether a text ends with terminal punctuation (so a page break did not cut it)."""
    return bool(_TERMINAL.search(text.rstrip()))


def _line_block(raw: str, number: int) -> Block | None:
    if not raw.strip():
        return None
    if "\t" in raw:
        cells = [c.strip() for c in raw.split("\t")]
        return Block("row", " ".join(c for c in cells if c), number, cells=cells)
    heading = _HEADING.match(raw)
    if heading:
        return Block("heading", heading.group(2), number, level=len(heading.group(1)))
    bullet = _BULLET.match(raw)
    numbered = _NUMBERED.match(raw)
    if numbered:
        indent = len(raw) - len(raw.lstrip())
        return Block(
            "bullet",
            raw[numbered.end() :].strip(),
            number,
            level=1 if indent else 0,
            number=int(numbered.group(1)),
        )
    if bullet:
        indent = len(bullet.group(1) or bullet.group(2) or "")
        return Block("bullet", raw[bullet.end() :].strip(), number, level=1 if indent else 0)
    return Block("para", raw.strip(), number)


def blocks_of(text: str) -> tuple[list[Block], list[str]]:
    """Split a text export into blocks; also return the debris dropped on the way.

    Consecutive lines of a paragraph are joined with a newline; a line that
    follows a list item without a blank line continues that item. Table rule
    lines (``----\\t---``) and image descriptions are dropped and listed.
    """
    blocks: list[Block] = []
    dropped: list[str] = []
    blank = True
    for number, source in enumerate(text.splitlines(), start=1):
        for piece in clean_line(source).split("\n"):
            if _RULE.match(piece) and ("\t" in piece or piece.count("-") >= 3):
                dropped.append(f"line {number}: table rule {piece.strip()!r}")
                blank = True
                continue
            block = _line_block(piece, number)
            if block is None:
                blank = True
                continue
            prev = blocks[-1] if blocks else None
            if (
                not blank
                and prev is not None
                and block.kind == "para"
                and prev.kind in ("para", "bullet")
                and not is_heading_text(prev)
            ):
                prev.text += "\n" + block.text
            else:
                blocks.append(block)
            blank = False
    kept: list[Block] = []
    for block in blocks:
        if block.kind == "para" and is_image_description(block.text):
            dropped.append(f"line {block.line}: image description {block.text!r}")
        else:
            kept.append(block)
    return join_page_breaks(kept), dropped


def _words(text: str) -> int:
    return len(plain(text).split())


def _punctuated_list(before: list[Block], after: list[Block]) -> bool:
    """Whether the list items around a cut are full sentences (or there are none to judge by)."""
    siblings = [b for b in reversed(before[:-1]) if b.kind == "bullet"][:3]
    siblings += [b for b in after if b.kind == "bullet"][:3]
    done = sum(ends_sentence(b.text) for b in siblings)
    return not siblings or done * 2 > len(siblings)


def join_page_breaks(blocks: list[Block]) -> list[Block]:
    """Rejoin paragraphs and list items that a page break cut in two.

    A paragraph that starts in lower case and follows text without terminal
    punctuation continues it. A sentence starting with a capital continues a
    list item only when the other items of that list end with full stops.
    """
    out: list[Block] = []
    for index, block in enumerate(blocks):
        prev = out[-1] if out else None
        if prev is not None and block.kind == "para" and prev.kind in ("para", "bullet"):
            first = plain(block.text)[:1]
            cut = not ends_sentence(prev.text) and _words(prev.text) >= 6
            lower = first.islower()
            capital = (
                prev.kind == "bullet"
                and first.isupper()
                and ends_sentence(block.text)
                and _words(block.text) >= 6
                and _punctuated_list(out[-4:], blocks[index + 1 : index + 4])
            )
            if cut and (lower or capital):
                prev.text = prev.text.rstrip() + " " + " ".join(block.text.split("\n"))
                continue
        out.append(block)
    return out


def is_heading_text(block: Block, max_words: int = 14) -> bool:
    """A heading: a Markdown heading, or a short line in capitals or bold without a full stop."""
    if block.kind == "heading":
        return True
    if block.kind != "para" or "\n" in block.text:
        return False
    text = block.text.strip()
    letters = [c for c in plain(text) if c.isalpha()]
    if not letters or _words(text) > max_words or text.endswith("."):
        return False
    bold = bool(re.fullmatch(r"\*\*[^*]+\*\*:?", text))
    return bold or sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def to_markdown(blocks: list[Block]) -> str:
    """Blocks as Markdown: paragraphs, nested lists and (pipe-free) rows as lines."""
    out: list[str] = []
    prev: Block | None = None
    for block in blocks:
        if block.kind == "bullet":
            marker = f"{block.number}." if block.number is not None else "-"
            indent = "    " * block.level
            body = block.text.replace("\n", "\n" + indent + "  ")
            line = f"{indent}{marker} {body}"
            if prev is not None and prev.kind == "bullet":
                out[-1] += "\n" + line
            else:
                out.append(line)
        elif block.kind == "row":
            out.append(" — ".join(c for c in block.cells if c))
        else:
            text = plain(block.text) if block.kind == "heading" else block.text
            lines = text.split("\n")
            if len(lines) > 1 and all(len(line) < 70 for line in lines):
                # Short lines in one paragraph are an address or a signature: keep the breaks.
                out.append("\\\n".join(escape_paragraph(line.strip()) for line in lines))
            else:
                out.append(escape_paragraph(text.replace("\n", " ")))
        prev = block
    return "\n\n".join(out)


def escape_paragraph(text: str) -> str:
    """Keep a paragraph a paragraph: a leading '1.' or '#' would make it a list or heading."""
    return re.sub(r"^(\d+)([.)])(\s)", r"\1\\\2\3", re.sub(r"^([#>+])", r"\\\1", text))


def list_items(blocks: list[Block]) -> list[str]:
    """Items of a list as Markdown strings, one per top-level item.

    A nested item becomes a list inside the item before it, and a paragraph
    between items (text a page break cut off) stays with the item before it.
    """
    out: list[str] = []
    nested = False
    for block in blocks:
        if block.kind == "bullet" and (block.level == 0 or not out):
            out.append(block.text)
            nested = False
        elif block.kind == "bullet":
            out[-1] += ("\n" if nested else "\n\n") + "- " + block.text.replace("\n", " ")
            nested = True
        elif out:
            out[-1] += "\n\n" + to_markdown([block])
            nested = False
        else:
            out.append(to_markdown([block]))
    return out
