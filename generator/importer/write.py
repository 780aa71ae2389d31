"""Write an import: the YAML (atomically, never over a file without --force), its sidecar, its checks."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.importer.draft import ImportDraft
from generator.model.framework import Framework
from generator.model.problems import Problem
from generator.model.report import Report
from generator.stages.load import MAX_BYTES, parse_text, too_large
from generator.stages.required import missing_parts
from generator.stages.score import Scorecard, score_report
from generator.stages.validate import check_report, to_model

try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

SIDECAR_SUFFIX = ".import.txt"


class _Literal(_Dumper):
    """Multi-line text as literal blocks, so the YAML reads like the report."""


def _str(dumper: _Literal, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Literal.add_representer(str, _str)


def dump(data: dict[str, Any]) -> str:
    """The report as YAML text, keys in schema order."""
    return yaml.dump(
        data, Dumper=_Literal, sort_keys=False, allow_unicode=True, width=100, indent=2
    )


def sidecar_path(path: Path) -> Path:
    """Where the list of unplaced text goes: beside the YAML, never with a .yaml suffix."""
    return path.with_name(path.name.rsplit(".", 1)[0] + SIDECAR_SUFFIX)


def sidecar_text(draft: ImportDraft, source: str) -> str:
    """What the reviewer must look at: unplaced text, dropped debris and parser notes."""
    lines = [f"# Import report for {source}", ""]
    for title, items in (
        ("Unplaced text (not in the YAML)", draft.unplaced),
        ("Dropped on purpose (conversion debris)", draft.dropped),
        ("Notes", draft.notes),
    ):
        lines += [f"## {title}: {len(items)}", *(f"- {item}" for item in items), ""]
    return "\n".join(lines)


def _stage(path: Path, text: str) -> Path:
    """``text`` in a temporary file beside ``path``, ready to be renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        # mkstemp makes the file private (0600); a report is shared work, so it gets the
        # mode any new file would, or keeps the one it had when --force replaces it.
        os.chmod(tmp, _mode(path))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_together(files: list[tuple[Path, str]]) -> None:
    """Write every file or none: each is staged beside its place, then all are renamed in.

    If a rename fails, the files already renamed in are put back as they were
    (removed, or their earlier text restored), so a failure leaves nothing new behind.
    """
    staged: list[tuple[Path, Path]] = []
    done: list[tuple[Path, bytes | None]] = []
    try:
        for path, text in files:
            staged.append((path, _stage(path, text)))
        for path, tmp in staged:
            before = path.read_bytes() if path.is_file() else None
            os.replace(tmp, path)
            done.append((path, before))
    except BaseException:
        for _, tmp in staged:
            tmp.unlink(missing_ok=True)
        for path, before in reversed(done):
            if before is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(before)
        raise


def _mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


@dataclass
class Check:
    """The outcome of validating and scoring a dumped report."""

    problems: list[Problem] = field(default_factory=list)
    card: Scorecard | None = None


def check(text: str, name: str, frameworks: dict[str, Framework]) -> Check:
    """Validate YAML text exactly as ``reports validate`` would, then score it."""
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        return Check([too_large(name, size)])
    doc, problems = parse_text(text, name)
    if problems:
        return Check(problems)
    report, problems = to_model(doc, Report)
    if report is not None and not problems:
        problems += check_report(doc, frameworks) + missing_parts(report, frameworks, doc)
    else:
        problems += check_report(doc, frameworks)
    if report is None or problems:
        return Check(problems)
    return Check(problems, score_report(report, frameworks))
