"""A PDU report's text export as typed blocks, the unit every later parsing step works on.

The export is a PDF turned into text: paragraphs are single lines separated by
blank lines, tables are tab-separated rows, footnotes start with superscript
digits, and page breaks leave their marks (sentences cut in two, footnotes
between the halves, blank lines holding a non-breaking space). Turning lines
into blocks once, and repairing page breaks here, lets the parsers above think
in paragraphs, lists and tables rather than in lines.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Literal

from generator.importer import common
from generator.importer import text as shared

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

Kind = Literal["text", "bullet", "numbered", "footnote", "row"]

_BULLET = re.compile(r"^\s*(?:[-•▪●◦]|\*(?!\*))\s+(?=\S)")
_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(?=\S)")
_FOOTNOTE = re.compile(rf"^\s*([{SUPERSCRIPTS}]+)\s*(?=\S)")
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
_BOLD = re.compile(r"^\*\*(.+?)\*\*$")


@dataclass
class Block:
    """Consecutive non-blank lines of one kind."""

    kind: Kind
    lines: list[str]
    start: int
    """The 1-based line number of the first line, for messages."""

    @property
    def text(self) -> str:
        """The block as one line of text (rows keep their tabs)."""
        if self.kind == "row":
            return "\n".join(self.lines)
        return " ".join(line.strip() for line in self.lines)

    @property
    def single(self) -> bool:
        return len(self.lines) == 1

    def copy(self) -> Block:
        return Block(self.kind, list(self.lines), self.start)


@dataclass
class Cleaned:
    """The blocks of a document and what cleaning removed from it."""

    blocks: list[Block]
    dropped: list[str] = field(default_factory=list)


def _clean_lines(raw: str, dropped: list[str]) -> list[str]:
    """A source line with markup removed; HTML list and paragraph tags may split it."""
    line = raw.replace("\xa0", " ").replace("\u200b", "").rstrip("\r\n")
    if _ENTITY.search(line):
        line = html.unescape(line).replace("\xa0", " ")
    comments = re.findall(r"<!--.*?-->", line)
    line = re.sub(r"<!--.*?-->", " ", line)
    dropped += [f"HTML markup: {tag}" for tag in comments + _TAG.findall(line)]
    lines = []
    for part in shared.clean_line(line).split("\n"):
        lines.append(part.rstrip(" ") if "\t" in part else " ".join(part.split()))
    return lines


def line_kind(line: str) -> Kind:
    if "\t" in line:
        return "row"
    if _FOOTNOTE.match(line):
        return "footnote"
    if _BULLET.match(line):
        return "bullet"
    if _NUMBERED.match(line):
        return "numbered"
    return "text"


def to_blocks(text: str) -> Cleaned:
    """Split a text export into blocks, dropping markup and image descriptions."""
    cleaned = Cleaned([])
    current: Block | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        for line in _clean_lines(raw, cleaned.dropped):
            current = _add_line(cleaned, current, line, number)
    return cleaned


def _add_line(cleaned: Cleaned, current: Block | None, line: str, number: int) -> Block | None:
    """Add one cleaned line to the block it belongs to; the block to continue next."""
    if not line.strip():
        return None
    kind = line_kind(line)
    if kind == "bullet":
        line = _BULLET.sub("", line)
    if current is not None and current.kind == "bullet" and kind == "text" and starts_lower(line):
        # A list item wrapped onto a new line without its marker.
        current.lines[-1] += " " + line
        return current
    if current is not None and current.kind == kind:
        current.lines.append(line)
        return current
    if kind == "text" and current is None and shared.is_image_description(line):
        cleaned.dropped.append(f"image description: {line}")
        return None
    block = Block(kind, [line], number)
    cleaned.blocks.append(block)
    return block


def strip_marks(text: str) -> str:
    """Text without footnote marks and bold markers, for comparisons."""
    return text.translate({ord(c): None for c in SUPERSCRIPTS + "*"}).strip()


def unbold(text: str) -> str:
    match = _BOLD.match(text.strip())
    return match.group(1).strip() if match else text.strip()


similar = common.similarity


def norm(text: str) -> str:
    """A key for comparing headings: lower case, marks gone, dashes and spaces unified."""
    text = strip_marks(text).casefold().replace("–", "-").replace("—", "-")
    return " ".join(re.sub(r"[^\w%/?-]+", " ", text).split())


def ends_sentence(text: str) -> bool:
    """Whether text ends as a sentence does, ignoring footnote marks and closing quotes."""
    return shared.ends_sentence(text.rstrip().rstrip(SUPERSCRIPTS + " "))


def starts_lower(text: str) -> bool:
    stripped = text.lstrip("\"'“‘(")
    return bool(stripped) and stripped[0].islower()


def marks_in(text: str) -> set[str]:
    """The footnote marks used in a text."""
    return set(re.findall(f"[{SUPERSCRIPTS}]+", text))


def footnote_mark(line: str) -> str:
    match = _FOOTNOTE.match(line)
    return match.group(1) if match else ""


def join_page_breaks(blocks: list[Block]) -> list[Block]:
    """Rejoin paragraphs a page break cut in two.

    A paragraph that stops without closing its sentence, followed by one that
    starts in lower case, is one paragraph; footnotes printed at the foot of
    the page may sit between the halves and stay where they are.
    """
    out: list[Block] = []
    for block in blocks:
        block = block.copy()
        if block.kind == "text" and starts_lower(block.lines[0]):
            previous = next((b for b in reversed(out) if b.kind != "footnote"), None)
            if (
                previous is not None
                and previous.kind in ("text", "bullet", "numbered")
                and not ends_sentence(previous.lines[-1])
            ):
                previous.lines[-1] = previous.lines[-1].rstrip() + " " + block.lines[0]
                if len(block.lines) > 1:
                    out.append(Block("text", block.lines[1:], block.start + 1))
                continue
        out.append(block)
    return out


def heading_like(block: Block) -> bool:
    """A short line on its own that is not a sentence: a sub-heading or a caption."""
    if block.kind not in ("text", "numbered") or not block.single:
        return False
    text = unbold(block.lines[0])
    words = text.split()
    if re.search(r"https?:|www\.|@|:\s", text) or sum(c.isdigit() for c in text) * 3 > len(text):
        # Addresses, links and numbers are details, not headings.
        return False
    return (
        0 < len(words) <= 14
        and len(text) <= 110
        and not ends_sentence(text)
        and not text.endswith(",")
        and (text[0].isupper() or text[0].isdigit() or text[0] in "©")
    )


def label_line(block: Block) -> bool:
    """A short lead-in line ending in a colon, such as 'Strengths:'."""
    return (
        block.kind == "text"
        and block.single
        and block.lines[0].rstrip().endswith(":")
        and len(block.lines[0]) <= 160
    )


def markdown(block: Block) -> str:
    """A block as Markdown."""
    if block.kind == "bullet":
        return "\n".join(f"- {item.strip()}" for item in block.lines)
    if block.kind == "numbered":
        return "\n".join(line.strip() for line in block.lines)
    if block.kind == "row":
        return "\n\n".join(" ".join(c.strip() for c in row.split("\t")) for row in block.lines)
    if block.kind == "footnote":
        return "\n\n".join(line.strip() for line in block.lines)
    lines = [shared.escape_paragraph(line.strip()) for line in block.lines]
    if len(lines) > 1 and all(len(line) < 70 for line in lines):
        # Short lines in one block are an address or a signature: keep the breaks.
        return "\\\n".join(lines)
    return " ".join(lines)


def bold(text: str) -> str:
    return f"**{unbold(text)}**"


def slugify(text: str) -> str:
    return common.slugify(text) or "part"
