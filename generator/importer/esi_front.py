"""The front of an ESI report: foreword, acknowledgements, contents, glossary, summary, score sheet."""

from __future__ import annotations

import re
from typing import Any

from generator.importer.chapters import split_subheadings
from generator.importer.common import (
    ADDRESSEE,
    MONTH_YEAR,
    Sink,
    markdown_or_none,
    parse_score,
    similarity,
)
from generator.importer.text import (
    Block,
    ends_sentence,
    list_items,
    plain,
    strip_emphasis,
    to_markdown,
)
from generator.model.framework import Framework

_CREDIT = re.compile(r"^([A-Z][\w '’&/-]{1,60}?):\s*(\S.*)$", re.DOTALL)


def foreword(blocks: list[Block], sink: Sink) -> dict[str, Any]:
    """Body, signatory and date: the date is the last 'Month Year' line, the signature above it."""
    body = list(blocks)
    result: dict[str, Any] = {}
    dates = [i for i, b in enumerate(body) if MONTH_YEAR.match(plain(b.text))]
    if dates:
        at = dates[-1]
        result["date"] = plain(body[at].text)
        sign = body[at - 1] if at > 0 else None
        lines = [strip_emphasis(x) for x in sign.text.split("\n")] if sign else []
        if sign and sign.kind == "para" and 1 <= len(lines) <= 3 and len(sign.text) < 120:
            result["signatory"] = {
                "name": lines[0],
                **({"role": lines[1]} if len(lines) > 1 else {}),
            }
            if len(lines) > 2:
                sink.leftover([Block("para", lines[2], sign.line)], "foreword signature")
            del body[at - 1 : at + 1]
        else:
            del body[at]
    result = {"body": to_markdown(body), **result}
    return result


def _names(text: str) -> list[str]:
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    joined = " ".join(ln if ln.endswith(",") else ln + "," for ln in lines).rstrip(",")
    # Split on commas only: a printed "X and Y" stays as one entry, so the page
    # reads exactly as the report did.
    return [n.strip() for n in joined.split(",") if n.strip()]


def credit(block: Block) -> dict[str, Any] | None:
    """'Role: Name, Name and Name' as a credit, or None if the block is prose."""
    if block.kind != "para":
        return None
    match = _CREDIT.match(plain(block.text.replace("\n", "\n")))
    if not match:
        return None
    names = _names(match.group(2).replace("*", ""))
    if not names or any(len(n.split()) > 5 or n.endswith(".") for n in names):
        return None
    return {"role": match.group(1).strip(), "names": names}


def acknowledgements(blocks: list[Block]) -> dict[str, Any]:
    """Thanks as body text; 'Role: names' lines as credits."""
    body, credits = [], []
    for block in blocks:
        found = credit(Block(block.kind, block.text.replace("*", ""), block.line))
        if found:
            credits.append(found)
        else:
            body.append(block)
    result: dict[str, Any] = {"credits": credits}
    if text := markdown_or_none(body):
        result["body"] = text
    return result


def _page(cell: str) -> bool:
    return bool(re.fullmatch(r"\d{1,4}|[ivxlc]{1,6}", cell.strip(), re.I))


def is_contents_row(block: Block) -> bool:
    """A row of a printed contents list: a title and a page number (or nothing)."""
    cells = [c for c in block.cells if c]
    return block.kind == "row" and bool(cells) and (len(cells) == 1 or _page(cells[-1]))


# A printed contents title has at most two lines before the one with its page number.
_RUN_ON = 2


def contents(blocks: list[Block], sink: Sink) -> list[dict[str, Any]]:
    """The printed contents; a title without a page number runs on into the next line."""
    entries: list[dict[str, Any]] = []
    pending: list[Block] = []
    for block in blocks:
        cells = [c for c in block.cells if c] if block.kind == "row" else [plain(block.text)]
        if block.kind == "row" and cells and all(c.casefold() == "page" for c in cells):
            sink.dropped.append(f"line {block.line}: contents column heading 'Page'")
            continue
        if block.kind not in ("row", "para", "heading") or not cells:
            sink.leftover([block], "contents")
            continue
        page = cells[-1] if len(cells) > 1 and _page(cells[-1]) else None
        title = " ".join(cells[:-1] if page else cells)
        if page is None and (len(cells) > 1 or ends_sentence(title) or len(title.split()) > 20):
            # Prose, or a table's row: a chapter heading lost by the conversion
            # has let its text run into the contents list.
            sink.leftover([block], "contents")
            continue
        if page is None:
            if len(pending) == _RUN_ON:
                sink.leftover(pending[:1], "contents")
                pending = pending[1:]
            pending.append(block)
            continue
        run_on = [_cells_text(b) for b in pending]
        entries.append({"title": " ".join([*run_on, title]).strip(), "page": page})
        pending = []
    if pending:
        entries.append({"title": " ".join(_cells_text(b) for b in pending)})
    return entries


def _cells_text(block: Block) -> str:
    return " ".join(c for c in block.cells if c) if block.kind == "row" else plain(block.text)


def glossary(blocks: list[Block], sink: Sink) -> list[dict[str, str]]:
    """Term-tab-definition rows."""
    entries = []
    for block in blocks:
        cells = [c for c in block.cells if c]
        if block.kind == "row" and len(cells) == 2:
            entries.append({"term": cells[0], "definition": cells[1]})
        else:
            sink.leftover([block], "glossary")
    return entries


def key_findings(blocks: list[Block], fw: Framework, sink: Sink) -> list[dict[str, Any]]:
    """'**Heading:** text' list items; the heading names a framework section where it matches one."""
    found: list[dict[str, Any]] = []
    for block in blocks:
        if block.kind != "bullet":
            if found:
                found[-1]["text"] += "\n\n" + to_markdown([block])
            else:
                sink.leftover([block], "key findings")
            continue
        match = re.match(r"^\*\*(.+?):?\*\*:?\s*(.*)$", block.text, re.DOTALL)
        item: dict[str, Any] = {"text": block.text}
        if match:
            heading = match.group(1).strip().rstrip(":")
            item = {"heading": heading, "text": match.group(2).strip()}
            section = next((s.id for s in fw.sections if similarity(s.title, heading) > 0.9), None)
            if section:
                item["section"] = section
        found.append(item)
    return found


def recommendations(blocks: list[Block], sink: Sink) -> tuple[list[dict[str, Any]], str | None]:
    """Groups headed by an addressee line ending in a colon; other text becomes the note."""
    groups: list[dict[str, Any]] = []
    heads: list[Block] = []
    note: list[Block] = []
    for block in blocks:
        text = plain(block.text)
        if block.kind == "para" and text.endswith(":"):
            groups.append({"addressee": text, "items": []})
            heads.append(block)
        elif block.kind == "bullet" and groups:
            item: dict[str, Any] = {"text": strip_emphasis(block.text)}
            number = block.number
            match = re.match(r"^(\d{1,3})[.)]\s+(.*)$", item["text"], re.DOTALL)
            if number is None and match:
                number, item["text"] = int(match.group(1)), strip_emphasis(match.group(2))
            if number is not None:
                item = {"number": number, **item}
            groups[-1]["items"].append(item)
        else:
            note.append(block)
    for group, head in zip(groups, heads, strict=True):
        if not group["items"]:
            sink.notes.append(f"recommendation addressee without items: {group['addressee']}")
            # Its list was lost, not its words: they stay on the page, in the note.
            note.append(head)
    note.sort(key=lambda b: b.line)
    return [g for g in groups if g["items"]], markdown_or_none(note)


def _lost_recommendations(
    subs: list[tuple[Block, list[Block]]],
) -> list[tuple[Block, list[Block]]]:
    """Recommendations whose sub-heading was lost: the addressee line and its list start them."""
    if any("recommendation" in plain(h.text).lower() for h, _ in subs):
        return subs
    found: list[tuple[Block, list[Block]]] = []
    for heading, body in subs:
        at = next(
            (
                i
                for i, b in enumerate(body[:-1])
                if b.kind == "para"
                and ADDRESSEE.search(plain(b.text))
                and body[i + 1].kind == "bullet"
            ),
            None,
        )
        if at is None:
            found.append((heading, body))
        else:
            found += [
                (heading, body[:at]),
                (Block("heading", "Recommendations", body[at].line), body[at:]),
            ]
    return found


def summary(blocks: list[Block], fw: Framework, report: dict[str, Any], sink: Sink) -> None:
    """Key findings, recommendations and next steps, each under its sub-heading."""
    lead, subs = split_subheadings(blocks)
    text = [*lead]
    for heading, body in _lost_recommendations(subs):
        name = plain(heading.text).lower()
        if "finding" in name:
            report["key_findings"] = key_findings(body, fw, sink)
        elif "recommendation" in name:
            report["recommendations"], note = recommendations(body, sink)
            if note:
                report["recommendations_note"] = note
        elif "next step" in name:
            report["next_steps"] = list_items(body)
        else:
            text += [heading, *body]
    if summary_text := markdown_or_none(text):
        report["summary"] = summary_text


def score_sheet(
    blocks: list[Block], fw: Framework, sink: Sink
) -> tuple[dict[str, str], dict[str, Any]]:
    """Criterion scores by id, and the stated section and overall figures."""
    scores: dict[str, str] = {}
    stated: dict[str, Any] = {}
    section_names = {
        s.aggregate.name.casefold(): s.id for s in fw.sections if s.aggregate is not None
    }
    for block in blocks:
        cells = [c for c in block.cells if c] if block.kind == "row" else [plain(block.text)]
        label = plain(cells[0]) if cells else ""
        value = cells[-1] if len(cells) > 1 else None
        match = re.match(r"^([A-Z]\d{1,2})\s*[:.]?\s", label + " ")
        crit = fw.criterion(match.group(1)) if match else None
        if crit is not None and value and (score := parse_score(value, fw, crit)):
            scores[crit.id] = score
            continue
        score = parse_score(value, fw) if value else None
        if score and score.endswith("%"):
            number = _number(score)
            section = section_names.get(label.casefold())
            letter = re.search(r"\bsections?\s+([A-Z])\b", label, re.I)
            if "overall" in label.casefold():
                stated["overall"] = number
                continue
            if section or letter:
                stated.setdefault("sections", {})[section or letter.group(1).upper()] = number  # type: ignore[union-attr]
                continue
        if len(cells) == 1 and any(
            similarity(s.title, label.split(" ", 2)[-1]) > 0.6 for s in fw.sections
        ):
            continue  # a section's own heading row: the section parts carry the title
        sink.leftover([block], "scoring summary sheet")
    return scores, stated


def _number(percent: str) -> int | float:
    value = float(percent.rstrip("%"))
    return int(value) if value.is_integer() else value


# "the North East Region", "The North-East Region Probation Forum": a region by
# its capitalised name. "regional" and a lower-case "region" name none.
_REGION_NAMED = re.compile(r"\b((?:[A-Z][a-z]+[ -]){0,2}[A-Z][a-z]+)[ -]Region\b")


def region_named(text: str, sink: Sink) -> str | None:
    """The region a report's text names, if it names exactly one; else None, with a note."""
    found: dict[str, int] = {}
    for match in _REGION_NAMED.finditer(text):
        name = re.sub(r"[\s-]+", " ", match.group(1)).removeprefix("The ").strip()
        if name:
            found.setdefault(name, text.count("\n", 0, match.start()) + 1)
    if len(found) == 1:
        ((name, line),) = found.items()
        sink.notes.append(f"region {name!r}: named in the text (line {line})")
        return name
    if found:
        sink.notes.append(f"region: the text names several ({', '.join(found)}); none recorded")
    return None
