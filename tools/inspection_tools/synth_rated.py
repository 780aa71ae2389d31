"""Synthetic reports for rated methodologies (PDU-style): standards, key questions, points.

Standards rated from key questions get their percentages here and their
rating from the scoring engine (:func:`inspection_tools.synth.reconcile`), as do the
points total and overall rating; standards rated by judgement get a rating
drawn for the area's quality, which decision rules may then cap.
"""

from __future__ import annotations

from typing import Any

from generator.model.dates import publication_fields
from generator.model.framework import Criterion, Framework
from inspection_tools.synth_parts import Plan, Writer, contents, draw_score, pad, text_size
from inspection_tools.synth_text import slugify

KQ_COLUMNS = ["Key question", "Community", "Post-release", "All"]
PROGRESS = ("Met", "Partly met", "Not met")
ADDRESSEES = ("The regional probation director should:", "HM Prison and Probation Service should:")


def _percent(w: Writer, quality: float) -> int:
    return max(5, min(100, round(w.rng.gauss(30 + 60 * quality, 13))))


def key_questions(crit: Criterion, w: Writer, quality: float) -> list[dict[str, Any]]:
    """Percentages by case type; 'all' is the case-weighted mean, as the reports compute it."""
    community, post_release = w.rng.randint(20, 60), w.rng.randint(10, 40)
    rows = []
    for kq in crit.key_questions:
        c, p = _percent(w, quality), _percent(w, quality)
        both = round((c * community + p * post_release) / (community + post_release))
        rows.append(
            {"question": kq.text, "community": f"{c}%", "post_release": f"{p}%", "all": f"{both}%"}
        )
    return rows


def _standard(fw: Framework, crit: Criterion, w: Writer, quality: float) -> dict[str, Any]:
    judged = crit.rating_rule == "judgement"
    score = draw_score(fw, crit, w.rng, quality) if judged else None
    found = w.criterion(crit, score, 5, 4)
    found["text"] = w.paragraphs(1, 3)
    if crit.key_questions and (not judged or crit.scale is None):
        found["key_questions"] = key_questions(crit, w, quality)
    return found


def _kq_table(found: dict[str, Any]) -> dict[str, Any]:
    rows = [
        [kq["question"], kq["community"], kq["post_release"], kq["all"]]
        for kq in found["key_questions"]
    ]
    return {"id": f"data-{slugify(found['id'])}", "caption": f"Standard {found['id']}",
            "columns": KQ_COLUMNS, "rows": rows}  # fmt: skip


def rated_report(fw: Framework, plan: Plan, w: Writer, target: int) -> dict[str, Any]:
    """A PDU-style report of about ``target`` bytes of text."""
    unit = f"{plan.area} PDU"
    sections: list[dict[str, Any]] = []
    for section in fw.sections:
        standards = [_standard(fw, c, w, plan.quality) for c in section.criteria]
        sections.append({"id": slugify(section.title), "title": section.title, "kind": "section",
                         "section": section.id, "text": w.paragraphs(1, 2),
                         "criteria": standards})  # fmt: skip
    measured: list[dict[str, Any]] = [
        c for p in sections for c in p["criteria"] if "key_questions" in c
    ]
    progress = [[w.text(1, 1), w.rng.choice(PROGRESS)] for _ in range(w.rng.randint(4, 7))]
    parts: list[dict[str, Any]] = [
        {"id": "background", "title": "Background", "text": w.paragraphs(3, 5)},
        *sections,
        {"id": "annexe-progress", "title": "Annexe one: progress against previous recommendations",
         "kind": "annexe", "tables": [{"id": "previous-recommendations",
                                       "caption": "Previous recommendations",
                                       "columns": ["Recommendation", "Progress"],
                                       "rows": progress}]},
        {"id": "annexe-data", "title": "Annexe two: data", "kind": "annexe",
         "text": w.text(2, 3),
         "tables": [w.count_table("Caseload by type", "caseload", ["Community", "Post-release"],
                                  w.rng.randint(800, 3000)),
                    *[_kq_table(c) for c in measured]]},
    ]  # fmt: skip
    report: dict[str, Any] = {
        "slug": plan.slug,
        "framework": fw.id,
        "meta": {
            "title": f"{fw.report_type_title or fw.title}: {unit}",
            "area": plan.area,
            "area_name": unit,
            "region": plan.region,
            "year": plan.year,
            **publication_fields(w.month(plan.year)),
            "fieldwork": f"Started {w.month(plan.year - 1)}",
            "isbn": f"978-1-99999-{w.rng.randint(10, 99)}-{w.rng.randint(0, 9)}",
            "publisher": "HM Inspectorate of Probation",
        },
        "foreword": w.foreword(plan.year),
        "acknowledgements": w.acknowledgements(),
        "contents": contents(parts, 3),
        "glossary": w.glossary(10, 20),
        "summary": w.paragraphs(2, 3),
        "recommendations": w.recommendations([f"{unit} should:", *ADDRESSEES], 1, 5),
        "next_steps": w.items(2, 3, (2, 3)),
        "stated": {},
        "parts": parts,
        "role": {"id": "role-of-hm-inspectorate-of-probation",
                 "title": "The role of HM Inspectorate of Probation", "text": w.paragraphs(2, 3)},
    }  # fmt: skip
    standards = [c for p in sections for c in p["criteria"]]
    pad(w, standards, target, text_size(report))
    return report
