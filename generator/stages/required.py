"""Completeness: a report carries every part its framework requires.

A file cut short still parses, since YAML ends cleanly after any whole line, so
half a report would validate unless something says what a whole one holds.
That is framework data, ``requires`` in ``data/frameworks/``: the keys every
report of the framework holds, and the sections it reports with all their
criteria. Here are only the two kinds of rule, checked on a report whose
structure is valid (a report whose keys are wrong cannot say which parts it has).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from pydantic import BaseModel

from generator.model.framework import Framework
from generator.model.problems import Document, Loc, Problem, unknown
from generator.model.report import Part, Report, Thematic

_CUT = "is the file cut short?"


def check_requirements(own: Framework, resolved: Framework, doc: Document) -> Iterator[Problem]:
    """Every name in a framework's ``requires`` must be a report key or one of its sections."""
    if own.requires is None:
        return
    theme = own.kind == "theme"
    model: type[BaseModel] = Thematic if theme else Report
    what = "thematic element key" if theme else "report key"
    for i, key in enumerate(own.requires.keys):
        if key not in model.model_fields:
            yield doc.problem(("requires", "keys", i), unknown(what, key, model.model_fields))
    sections = [s.id for s in resolved.sections]
    for i, section_id in enumerate(own.requires.sections):
        if section_id not in sections:
            yield doc.problem(("requires", "sections", i), unknown("section", section_id, sections))


def missing_parts(
    report: Report, frameworks: Mapping[str, Framework], doc: Document
) -> list[Problem]:
    """What the report's framework, and its theme's, require and the report does not carry."""
    problems: list[Problem] = []
    fw = frameworks.get(report.framework)
    if fw is not None:
        problems += _missing(fw, report, report.parts, (), doc)
    thematic = report.thematic
    if thematic is not None and (theme := frameworks.get(thematic.theme)) is not None:
        problems += _missing(theme, thematic, thematic.parts, ("thematic",), doc)
    return problems


def _missing(
    fw: Framework, holder: BaseModel, parts: Sequence[Part], loc: Loc, doc: Document
) -> Iterator[Problem]:
    required = fw.requires
    if required is None:
        return
    what = "thematic element" if loc else "report"
    for key in required.keys:
        if not getattr(holder, key, None):
            yield doc.problem(
                (*loc, key),
                f"missing part required by framework {fw.id!r} "
                f"(expected {key!r} in every {what}, got none; {_CUT})",
            )
    reported = _sections(parts, loc)
    absent = [s for s in required.sections if s not in reported]
    if absent:
        present = [s for s in required.sections if s in reported]
        found = f"parts for {', '.join(present)}" if present else "none"
        yield doc.problem(
            (*loc, "parts"),
            f"missing {'section' if len(absent) == 1 else 'sections'} {', '.join(absent)} "
            f"required by framework {fw.id!r} (expected a part for each of sections "
            f"{', '.join(required.sections)}, got {found}; {_CUT})",
        )
    for section_id in required.sections:
        section = fw.section(section_id)
        if section is None or section_id not in reported:
            continue
        wanted = [c.id for c in section.criteria]
        at, ids = reported[section_id]
        if any(c not in ids for c in wanted):
            got = ", ".join(c for c in wanted if c in ids) or "none"
            yield doc.problem(
                (*at, "criteria"),
                f"missing criteria required by framework {fw.id!r} (expected every criterion "
                f"of section {section_id}: {', '.join(wanted)}, got {got}; {_CUT})",
            )


def _sections(
    parts: Sequence[Part], loc: Loc, inherited: str | None = None
) -> dict[str, tuple[Loc, set[str]]]:
    """Each section reported, with the first part reporting it and every criterion id found."""
    found: dict[str, tuple[Loc, set[str]]] = {}
    for i, part in enumerate(parts):
        here = (*loc, "parts", i)
        section = part.section or inherited
        if section is not None:
            found.setdefault(section, (here, set()))[1].update(c.id for c in part.criteria)
        for sub, (at, ids) in _sections(part.parts, here, section).items():
            found.setdefault(sub, (at, set()))[1].update(ids)
    return found
