"""Synthetic reports for section-scored methodologies (ESI-style) and their follow-ups.

The structure follows the published ESI reports: fixed chapters, one part per
framework section with every criterion's findings, a thematic element, an
annexe of case-sample tables and the inspectorate's role. Section and overall
figures are left out here; :func:`inspection_tools.synth.reconcile` states them from
the scoring engine.
"""

from __future__ import annotations

from typing import Any

from generator.model.dates import publication_fields
from generator.model.framework import Framework, Section
from inspection_tools.synth_parts import (
    Plan,
    Writer,
    contents,
    draw_score,
    pad,
    text_size,
    weights_table,
)
from inspection_tools.synth_text import slugify

BOARD = "The Probation Board should ensure that:"
ORDER_TYPES = ("Community rehabilitation order", "Community punishment order",
               "Community punishment and rehabilitation order", "Drug treatment and testing order",
               "Licence")  # fmt: skip
ETHNICITY = ("White", "Black or Black British", "Asian or Asian British", "Mixed", "Other")
RISK_LEVELS = ("Low", "Medium", "High", "Very high")


def _meta(fw: Framework, plan: Plan, area_name: str, w: Writer) -> dict[str, Any]:
    return {
        "title": f"{fw.report_type_title or fw.title}: {area_name}",
        "area": plan.area,
        "area_name": area_name,
        "region": plan.region,
        "year": plan.year,
        **publication_fields(w.month(plan.year)),
        "fieldwork": f"{w.month(plan.year - 1)} to {w.month(plan.year - 1)}",
        "isbn": f"1 99999 {w.rng.randint(100, 999)} {w.rng.randint(0, 9)}",
        "publisher": "HM Inspectorate of Probation",
    }


def section_part(
    fw: Framework, section: Section, w: Writer, quality: float, anchor: str, findings: int
) -> dict[str, Any]:
    """A framework section with every criterion scored and its findings.

    Practice examples come with the main sections only, as in the published reports.
    """
    examples = fw.kind != "theme"
    criteria = [
        w.criterion(crit, draw_score(fw, crit, w.rng, quality), findings, findings, examples)
        for crit in section.criteria
    ]
    return {
        "id": anchor,
        "title": section.title,
        "kind": "section",
        "section": section.id,
        "text": w.text(2, 4),
        "criteria": criteria,
    }


def _performance_table(w: Writer, area: str) -> dict[str, Any]:
    rows = []
    for _ in range(w.rng.randint(9, 13)):
        target = w.rng.choice((85, 90, 100))
        rows.append([
            w.model.phrase(w.rng, area, w.rng.randint(6, 11)),
            f"{target}%",
            f"{w.rng.randint(40, 130)}%",
            f"{w.rng.randint(60, 110)}%",
        ])  # fmt: skip
    return {"id": "performance-against-targets", "caption": "Performance against targets",
            "columns": ["Measure", "Target", area, "England & Wales average"], "rows": rows,
            "footnotes": [w.text(1, 1)]}  # fmt: skip


def _theme_part(theme: Framework, plan: Plan, w: Writer) -> dict[str, Any]:
    parts = [
        section_part(theme, s, w, plan.quality, f"thematic-section-{slugify(s.id)}", 0)
        for s in theme.sections
    ]
    return {
        "theme": theme.id,
        "title": theme.title,
        "subtitle": f"Summary of the provisional findings for {plan.area}",
        "introduction": w.paragraphs(1, 2),
        "ratings_text": w.text(1, 2),
        "ratings": [{"name": r.name, "section": r.section} for r in theme.ratings],
        "overall_assessment": w.paragraphs(1, 2),
        "recommendations": w.recommendations([BOARD], 1, 3),
        "parts": parts,
    }


def _common(fw: Framework, plan: Plan, w: Writer, area_name: str) -> dict[str, Any]:
    return {
        "slug": plan.slug,
        "framework": fw.id,
        "meta": _meta(fw, plan, area_name, w),
        "foreword": w.foreword(plan.year),
        "acknowledgements": w.acknowledgements(),
        "contents": [],
        "glossary": w.glossary(25, 40),
    }


def _role(w: Writer) -> dict[str, Any]:
    return {"id": "role-of-hmi-probation", "title": "The role of HMI Probation",
            "text": w.paragraphs(2, 3), "after": w.bullets(3, 5)}  # fmt: skip


def full_report(
    fw: Framework, theme: Framework | None, plan: Plan, w: Writer, target: int
) -> dict[str, Any]:
    """An ESI-style report of about ``target`` bytes of text."""
    area_name = f"{plan.area} Probation Area"
    sections = [
        section_part(fw, s, w, plan.quality, f"section-{slugify(s.id)}", 1) for s in fw.sections
    ]
    annexe = {"id": "annexe-case-sample", "title": "Annexe: the case sample", "kind": "annexe",
              "text": w.text(2, 3), "tables": [
                  w.count_table("Cases by type of order or licence", "sample-orders",
                                list(ORDER_TYPES), 100),
                  w.count_table("Cases by ethnicity", "sample-ethnicity", list(ETHNICITY), 100),
                  w.count_table("Cases by risk of harm", "sample-risk", list(RISK_LEVELS), 100)]}  # fmt: skip
    parts: list[dict[str, Any]] = [
        {"id": "inspection-arrangements", "title": "Inspection arrangements",
         "text": w.bullets(6, 9)},
        {"id": "scoring-approach", "title": "Scoring approach", "text": w.paragraphs(2, 3),
         "tables": [weights_table(fw, "criteria-weights")]},
        {"id": "overview-of-the-area", "title": "Overview of the area", "text": w.bullets(5, 8),
         "tables": [_performance_table(w, plan.area)]},
        *sections,
        annexe,
    ]  # fmt: skip
    report = _common(fw, plan, w, area_name)
    report |= {
        "summary": w.paragraphs(1, 1),
        "key_findings": [
            {"heading": s.title, "section": s.id, "text": w.text(6, 9)} for s in fw.sections
        ],
        "recommendations": w.recommendations([BOARD], 7, 12),
        "next_steps": w.items(4, 6, (2, 4)),
        "stated": {},
        "parts": parts,
    }
    if theme is not None:
        report["thematic"] = _theme_part(theme, plan, w)
    report["role"] = _role(w)
    report["contents"] = contents(parts)
    criteria = [c for p in sections for c in p["criteria"]]
    pad(w, criteria, target, text_size(report))
    return report


def _scores(report: dict[str, Any]) -> dict[str, str]:
    return {
        c["id"]: c["score"]
        for p in report["parts"]
        for c in p.get("criteria", [])
        if c.get("score") is not None
    }


def follow_up(fu: Framework, original: dict[str, Any], plan: Plan, w: Writer) -> dict[str, Any]:
    """A follow-up of ``original``: its rescored sections, before and after."""
    before = _scores(original)
    rescored = [s for s in fu.sections if s.aggregate and (not fu.rescored or s.id in fu.rescored)]
    sections = []
    for s in rescored:
        part = section_part(fu, s, w, plan.quality, f"section-{slugify(s.id)}", 3)
        for crit in part["criteria"]:
            if crit["id"] in before:
                crit["previous_score"] = before[crit["id"]]
        sections.append(part)
    rows = [
        [c["id"], c.get("previous_score", ""), c.get("score", "")]
        for p in sections
        for c in p["criteria"]
    ]
    comparison = {"id": "comparison", "caption": "Original and follow-up scores",
                  "columns": ["Criterion", "Original inspection", "Follow-up"], "rows": rows}  # fmt: skip
    parts: list[dict[str, Any]] = [
        {"id": "inspection-arrangements", "title": "Inspection arrangements",
         "text": w.bullets(4, 6)},
        *sections,
        {"id": "annexe-comparison", "title": "Annexe: scores compared", "kind": "annexe",
         "tables": [comparison]},
    ]  # fmt: skip
    report = _common(fu, plan, w, original["meta"]["area_name"])
    report["meta"]["follow_up_of"] = original["slug"]
    report |= {
        "reasons": w.paragraphs(1, 2),
        "summary": w.paragraphs(1, 2),
        "key_findings": [
            {"heading": s.title, "section": s.id, "text": w.text(4, 7)} for s in rescored
        ],
        "recommendations": w.recommendations([BOARD], 3, 6),
        "next_steps": w.items(2, 4, (2, 3)),
        "parts": parts,
        "role": _role(w),
    }
    report["contents"] = contents(parts)
    return report
