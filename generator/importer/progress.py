"""Link a report's judgements of earlier recommendations to the recommendations' ids.

Two forms are recognised, each described by the report's framework
(``progress`` in ``data/frameworks/``), not here:

- a part per judged recommendation, with a table row labelled as the
  framework's categorisation (the PDU methodology's Annexe one), and a line
  citing the earlier inspection (``cited_as``);
- recommendations quoted as a list after a sentence (``quoted_after``), as an
  ESI follow-up quotes its original's.

Each quoted recommendation is matched by text similarity against the
recommendations of the reports in the archive for the same area (the
original first, for a follow-up). A match above :data:`THRESHOLD` records its
id; anything else is kept as a citation. Every decision, with its score, is
listed in the import report for the reviewer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import yaml

from generator.importer.draft import ImportDraft
from generator.model.framework import Framework, Progress
from generator.model.recommendations import made
from generator.model.report import Report
from generator.model.urls import area_slug

THRESHOLD = 0.8
"""The least similarity (0–1, of the words in order) at which a quote is taken to be a
recommendation; below it the quote is kept as a citation."""

_WORD = re.compile(r"[a-z0-9]+")
_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s+(.*\S)\s*$")


def words(text: str) -> str:
    """Text as lower-case words, for comparing quotes with their originals."""
    return " ".join(_WORD.findall(text.casefold()))


def _strings(node: Any) -> Iterator[str]:
    """Every string of a part, not of its sub-parts."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key != "parts":
                yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _rows(node: Any) -> Iterator[list[str]]:
    """Every table row of a part, not of its sub-parts, as plain cells."""
    if isinstance(node, dict):
        if isinstance(node.get("rows"), list):
            for row in node["rows"]:
                if isinstance(row, list):
                    yield [str(cell).strip().strip("*").strip() for cell in row]
        for key, value in node.items():
            if key != "parts":
                yield from _rows(value)
    elif isinstance(node, list):
        for value in node:
            yield from _rows(value)


def _parts(node: Any) -> Iterator[dict[str, Any]]:
    for part in node.get("parts", []) if isinstance(node, dict) else []:
        if isinstance(part, dict):
            yield part
            yield from _parts(part)


def _answer(rows: list[list[str]], label: str) -> str | None:
    return next((row[1] for row in rows if len(row) > 1 and row[0] == label), None)


def judged_parts(data: dict[str, Any], progress: Progress) -> Iterator[dict[str, Any]]:
    """A judgement for each part holding a categorisation row, in document order."""
    if progress.status is None:
        return
    cited = re.compile(progress.cited_as) if progress.cited_as else None
    for part in _parts(data):
        rows = list(_rows(part))
        status = _answer(rows, progress.status.label)
        if status is None:
            continue
        judgement: dict[str, Any] = {"text": str(part.get("title") or ""), "part": part.get("id")}
        match = next((m for s in _strings(part) if cited and (m := cited.search(s))), None)
        if match:
            found = match.groupdict()
            judgement["citation"] = {k: found[k] for k in ("body", "date") if found.get(k)}
        judgement["status"] = status
        if (
            progress.still_required
            and (answer := _answer(rows, progress.still_required.label)) is not None
        ):
            judgement["still_required"] = answer
        yield judgement


def quoted(data: dict[str, Any], progress: Progress) -> Iterator[dict[str, Any]]:
    """A judgement for each recommendation quoted as a list after ``quoted_after``."""
    if not progress.quoted_after:
        return
    after = re.compile(progress.quoted_after, re.IGNORECASE)
    for text in _strings(
        {k: v for k, v in data.items() if k not in ("recommendations", "thematic")}
    ):
        match = after.search(text)
        if match is None:
            continue
        started = False
        for line in text[match.end() :].splitlines():
            item = _ITEM.match(line)
            if item:
                started = True
                yield {"text": item.group(1).strip("*_ ").strip()}
            elif started and line.strip():
                break


def _candidates(data: dict[str, Any], folder: Path) -> list[Report]:
    """The archive's reports of the same area published before, the original first."""
    meta = data.get("meta", {})
    original, area = meta.get("follow_up_of"), area_slug(str(meta.get("area", "")))
    found: list[Report] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        if path.stem == data.get("slug"):
            continue
        try:
            loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            report = Report.model_validate(loaded)
        except Exception:  # an unreadable neighbour is not this import's problem
            continue
        if report.slug == original or (
            area_slug(report.meta.area) == area and report.meta.year <= int(meta.get("year", 0))
        ):
            found.append(report)
    found.sort(key=lambda r: (r.slug != original, -r.meta.year, r.slug))
    return found


def _best(text: str, reports: list[Report]) -> tuple[str, float]:
    quote = words(text)
    best, score = "", 0.0
    for report in reports:
        for rec in made(report):
            ratio = SequenceMatcher(None, quote, words(rec.item.text), autojunk=False).ratio()
            if ratio > score:
                best, score = rec.id, ratio
    return best, score


def link_progress(draft: ImportDraft, frameworks: dict[str, Framework], folder: Path) -> None:
    """Record the draft's judgements of earlier recommendations, linked where the archive has them."""
    data = draft.data
    fw = frameworks.get(str(data.get("framework")))
    if fw is None or fw.progress is None:
        return
    found = [*judged_parts(data, fw.progress), *quoted(data, fw.progress)]
    if not found:
        return
    reports = _candidates(data, folder)
    meta = data.get("meta", {})
    for judgement in found:
        text = judgement["text"]
        short = text if len(text) <= 60 else text[:60].rsplit(" ", 1)[0] + "…"
        rec_id, score = _best(judgement["text"], reports)
        if score >= THRESHOLD:
            judgement.pop("citation", None)
            judgement["recommendation"] = rec_id
            draft.notes.append(
                f"recommendation {short!r} linked to {rec_id} (similarity {score:.2f})"
            )
            continue
        judgement.setdefault("citation", {"body": meta.get("area_name") or meta.get("area")})
        nearest = (
            f"; nearest {rec_id} at {score:.2f}"
            if rec_id
            else "; no report to match in the archive"
        )
        draft.notes.append(
            f"recommendation {short!r} kept as a citation (no match of {THRESHOLD:.2f} or more"
            f"{nearest}): check it"
        )
    data["progress"] = [
        {
            k: judgement[k]
            for k in ("recommendation", "citation", "text", "part", "status", "still_required")
            if judgement.get(k) is not None
        }
        for judgement in found
    ]
