"""Stage 2, validate: loaded trees become typed models, or a full list of problems.

Every problem in every file is collected before anything fails, and each names
``file:line:col``, the key path, and what was expected against what arrived.
"""

from __future__ import annotations

import os
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.model.archive import Archive
from generator.model.framework import Criterion, Framework
from generator.model.layout import REGIONS_FILE
from generator.model.problems import Document, Loc, Problem, close_match, dotted
from generator.model.regions import Regions
from generator.model.report import Report, parse_score
from generator.stages.arithmetic import arithmetic_problems, missing_key_questions
from generator.stages.files import confined, shown
from generator.stages.files import yaml_files as yaml_files  # where the site and cli look for it
from generator.stages.frameworks import check_framework
from generator.stages.identity import area_clashes, broken_links, file_name_problem
from generator.stages.load import load_file
from generator.stages.progress import check_progress, unknown_recommendations
from generator.stages.regions import apply_regions
from generator.stages.release import EPOCH, Clock, build_time, published_problems, withhold
from generator.stages.required import missing_parts
from generator.stages.scaffold import covered, unfinished
from generator.stages.score import score_report

M = TypeVar("M", bound=BaseModel)


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that holds the last key of ``loc``, for 'did you mean'."""
    current = _node_at(model, loc[:-1])
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _node_at(model: type[BaseModel], path: Loc) -> Any:
    """The model class (or the members of a tagged union) at ``path``, or None."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if isinstance(current, list):  # the members of a tagged union: the tag picks one
            current = next((m for m in current if _tag(m) == part), None)
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current


def _tag(model: Any) -> Any:
    """The value of a tagged union member's ``type`` field, which names it in error paths."""
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return None
    info = model.model_fields.get("type")
    tags = typing.get_args(info.annotation) if info else ()
    return tags[0] if tags else None


def _unwrap(annotation: Any) -> Any:
    """Strip Optional, list and dict down to the model class inside, if any.

    A union of tagged models (blocks) stays a list of its members.
    """
    while True:
        origin = typing.get_origin(annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if origin in (typing.Union, types.UnionType):
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            if len(models) > 1 and all(_tag(m) is not None for m in models):
                return models
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
        close = close_match(key, allowed)
        hint = f"did you mean {close!r}?" if close else f"expected one of {', '.join(allowed)}"
        return f"unknown key {key!r} ({hint})", True
    if kind == "missing":
        return f"missing required key {loc[-1]!r}", False
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        members = _node_at(model, loc)
        tags = ", ".join(str(_tag(m)) for m in members) if isinstance(members, list) else ""
        if kind == "union_tag_not_found":
            return f"missing required key 'type' (expected one of {tags})", False
        got = _describe(error.get("ctx", {}).get("tag"))
        return f"expected one of {tags}, got {got}", False
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
            message, at_key = _message(error, model)
            loc = _in_file(doc.data, tuple(error["loc"]))
            if error["type"] == "union_tag_invalid":
                loc = (*loc, "type")
            problems.append(doc.problem(loc, message, key=at_key))
        return None, problems


def _in_file(data: Any, loc: Loc) -> Loc:
    """An error's path as the file spells it: without the tag pydantic adds inside a tagged union."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part not in node and node.get("type") == part:
            continue  # the tag of the block at this place
        out.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(out)


def resolve_base(fw: Framework, frameworks: dict[str, Framework]) -> Framework:
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


def load_frameworks(
    root: Path,
    archive: Archive,
    templates: Sequence[Path] | None = None,
    data_dir: Path | None = None,
) -> None:
    """Load, resolve and check every framework file below ``root`` into ``archive``.

    ``templates`` are the folders a report template is looked up in, first
    match winning; None leaves the report templates unchecked. Every file must
    resolve inside ``data_dir`` (by default the folder holding ``root``).
    """
    raw: dict[str, Framework] = {}
    paths, refused = confined(yaml_files(root), root.parent if data_dir is None else data_dir)
    archive.problems += refused
    for path in paths:
        doc, problems = load_file(path, shown(path))
        archive.problems += problems
        if doc is None or problems:
            continue
        fw, problems = to_model(doc, Framework)
        archive.problems += problems
        if fw is None:
            continue
        if fw.id in raw:
            first = archive.documents[f"framework:{fw.id}"].file
            archive.problems.append(
                doc.problem(
                    ("id",),
                    f"framework id {fw.id!r} is used twice (expected a unique id, also in {first})",
                )
            )
            continue
        raw[fw.id] = fw
        archive.documents[f"framework:{fw.id}"] = doc
    for fw_id, fw in raw.items():
        archive.frameworks[fw_id] = resolve_base(fw, raw)
    for fw_id, fw in raw.items():
        doc = archive.documents[f"framework:{fw_id}"]
        archive.problems += check_framework(fw, archive.frameworks[fw_id], doc, raw, templates)


def check_report_file(
    path: Path,
    frameworks: dict[str, Framework],
    *,
    arithmetic: bool = True,
    archived: bool = True,
) -> tuple[Document | None, Report | None, list[Problem]]:
    """Load and check one report file: its document, its model (None if unusable), its problems.

    Without ``arithmetic``, stated figures are not compared with computed ones
    (``reports score`` shows each difference itself). A file outside the archive's
    reports folder (a draft being written, ``reports new -o new.yaml``) need not be
    named by its slug yet: only an archived file's name is its page's address.
    """
    doc, problems = load_file(path, shown(path))
    if doc is None or doc.data is None:
        return doc, None, problems
    report, schema_problems = to_model(doc, Report)
    checked = check_report(doc, frameworks)
    if archived and (named := file_name_problem(doc, path)):
        checked.append(named)
    # A placeholder of `reports new` is one problem, "unfinished", not also a wrong value.
    placeholders = unfinished(doc)
    schema_problems = [p for p in schema_problems if not covered(p, placeholders)]
    checked = [*placeholders, *(p for p in checked if not covered(p, placeholders))]
    usable = report is not None and not problems and not schema_problems and not placeholders
    if usable and report is not None and not checked:
        checked += publication_problems(report, frameworks, doc, arithmetic=arithmetic)
    return doc, report if usable else None, [*problems, *schema_problems, *checked]


def publication_problems(
    report: Report, frameworks: dict[str, Framework], doc: Document, *, arithmetic: bool = True
) -> list[Problem]:
    """What keeps a structurally valid report from publication: missing parts, or arithmetic.

    Arithmetic is checked only on a complete report, since a figure computed
    from missing inputs is no figure.
    """
    problems = missing_parts(report, frameworks, doc)
    fw = frameworks.get(report.framework)
    if fw is None:
        return problems
    problems += missing_key_questions(report, fw, doc)
    if problems or not arithmetic:
        return problems
    try:
        card = score_report(report, frameworks)
    except LookupError:  # a framework naming no scoring rule: reported with the framework
        return problems
    return arithmetic_problems(report, card, doc)


ReportLoader = Callable[[Path], tuple[Document | None, Report | None, list[Problem]]]
"""Loads one report file as :func:`check_report_file` does; a cache may answer instead."""


def load_reports(
    paths: Iterable[Path],
    archive: Archive,
    known: Iterable[str] = (),
    loader: ReportLoader | None = None,
    folder: Path | None = None,
) -> None:
    """Load and check every report file into ``archive``.

    ``known`` names reports that exist but were not loaded (a single file is
    being checked), so that links to them are not reported as broken. Files
    outside ``folder``, the archive's reports folder, are drafts being checked.
    """
    unusable: list[str] = []
    inside = os.path.abspath(folder) if folder is not None else None
    for path in paths:
        if loader is None:
            archived = inside is None or os.path.abspath(path).startswith(inside + os.sep)
            doc, report, problems = check_report_file(path, archive.frameworks, archived=archived)
        else:
            doc, report, problems = loader(path)
        archive.problems += problems
        if report is None:
            unusable.append(path.stem)  # its problems say why; a link to it is not one more
            continue
        if report.slug in archive.reports:
            if doc is None:
                doc, _ = load_file(path, shown(path))
            archive.problems.append(
                (doc or Document(shown(path))).problem(
                    ("slug",),
                    f"slug {report.slug!r} is used twice (expected a unique slug, "
                    f"also in {archive.paths[report.slug]})",
                )
            )
            continue
        archive.reports[report.slug] = report
        if doc is not None:
            archive.documents[report.slug] = doc
        archive.paths[report.slug] = Path(doc.file if doc is not None else shown(path))
    archive.problems += broken_links(archive, [*known, *unusable])
    archive.problems += area_clashes(archive)
    archive.problems += unknown_recommendations(archive, [*known, *unusable])


def _items(node: Any, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """The mapping items of a list under ``key``, tolerating any malformed shape."""
    value = node.get(key) if isinstance(node, dict) else None
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


def _criteria(node: Any, loc: Loc) -> Iterator[tuple[dict[str, Any], Loc]]:
    for i, part in _items(node, "parts"):
        for j, crit in _items(part, "criteria"):
            yield crit, (*loc, "parts", i, "criteria", j)
        yield from _criteria(part, (*loc, "parts", i))


def check_score(fw: Framework, crit: Criterion, raw: object) -> str | None:
    """Why a published score does not fit the criterion's scale, or None if it fits."""
    try:
        score = parse_score(raw)
    except ValueError as err:
        return str(err)
    scale = fw.scale_of(crit)
    if scale is None:
        return f"criterion {crit.id} is not scored (expected no score, got {score!r})"
    if scale.kind == "percent":
        if isinstance(score, str) or not 0 <= score <= 100:
            return f"expected a percentage from 0 to 100, got {raw!r}"
        return None
    labels = [level.label for level in scale.levels]
    if isinstance(score, str) and score in labels:
        return None
    return label_problem(labels, raw)


def label_problem(labels: list[str], raw: object) -> str:
    """A rating word that is not, letter for letter, one of the scale's ``labels``."""
    near = next((lab for lab in labels if str(raw).strip().casefold() == lab.casefold()), None)
    hint = (
        f"; did you mean {near!r}? Rating words are written exactly as the framework spells them"
        if near
        else ""
    )
    return f"expected one of {', '.join(repr(lab) for lab in labels)}, got {raw!r}{hint}"


def _check_criteria(fw: Framework, node: Any, loc: Loc, doc: Document) -> Iterator[Problem]:
    for i, part in _items(node, "parts"):
        section = part.get("section")
        if section is not None and fw.section(str(section)) is None:
            known = ", ".join(s.id for s in fw.sections)
            yield doc.problem(
                (*loc, "parts", i, "section"),
                f"unknown section for framework {fw.id!r} (expected one of {known}, got {section!r})",
            )
    for raw, at in _criteria(node, loc):
        crit = fw.criterion(str(raw.get("id")))
        if crit is None:
            known = ", ".join(c.id for s in fw.sections for c in s.criteria)
            yield doc.problem(
                (*at, "id"),
                f"unknown criterion for framework {fw.id!r} (expected one of {known}, "
                f"got {raw.get('id')!r})",
            )
            continue
        for name in ("score", "previous_score"):
            value = raw.get(name)
            if value is not None and (why := check_score(fw, crit, value)):
                yield doc.problem((*at, name), why)


def _lookup(
    frameworks: dict[str, Framework],
    wanted: object,
    kinds: set[str],
    what: str,
    doc: Document,
    loc: Loc,
) -> tuple[Framework | None, list[Problem]]:
    fw = frameworks.get(str(wanted))
    if fw is not None and fw.kind in kinds:
        return fw, []
    usable = ", ".join(sorted(k for k, f in frameworks.items() if f.kind in kinds))
    return None, [doc.problem(loc, f"unknown {what} (expected one of {usable}, got {wanted!r})")]


def check_report(doc: Document, frameworks: dict[str, Framework]) -> list[Problem]:
    """Check a report against its framework: ids, scales and references.

    Works on the loaded tree rather than the typed model, so that these
    checks still run, and are reported together, when the schema check fails.
    """
    data = doc.data
    if not isinstance(data, dict) or "framework" not in data:
        return []
    fw, problems = _lookup(
        frameworks,
        data["framework"],
        {"methodology", "follow-up"},
        "framework",
        doc,
        ("framework",),
    )
    if fw is None:
        return problems
    problems += _check_criteria(fw, data, (), doc)
    stated: dict[str, Any] = data["stated"] if isinstance(data.get("stated"), dict) else {}
    sections: dict[str, Any] = (
        stated["sections"] if isinstance(stated.get("sections"), dict) else {}
    )
    for section_id in sections:
        if fw.section(section_id) is None:
            known = ", ".join(s.id for s in fw.sections if s.aggregate)
            problems.append(
                doc.problem(
                    ("stated", "sections", section_id),
                    f"unknown section (expected one of {known}, got {section_id!r})",
                    key=True,
                )
            )
    rating = stated.get("overall_rating")
    if rating is not None and fw.overall and fw.overall.banding:
        scale = fw.scales.get(fw.overall.banding.scale)
        labels = [lvl.label for lvl in scale.levels] if scale else []
        if rating not in labels:
            problems.append(
                doc.problem(("stated", "overall_rating"), label_problem(labels, rating))
            )
    thematic = data.get("thematic")
    if isinstance(thematic, dict) and "theme" in thematic:
        theme, found = _lookup(
            frameworks, thematic["theme"], {"theme"}, "theme", doc, ("thematic", "theme")
        )
        problems += found
        if theme is not None:
            problems += _check_criteria(theme, thematic, ("thematic",), doc)
    problems += _check_anchors(data, doc)
    problems += check_progress(fw, data, doc)
    return problems


def _check_anchors(data: dict[str, Any], doc: Document) -> Iterator[Problem]:
    seen: dict[str, Loc] = {}

    def walk(node: Any, loc: Loc) -> Iterator[Problem]:
        for i, part in _items(node, "parts"):
            here = (*loc, "parts", i, "id")
            anchor = part.get("id")
            if not isinstance(anchor, str):
                continue
            if anchor in seen:
                yield doc.problem(
                    here,
                    f"anchor {anchor!r} is used twice (expected a unique id, "
                    f"first at {dotted(seen[anchor])})",
                )
            seen.setdefault(anchor, here)
            yield from walk(part, (*loc, "parts", i))

    yield from walk(data, ())
    yield from walk(data.get("thematic"), ("thematic",))


def load_archive(
    data_dir: Path,
    report_paths: Iterable[Path] | None = None,
    loader: Callable[[Archive], ReportLoader] | None = None,
    templates: Sequence[Path] | None = None,
    preview: bool | None = None,
    listed: Sequence[Path] | None = None,
) -> Archive:
    """Load frameworks and reports from a data folder, collecting every problem.

    ``templates`` are the folders report templates are looked up in (overrides
    first); given, each methodology's report template must be there. With
    ``preview`` given, drafts and embargoed reports are withheld as of the
    build's moment (:mod:`generator.stages.release`): taken out of a build
    (False), kept and marked in a preview (True); None checks them all alike.
    ``listed`` are the reports folder's files, if the caller just listed them.
    """
    archive = Archive()
    if not (data_dir / "frameworks").is_dir():
        # Without frameworks nothing can be checked; say so rather than report "ok".
        archive.problems.append(
            Problem(
                shown(data_dir),
                1,
                1,
                "",
                "expected a data folder holding frameworks/ "
                "(and reports/), found no frameworks/ folder",
            )
        )
        return archive
    load_frameworks(data_dir / "frameworks", archive, templates, data_dir)
    everything = list(listed) if listed is not None else []
    if listed is None and (data_dir / "reports").exists():
        everything = yaml_files(data_dir / "reports")
    paths, refused = confined(everything if report_paths is None else report_paths, data_dir)
    archive.problems += refused
    # A report's file name is its slug (checked when it is loaded): the names of
    # the files not loaded say which reports exist without loading them.
    loaded = {os.path.abspath(p) for p in paths}
    known = [p.stem for p in everything if os.path.abspath(p) not in loaded]
    load = loader(archive) if loader is not None else None
    load_reports(paths, archive, known=known, loader=load, folder=data_dir / "reports")
    apply_regions(archive, load_regions(data_dir, archive))
    if preview is not None:
        try:
            withhold(archive, Clock(build_time(), preview))
        except ValueError as err:
            archive.problems.append(Problem(EPOCH, 1, 1, "", str(err)))
    if preview is False:
        archive.problems = published_problems(archive.problems)
    archive.problems.sort()
    return archive


def load_regions(data_dir: Path, archive: Archive) -> Regions:
    """The data folder's area→region table (``regions.yaml``); an empty one if it has none.

    Its problems join the archive's, located in the file like any other's.
    """
    found, refused = confined([data_dir / REGIONS_FILE], data_dir)
    archive.problems += refused
    path = found[0] if found else None
    if path is None or not path.is_file():
        return Regions()
    doc, problems = load_file(path, shown(path))
    archive.problems += problems
    if doc is None or problems:
        return Regions()
    table, problems = to_model(doc, Regions)
    archive.problems += problems
    return table or Regions()
