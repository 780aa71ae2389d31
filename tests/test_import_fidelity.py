"""Every sentence of each source report must reach the imported YAML (a proxy for the page).

Units are the source's sentences of 40 characters or more and its table rows
of 20 or more, normalised to lower-case letters, digits and % with spaces
collapsed; paragraphs cut by a page break are joined first and the printed
contents list is left out. A unit counts as kept when it appears in the text
of the YAML's string fields, or in the figures the site prints from the
framework (the scoring summary sheet, the weights tables), or in the import's
list of what it dropped on purpose (image descriptions).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.framework import Framework
from generator.validate import Archive, load_frameworks

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tests" / "fixtures" / "import"
REPORTS = ROOT / "data" / "reports"
THRESHOLD = 99.5
CASES = ["gwent-2004-esi", "county-durham-2004-esi", "gwent-2005-esi-follow-up"]


def norm(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text).lower()
    return " ".join(re.sub(r"[^a-z0-9%\s]", "", text).split())


def _contents_row(cells: list[str]) -> bool:
    last = [c for c in cells if c.strip()]
    return not last or bool(re.fullmatch(r"\d{1,4}|page", last[-1].strip(), re.I))


def source_units(text: str) -> list[str]:
    """The units a reader would check: sentences and table rows."""
    units: list[str] = []
    paragraphs: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if "\t" in line:
            cells = line.split("\t")
            if not _contents_row(cells) and len(row := norm(" ".join(cells))) >= 20:
                units.append(row)
            continue
        para = line.strip()
        cut = paragraphs and not re.search(r"[.!?:;][\"'’”)*]*$", paragraphs[-1])
        if cut and re.match(r"^[-*▣❑•\s]*[a-z]", para):
            paragraphs[-1] += " " + para
        else:
            paragraphs.append(para)
    for para in paragraphs:
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'‘“(*<])", para):
            if len(unit := norm(sentence)) >= 40:
                units.append(unit)
    return units


def strings(node: Any) -> list[str]:
    if isinstance(node, str | int):
        return [str(node)]
    if isinstance(node, dict):
        return [s for v in node.values() for s in strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in strings(v)]
    return []


def _criteria(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for part in parts:
        found += part.get("criteria", [])
        found += _criteria(part.get("parts", []))
    return found


def generated(data: dict[str, Any], frameworks: dict[str, Framework]) -> list[str]:
    """Text the site prints from the framework and the figures rather than from text fields."""
    fw = frameworks[data["framework"]]
    out = []
    for section in fw.sections:
        out.append(f"Section {section.id}: {section.title}")
        for crit in section.criteria:
            if crit.weight:
                out.append(f"{crit.id} {crit.title} {fw.weight_labels.get(crit.weight, '')}")
    for part in data.get("parts", []) + (data.get("thematic") or {}).get("parts", []):
        out.append(f"Section {part.get('section', '')}: {part['title']}")
    groups = [(fw, data.get("parts", []))]
    thematic = data.get("thematic") or {}
    if thematic:
        groups.append((frameworks[thematic["theme"]], thematic.get("parts", [])))
    for framework, parts in groups:
        for crit in _criteria(parts):
            known = framework.criterion(crit["id"])
            title = crit.get("title") or (known.title if known else "")
            score = crit.get("score", "")
            out.append(f"{crit['id']}: {title} {score}")
            if "previous_score" in crit:
                out.append(f"{crit['id']} {title} Original inspection {crit['previous_score']}")
                out.append(f"Follow-up inspection {score}")
            out.append(f"{crit.get('description', '')} {score}")
            out.append(f"Conclusion {crit.get('conclusion', '')}")
            for box in crit.get("boxes", []):
                out.append(f"{box.get('title', 'Good practice example')} {box['body']}")
    stated = data.get("stated", {})
    for sid, value in stated.get("sections", {}).items():
        section = fw.section(sid)
        if section and section.aggregate:
            out.append(f"{section.aggregate.name} {value}%")
    if fw.overall and stated.get("overall") is not None:
        out.append(f"{fw.overall.name} {stated['overall']}%")
    return out


@pytest.fixture(scope="module")
def frameworks() -> dict[str, Framework]:
    archive = Archive()
    load_frameworks(ROOT / "data" / "frameworks", archive)
    return archive.frameworks


def coverage(slug: str, frameworks: dict[str, Framework]) -> tuple[float, list[str]]:
    source = (SOURCES / f"{slug}.txt").read_text(encoding="utf-8")
    data = yaml.safe_load((REPORTS / f"{slug}.yaml").read_text(encoding="utf-8"))
    sidecar = (REPORTS / f"{slug}.import.txt").read_text(encoding="utf-8")
    dropped = norm(sidecar.split("## Dropped", 1)[-1])
    page = norm(" ".join([*strings(data), *generated(data, frameworks)]))
    units = source_units(source)
    missing = [u for u in units if u not in page and u not in dropped]
    return 100 * (1 - len(missing) / max(len(units), 1)), missing


@pytest.mark.parametrize("slug", CASES)
def test_every_sentence_reaches_the_yaml(slug: str, frameworks: dict[str, Framework]) -> None:
    if not (SOURCES / f"{slug}.txt").exists():
        pytest.skip(f"source export {slug}.txt is not on this machine")
    percent, missing = coverage(slug, frameworks)
    print(f"{slug}: {percent:.2f}% of units kept; missing:", *missing, sep="\n  ")
    assert percent >= THRESHOLD, f"{slug}: {percent:.2f}% kept; missing {missing[:5]}"
