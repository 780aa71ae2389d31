"""Stage 2, validate: loaded trees become typed models, or a full list of problems.

Every problem in every file is collected before anything fails, and each names
``file:line:col``, the key path, and what was expected against what arrived.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.framework import Criterion, Framework
from generator.load import Document, Loc, Problem, dotted, load_file
from generator.report import CriterionResult, Part, Report

M = TypeVar("M", bound=BaseModel)


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that holds the last key of ``loc``, for 'did you mean'."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Strip Optional, list and dict down to the model class inside, if any."""
    while True:
        origin = typing.get_origin(annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if origin in (typing.Union, types.UnionType):
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if models else args[0]
        elif origin in (list, dict):
            annotation = args[-1]
        elif origin is typing.Annotated:
            annotation = args[0]
        else:
            return annotation


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


_EXPECTED = {
    "string_type": "text",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "string_pattern_mismatch": "lower-case words joined by hyphens",
}


def _message(error: Any, model: type[BaseModel]) -> tuple[str, bool]:
    """The message for one pydantic error, and whether it points at a key."""
    kind = error["type"]
    loc: Loc = tuple(error["loc"])
    if kind == "extra_forbidden":
        key = str(loc[-1])
        holder = _model_at(model, loc)
        allowed = sorted(holder.model_fields) if holder else []
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}?" if close else f"expected one of {', '.join(allowed)}"
        return f"unknown key {key!r} ({hint})", True
    if kind == "missing":
        return f"missing required key {loc[-1]!r}", False
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"expected one of {expected}, got {_describe(error.get('input'))}", False
    if kind in ("value_error", "assertion_error"):
        return str(error["msg"]).removeprefix("Value error, "), False
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        ctx = error.get("ctx", {})
        bound = next(iter(ctx.values()), "")
        word = {"greater_than_equal": "at least", "less_than_equal": "at most"}.get(kind, kind)
        return f"expected a number {word} {bound}, got {_describe(error.get('input'))}", False
    expected = _EXPECTED.get(kind)
    if expected:
        return f"expected {expected}, got {_describe(error.get('input'))}", False
    return f"{error['msg']} (got {_describe(error.get('input'))})", False


def to_model(doc: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate a loaded document against a model, locating every error."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as err:
        problems = []
        for error in err.errors(include_url=False):
            loc: Loc = tuple(error["loc"])
            message, at_key = _message(error, model)
            problems.append(doc.problem(loc, message, key=at_key))
        return None, problems


def _resolve(fw: Framework, frameworks: dict[str, Framework]) -> Framework:
    """Give a follow-up or theme what it shares with its base methodology."""
    base = frameworks.get(fw.base or "")
    if base is None:
        return fw
    return fw.model_copy(
        update={
            "scales": {**base.scales, **fw.scales},
            "weights": fw.weights or base.weights,
            "weight_labels": fw.weight_labels or base.weight_labels,
            "banding": fw.banding or base.banding,
            "sections": fw.sections or base.sections,
            "report_type_title": fw.report_type_title or base.report_type_title,
        }
    )


@dataclass
class Archive:
    """Everything loaded from ``data/``: frameworks, reports, and where each came from."""

    frameworks: dict[str, Framework] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def yaml_files(root: Path) -> list[Path]:
    """Every YAML file below ``root`` in a stable order."""
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def load_frameworks(root: Path, archive: Archive) -> None:
    """Load and resolve every framework file below ``root`` into ``archive``."""
    raw: dict[str, Framework] = {}
    for path in yaml_files(root):
        doc, problems = load_file(path, _shown(path))
        archive.problems += problems
        if doc is None or problems:
            continue
        fw, problems = to_model(doc, Framework)
        archive.problems += problems
        if fw is None:
            continue
        if fw.id in raw:
            archive.problems.append(doc.problem(("id",), f"framework id {fw.id!r} is used twice"))
            continue
        raw[fw.id] = fw
        archive.documents[f"framework:{fw.id}"] = doc
    for fw_id, fw in raw.items():
        if fw.base and fw.base not in raw:
            doc = archive.documents[f"framework:{fw_id}"]
            archive.problems.append(
                doc.problem(
                    ("base",),
                    f"unknown base framework (expected one of {', '.join(sorted(raw))}, got {fw.base!r})",
                )
            )
        archive.frameworks[fw_id] = _resolve(fw, raw)


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_reports(paths: Iterable[Path], archive: Archive) -> None:
    """Load and check every report file into ``archive``."""
    for path in paths:
        doc, problems = load_file(path, _shown(path))
        archive.problems += problems
        if doc is None or (problems and not isinstance(doc.data, dict)):
            continue
        report, schema_problems = to_model(doc, Report)
        archive.problems += schema_problems
        if report is None:
            # Cross-checks need a typed report; check the framework name at least.
            continue
        if problems:
            continue
        if report.slug in archive.reports:
            archive.problems.append(
                doc.problem(
                    ("slug",),
                    f"slug {report.slug!r} is used twice (expected a unique slug, "
                    f"also in {archive.paths[report.slug]})",
                )
            )
            continue
        archive.problems += check_report(report, doc, archive.frameworks)
        archive.reports[report.slug] = report
        archive.documents[report.slug] = doc
        archive.paths[report.slug] = Path(doc.file)
    for slug, report in archive.reports.items():
        target = report.meta.follow_up_of
        if target and target not in archive.reports:
            archive.problems.append(
                archive.documents[slug].problem(
                    ("meta", "follow_up_of"),
                    f"unknown report (expected the slug of a report in the archive, got {target!r})",
                )
            )


def _criteria(parts: list[Part], loc: Loc) -> Iterator[tuple[CriterionResult, Loc, Part]]:
    for i, part in enumerate(parts):
        for j, crit in enumerate(part.criteria):
            yield crit, (*loc, i, "criteria", j), part
        yield from _criteria(part.parts, (*loc, i, "parts"))


def check_score(fw: Framework, crit: Criterion, score: float | str) -> str | None:
    """Why a published score does not fit the criterion's scale, or None if it fits."""
    scale = fw.scale_of(crit)
    if scale is None:
        return f"criterion {crit.id} is not scored (expected no score, got {score!r})"
    if scale.kind == "percent":
        if isinstance(score, str) or not 0 <= score <= 100:
            return f"expected a percentage from 0 to 100, got {score!r}"
        return None
    labels = [level.label for level in scale.levels]
    if isinstance(score, str) and score.strip().casefold() in {lab.casefold() for lab in labels}:
        return None
    return f"expected one of {', '.join(repr(lab) for lab in labels)}, got {score!r}"


def _check_criteria(fw: Framework, parts: list[Part], loc: Loc, doc: Document) -> Iterator[Problem]:
    for i, part in enumerate(parts):
        if part.section is not None and fw.section(part.section) is None:
            known = ", ".join(s.id for s in fw.sections)
            yield doc.problem(
                (*loc, i, "section"),
                f"unknown section for framework {fw.id!r} (expected one of {known}, got {part.section!r})",
            )
    for result, at, _ in _criteria(parts, loc):
        crit = fw.criterion(result.id)
        if crit is None:
            known = ", ".join(c.id for s in fw.sections for c in s.criteria)
            yield doc.problem(
                (*at, "id"),
                f"unknown criterion for framework {fw.id!r} (expected one of {known}, got {result.id!r})",
            )
            continue
        for name in ("score", "previous_score"):
            value = getattr(result, name)
            if value is not None and (why := check_score(fw, crit, value)):
                yield doc.problem((*at, name), why)


def check_report(report: Report, doc: Document, frameworks: dict[str, Framework]) -> list[Problem]:
    """Check a typed report against its framework: ids, scales and references."""
    fw = frameworks.get(report.framework)
    usable = sorted(k for k, f in frameworks.items() if f.kind != "theme")
    if fw is None or fw.kind == "theme":
        return [
            doc.problem(
                ("framework",),
                f"unknown framework (expected one of {', '.join(usable)}, got {report.framework!r})",
            )
        ]
    problems = list(_check_criteria(fw, report.parts, ("parts",), doc))
    for section_id in report.stated.sections:
        if fw.section(section_id) is None:
            problems.append(
                doc.problem(("stated", "sections", section_id), f"unknown section {section_id!r}")
            )
    if report.stated.overall_rating and fw.overall and fw.overall.banding:
        scale = fw.scales.get(fw.overall.banding.scale)
        labels = [lvl.label for lvl in scale.levels] if scale else []
        if report.stated.overall_rating.casefold() not in {lab.casefold() for lab in labels}:
            problems.append(
                doc.problem(
                    ("stated", "overall_rating"),
                    f"expected one of {', '.join(map(repr, labels))}, "
                    f"got {report.stated.overall_rating!r}",
                )
            )
    if report.thematic is not None:
        theme = frameworks.get(report.thematic.theme)
        themes = sorted(k for k, f in frameworks.items() if f.kind == "theme")
        if theme is None or theme.kind != "theme":
            problems.append(
                doc.problem(
                    ("thematic", "theme"),
                    f"unknown theme (expected one of {', '.join(themes)}, got {report.thematic.theme!r})",
                )
            )
        else:
            problems += _check_criteria(theme, report.thematic.parts, ("thematic", "parts"), doc)
    problems += _check_anchors(report, doc)
    return problems


def _check_anchors(report: Report, doc: Document) -> Iterator[Problem]:
    seen: dict[str, Loc] = {}

    def walk(parts: list[Part], loc: Loc) -> Iterator[Problem]:
        for i, part in enumerate(parts):
            here = (*loc, i, "id")
            if part.id in seen:
                yield doc.problem(
                    here,
                    f"anchor {part.id!r} is used twice (expected a unique id, "
                    f"first at {dotted(seen[part.id])})",
                )
            seen.setdefault(part.id, here)
            yield from walk(part.parts, (*loc, i, "parts"))

    yield from walk(report.parts, ("parts",))
    if report.thematic:
        yield from walk(report.thematic.parts, ("thematic", "parts"))


def load_archive(data_dir: Path, report_paths: Iterable[Path] | None = None) -> Archive:
    """Load frameworks and reports from a data folder, collecting every problem."""
    archive = Archive()
    load_frameworks(data_dir / "frameworks", archive)
    paths = yaml_files(data_dir / "reports") if report_paths is None else list(report_paths)
    load_reports(paths, archive)
    archive.problems.sort()
    return archive
