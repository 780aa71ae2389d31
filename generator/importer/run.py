"""One source file through the whole import: read, parse, dump, check, write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.importer import ReportImportError, parse_report
from generator.importer.draft import ImportDraft
from generator.importer.progress import link_progress
from generator.importer.theme_draft import check_draft, draft_path, draft_text
from generator.importer.write import Check, check, dump, sidecar_path, sidecar_text, write_together
from generator.model.framework import Framework
from generator.stages.load import load_file

MAX_BYTES = 20_000_000


@dataclass
class Outcome:
    """What happened to one source: where it went, and what the reviewer should see."""

    source: Path
    target: Path | None = None
    draft: ImportDraft | None = None
    result: Check = field(default_factory=Check)
    error: str | None = None


def read_source(path: Path) -> str:
    """The source's text; unreadable, binary or non-UTF-8 files raise ReportImportError."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ReportImportError(
                f"file too large (expected a text export under {MAX_BYTES} bytes)"
            )
        raw = path.read_bytes()
    except OSError as err:
        raise ReportImportError(f"cannot read file ({err.strerror or err})") from None
    if b"\x00" in raw:
        raise ReportImportError("binary data (expected a UTF-8 text export of a report)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ReportImportError(
            f"not UTF-8 text at line {line} (expected a UTF-8 text export of a report)"
        ) from None


def import_source(
    source: Path,
    frameworks: dict[str, Framework],
    reports_dir: Path,
    out: Path | None = None,
    force: bool = False,
) -> Outcome:
    """Import one source; nothing is written unless the result validates."""
    outcome = Outcome(source)
    try:
        draft = parse_report(read_source(source), frameworks)
    except ReportImportError as err:
        outcome.error = f"{source}: {err}"
        return outcome
    except Exception as err:  # a parser bug must still end in one line, not a traceback
        outcome.error = (
            f"{source}: the importer failed ({type(err).__name__}: {err}); "
            "please report this with the source file"
        )
        return outcome
    outcome.draft = draft
    target = out or reports_dir / f"{draft.data['slug']}.yaml"
    outcome.target = target
    _drop_unknown_original(draft, target.parent)
    link_progress(draft, frameworks, target.parent)
    theme = _theme_file(draft, source, target, reports_dir)
    for path in (target, sidecar_path(target), *(path for path, _ in theme)):
        if path.exists() and not force:
            outcome.error = f"{path}: already exists (use --force to overwrite it)"
            return outcome
    _keep_hand_notes(draft, target)
    text = dump(draft.data)
    known = frameworks
    for path, theme_text in theme:
        resolved, problems = check_draft(theme_text, str(path), frameworks)
        if resolved is None or problems:
            outcome.result = Check(problems)
            outcome.error = f"{source}: the drafted theme does not validate; nothing written"
            return outcome
        known = {**frameworks, resolved.id: resolved}
    outcome.result = check(text, str(target), known)
    if short := ends_early(draft):
        outcome.error = f"{source}: {short}; nothing written"
        return outcome
    if outcome.result.problems:
        outcome.error = f"{source}: the imported report does not validate; nothing written"
        return outcome
    try:
        # Both or neither; the sidecar first, so no report is ever seen without its list.
        sidecar = (sidecar_path(target), sidecar_text(draft, str(source)))
        write_together([sidecar, *theme, (target, text)])
    except OSError as err:
        outcome.error = f"{target}: cannot write ({err.strerror or err}); nothing written"
    return outcome


def _theme_file(
    draft: ImportDraft, source: Path, target: Path, reports_dir: Path
) -> list[tuple[Path, str]]:
    """The theme drafted with the report, as its file beside it; the note says where it goes."""
    if draft.theme is None:
        return []
    path = draft_path(target)
    destination = reports_dir.parent / "frameworks" / "themes" / f"{draft.theme.id}.yaml"
    draft.notes.append(
        f"drafted theme {draft.theme.id!r} written to {path}: check it against the source, "
        f"then move it to {destination}; the report builds only once it is there"
    )
    return [(path, draft_text(draft.theme, str(source), destination))]


def _keep_hand_notes(draft: ImportDraft, target: Path) -> None:
    """Carry the editorial notes of the file a forced import replaces into the new one.

    The notes record corrections made by hand after an import; re-importing must
    not lose that record, and the reviewer is told to redo what they describe.
    """
    if not target.is_file():
        return
    doc, problems = load_file(target)
    notes = doc.data.get("notes") if doc is not None and isinstance(doc.data, dict) else None
    if problems or not isinstance(notes, list) or not notes:
        return
    draft.data["notes"] = [str(note) for note in notes]
    draft.notes.append(
        f"kept {len(notes)} editorial note(s) from the replaced {target.name}; "
        "check that the hand corrections they describe are still made"
    )


def _drop_unknown_original(draft: ImportDraft, folder: Path) -> None:
    """Link a follow-up to its original only when that report is in the archive."""
    meta = draft.data.get("meta", {})
    original = meta.get("follow_up_of")
    if original and not (folder / f"{original}.yaml").exists():
        del meta["follow_up_of"]
        draft.notes.append(
            f"follow-up of {original!r}, which is not in {folder}: import it and set meta.follow_up_of"
        )


def ends_early(draft: ImportDraft) -> str | None:
    """Why the source looks cut short: the last chapter its contents list is not in the draft.

    A chapter is in the draft when its contents line points at a part, or names
    a part, the thematic element or the role chapter. A draft without a printed
    contents list is left to its framework's requirements.
    """
    listed = [e for e in draft.data.get("contents", []) if e.get("page")]
    if not listed or listed[-1].get("target"):
        return None
    last = listed[-1]
    title = str(last["title"]).casefold()
    if any(title in found or found in title for found in _titles(draft.data)):
        return None
    return (
        f"the text ends before {last['title']!r} (page {last['page']}), the last chapter its "
        "contents list (expected every listed chapter, got none by that title; is the file "
        "truncated?)"
    )


def _titles(data: dict[str, Any]) -> list[str]:
    """The titles of every part, the thematic element and the role chapter, case-folded."""
    found: list[str] = []

    def parts(items: Any) -> None:
        for part in items if isinstance(items, list) else []:
            if isinstance(part, dict):
                found.append(str(part.get("title") or ""))
                parts(part.get("parts"))

    parts(data.get("parts"))
    for key in ("thematic", "role"):
        if isinstance(data.get(key), dict):
            found.append(str(data[key].get("title") or ""))
    return [title.casefold() for title in found if title]
