"""Made-up thematic fragments, so the synthetic archive has several themes of differing shape.

Each fragment mirrors its base methodology's sections, scales and weight
classes (read from the base :class:`Framework`), but with its own number of
criteria per section, so that templates and scoring meet more than one
theme layout.
"""

from __future__ import annotations

import random
import re
from typing import Any

from generator.model.framework import Framework
from inspection_tools.synth_text import WordModel, slugify

TOPICS = (
    "Substance misuse",
    "Accommodation",
    "Employment, training and education",
    "Victim awareness",
    "Mental health",
    "Hate crime",
)
# Titles for criteria beyond the base section's own: a theme may look at more aspects.
EXTRA_ASPECTS = (
    "Use of information",
    "Engagement with the offender",
    "Work with partner agencies",
    "Review of progress",
    "Quality assurance",
    "Staff skills and training",
)


def _years(fw: Framework) -> list[int]:
    found = [int(y) for y in re.findall(r"\d{4}", fw.period or "")]
    return found or [2000]


def theme_framework(
    base: Framework, topic: str, rng: random.Random, model: WordModel
) -> dict[str, Any]:
    """A theme fragment for ``base`` as a YAML-ready mapping."""
    first = _years(base)[0]
    sections: list[dict[str, Any]] = []
    ratings: list[dict[str, str]] = []
    for section in base.sections:
        if not section.criteria:
            continue
        count = rng.randint(2, len(section.criteria) + 2)
        criteria = []
        for i in range(count):
            like = section.criteria[i % len(section.criteria)]
            title = (
                like.title if i < len(section.criteria) else EXTRA_ASPECTS[i % len(EXTRA_ASPECTS)]
            )
            crit: dict[str, Any] = {
                "id": f"{section.id}{i + 1}",
                "title": title,
                "description": model.sentence(rng, "the area"),
            }
            if like.scale:
                crit["scale"] = like.scale
            if like.weight:
                crit["weight"] = like.weight
            if not like.in_overall:
                crit["in_overall"] = False
            criteria.append(crit)
        title = f"{section.title}: {topic.lower()}"
        entry: dict[str, Any] = {"id": section.id, "title": title, "criteria": criteria}
        if section.aggregate:
            entry["aggregate"] = {"method": section.aggregate.method, "name": title}
            ratings.append({"section": section.id, "name": title})
        sections.append(entry)
    return {
        "id": f"synthetic-{slugify(topic)}-{first}",
        "kind": "theme",
        "base": base.id,
        "title": f"Thematic element: {topic}",
        "short_title": topic,
        "period": f"{first}/{(first + 1) % 100:02d}",
        "sources": [
            {
                "document": "reports-tools synth",
                "note": "A made-up theme for synthetic test data; not a published methodology.",
            }
        ],
        "ratings": ratings,
        "sections": sections,
    }


def theme_frameworks(
    frameworks: dict[str, Framework], rng: random.Random, model: WordModel, count: int = 4
) -> list[dict[str, Any]]:
    """``count`` made-up themes for every methodology that already has a theme."""
    bases = sorted({fw.base for fw in frameworks.values() if fw.kind == "theme" and fw.base})
    made = []
    for base_id in bases:
        base = frameworks[base_id]
        for topic in rng.sample(TOPICS, min(count, len(TOPICS))):
            made.append(theme_framework(base, topic, rng, model))
    return made
