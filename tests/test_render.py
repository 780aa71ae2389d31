"""Rendering: golden files per component and per report type, and the safety rules.

Regenerate the golden files after an intended change with
``pytest --update-golden`` (or ``UPDATE_GOLDEN=1``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from datafolders import SCRATCH, data_folder
from goldens import assert_golden

from generator import build
from generator.cli import main
from generator.model.archive import Archive
from generator.model.problems import TEMPLATES, RenderError
from generator.model.report import (
    CriterionResult,
    GlossaryEntry,
    KeyQuestionResult,
    KeyQuestions,
    ProgressJudgement,
)
from generator.model.walk import results
from generator.stages.glossary import abbreviate
from generator.stages.present import criterion_anchor, criterion_of, show_score
from generator.stages.render import Link, render_archive
from generator.stages.rules import read_rating
from generator.stages.score import score_report
from generator.stages.templating import environment
from generator.stages.validate import load_archive

SITE = data_folder("site")


@pytest.fixture(scope="module")
def archive() -> Archive:
    loaded = load_archive(SITE)
    assert loaded.problems == []
    return loaded


def _call(component: str, **args: Any) -> str:
    env = environment()
    names = ", ".join(args)
    source = f'{{% from "components/{component}.html.j2" import {component} %}}{{{{ {component}({names}) }}}}'
    return env.from_string(source).render(args)


def _component_args(archive: Archive) -> dict[str, dict[str, Any]]:
    esi = archive.reports["northshire-2004-esi"]
    follow = archive.reports["northshire-2005-esi-follow-up"]
    pdu = archive.reports["eastmoor-2022-pdu"]
    fw, fw_follow, fw_pdu = (archive.frameworks[r.framework] for r in (esi, follow, pdu))
    card, card_pdu = (score_report(r, archive.frameworks) for r in (esi, pdu))
    b1 = results(esi.parts)["B1"]
    kq = results(pdu.parts)["2.4"]
    fu = results(follow.parts)["B1"]
    overview = esi.parts[2]
    judgement = ProgressJudgement(text="x", status="Some progress", still_required="Yes")
    assert esi.foreword and esi.acknowledgements and esi.thematic and follow.reasons
    return {
        "title_block": {
            "report": follow,
            "fw": fw_follow,
            "original": esi,
            "follow_ups": [],
            "area_slug": "northshire",
            "root": "../../",
        },
        "breadcrumbs": {"report": esi, "fw": fw, "area_slug": "northshire", "root": "../../"},
        "front_page": {
            "report": pdu,
            "fw": fw_pdu,
            "data_files": {"json": "data.json", "csv": "data.csv"},
        },
        "cite": {"report": esi},
        "related_reports": {
            "report": esi,
            "related": [follow, pdu],
            "area_slug": "northshire",
            "root": "../../",
        },
        "search_facets": {"report": esi, "fw": fw},
        "what_changed": {"report": follow, "fw": fw_follow, "original": esi},
        "foreword": {"fwd": esi.foreword},
        "acknowledgements": {"ack": esi.acknowledgements},
        "glossary": {"entries": esi.glossary},
        "summary": {"report": esi},
        "key_findings": {"findings": esi.key_findings},
        "recommendations": {"groups": pdu.recommendations},
        "next_steps": {"items": esi.next_steps},
        "reasons": {"text": follow.reasons},
        "scoring_summary": {"report": esi, "fw": fw, "card": card},
        "scoring_approach": {"fw": fw},
        "score_explainer": {"card": card, "anchor": "explained", "fw": fw},
        "ratings_panel": {"report": pdu, "fw": fw_pdu, "card": card_pdu},
        "overall_score": {"fw": fw_pdu, "stated": pdu.stated},
        "rating_badge": {"shown": show_score(fw.scales["descriptive"], "Partly met")},
        "part": {"p": esi.parts[4], "fw": fw},
        "criterion": {"result": b1, "fw": fw},
        "findings": {"c": b1, "anchor": "b1", "level": 4},
        "conclusion": {"c": b1, "anchor": "b1", "level": 4},
        "box": {"b": b1.boxes[1], "anchor": "b1-poor-practice-1"},
        "table": {"t": overview.tables[0], "fallback_id": "overview-table-1"},
        "key_questions": {
            "result": kq,
            "crit": criterion_of(fw_pdu, kq),
            "anchor": "standard-2-4",
            "reading": read_rating(fw_pdu.banding, criterion_of(fw_pdu, kq), kq),
        },
        "comparison": {
            "result": fu,
            "scale": fw_follow.scale_of(criterion_of(fw_follow, fu)),
            "anchor": "b1",
        },
        "thematic": {"t": esi.thematic, "theme": archive.frameworks[esi.thematic.theme]},
        "site_added": {"id": "b1-change", "about": "Worked out from the two scores above"},
        "later_findings": {
            "links": [
                Link("Follow-up (2005)", "../follow-up/", ProgressJudgement(text="x"), None),
                Link(
                    "PDU (2022)", "../pdu/#annexe-one-2", judgement, "Improvement still required?"
                ),
            ],
            "id": "recommendation-2-later",
        },
        "judged": {
            "links": [Link("Northshire (2004)", "../esi/#recommendation-2", judgement, None)],
            "id": "recommendations-reviewed",
        },
    }


def test_every_component_has_a_golden_case(archive: Archive) -> None:
    components = {p.name.removesuffix(".html.j2") for p in (TEMPLATES / "components").glob("*.j2")}
    assert components == set(_component_args(archive))


@pytest.mark.parametrize(
    "component",
    sorted(p.name.removesuffix(".html.j2") for p in (TEMPLATES / "components").glob("*.j2")),
)
def test_component_golden(archive: Archive, component: str) -> None:
    assert_golden(
        f"render/components/{component}.html",
        _call(component, **_component_args(archive)[component]),
    )


@pytest.mark.parametrize("slug", sorted(p.stem for p in (SITE / "reports").glob("*.yaml")))
def test_report_golden(slug: str) -> None:
    pages = {p.src_uri: p for p in build(SITE)}
    page = pages[f"reports/{slug}/index.md"]
    assert_golden(f"render/reports/{slug}.html", page.html)
    assert_golden(f"render/reports/{slug}.toc.json", json.dumps(page.toc_tokens(), indent=1) + "\n")


def test_every_report_type_has_a_fixture(archive: Archive) -> None:
    types = {archive.frameworks[r.framework].report_type for r in archive.reports.values()}
    templates = {p.name.removesuffix(".html.j2") for p in (TEMPLATES / "report").glob("*.j2")}
    # report/base.html.j2 is the layout the report types extend, not a report type.
    assert types == templates - {"base"}
    themes = {r.thematic.theme for r in archive.reports.values() if r.thematic}
    assert len(themes) == 2


def test_stable_anchors(archive: Archive) -> None:
    pages = {p.src_uri: p for p in build(SITE)}
    esi = pages["reports/northshire-2004-esi/index.md"].anchors
    assert {
        "section-b",
        "b1",
        "recommendation-3",
        "b1-good-practice-1",
        "b1-poor-practice-1",
    } <= esi
    assert {"thematic-b1", "thematic-recommendation-1", "a4-good-practice-1"} <= esi
    pdu = pages["reports/eastmoor-2022-pdu/index.md"].anchors
    assert {"standard-2-3", "recommendation-4", "standard-2-2-poor-practice-1", "annexe-two"} <= pdu
    assert criterion_anchor("2.3") == "standard-2-3"


def test_lowest_key_question_is_marked_in_text() -> None:
    html = next(p.html for p in build(SITE) if p.src_uri == "reports/eastmoor-2022-pdu/index.md")
    table = html[html.index('id="standard-2-4-key-questions"') :]
    table = table[: table.index("</table>")]
    # 2.4 has a tie at 38%: both questions drive the rating, and say so in words.
    assert table.count("(lowest score, drives the rating)") == 2
    single = html[html.index('id="standard-2-1-key-questions"') :]
    assert "(drives the rating)" in single[: single.index("</table>")]
    outcomes = html[html.index('id="standard-2-6-key-questions"') :]
    assert "drives the rating" not in outcomes[: outcomes.index("</table>")]


def test_single_key_question_marks_the_key_question_not_a_lower_prompt(archive: Archive) -> None:
    # The page marks the figure the scorer rates from: the key question, first row.
    fw = archive.frameworks["pdu-2021"]
    result = CriterionResult(
        id="2.1",
        score="Outstanding",
        blocks=[
            KeyQuestions(
                type="key-questions",
                questions=[
                    KeyQuestionResult(question="The key question?", all=88),
                    KeyQuestionResult(question="A prompt under it?", all=36),
                ],
            )
        ],
    )
    html = _call("criterion", result=result, fw=fw)
    assert html.count("(drives the rating)") == 1
    key, prompt = html.split("A prompt under it?")
    assert "(drives the rating)" in key and "key-questions__driver" not in prompt


def test_weights_come_from_the_framework(archive: Archive) -> None:
    fw = archive.frameworks["esi-2003"].model_copy(
        update={"weight_labels": {"critical": "Vital", "important": "Useful"}}
    )
    html = _call("scoring_approach", fw=fw)
    assert "Vital (weight 2)" in html and "Critical" not in html
    assert re.search(r"Quality of Interventions</th><td>40%", html)


def test_glossary_abbreviations() -> None:
    entries = [
        GlossaryEntry(term="HMI", definition="wrong"),
        GlossaryEntry(term="HMI Probation", definition="HM Inspectorate of Probation"),
        GlossaryEntry(term="PO", definition='Probation "officer"'),
    ]
    html = (
        '<h2 id="po">PO</h2><p title="PO">A PO, POs and PO-led work by HMI Probation &amp; PO.</p>'
    )
    out = abbreviate(html, entries)
    assert out.startswith('<h2 id="po">PO</h2><p title="PO">')
    assert out.count('<abbr title="Probation &#34;officer&#34;">PO</abbr>') == 2
    assert '<abbr title="HM Inspectorate of Probation">HMI Probation</abbr>' in out
    assert "POs" in out and "PO-led" in out
    assert abbreviate(html, list(reversed(entries))) == out


def test_untrusted_text_is_escaped(archive: Archive) -> None:
    report = archive.reports["northshire-2004-esi"]
    hostile = report.parts[2].tables[0].model_copy(update={"caption": "<script>alert(1)</script>"})
    html = _call("table", t=hostile, fallback_id="t")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_missing_field_names_template_and_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(SCRATCH)  # so the report is named as in the repository
    archive = load_archive(SITE)
    overrides = tmp_path / "overrides" / "components"
    overrides.mkdir(parents=True)
    (overrides / "foreword.html.j2").write_text(
        "{% macro foreword(fwd, level=2) %}{{ fwd.no_such_field }}{% endmacro %}\n"
    )
    cards = {s: score_report(r, archive.frameworks) for s, r in archive.reports.items()}
    with pytest.raises(RenderError) as err:
        render_archive(environment(overrides=tmp_path / "overrides"), archive, cards)
    message = str(err.value)
    assert "foreword.html.j2:1" in message and "no_such_field" in message
    assert message.startswith("tests/fixtures/site/reports/eastmoor-2022-pdu.yaml: ")


def test_theme_overrides_a_component_by_name(tmp_path: Path) -> None:
    (tmp_path / "components").mkdir()
    (tmp_path / "components" / "rating_badge.html.j2").write_text(
        '{% macro rating_badge(shown) %}<b class="house-style">{{ shown.text }}</b>{% endmacro %}\n'
    )
    html = next(
        p.html
        for p in build(SITE, overrides=tmp_path)
        if p.src_uri == "reports/eastmoor-2022-pdu/index.md"
    )
    assert '<b class="house-style">Requires improvement</b>' in html
    assert "rating-badge" not in html


def test_generate_writes_pages_without_mkdocs(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["generate", str(tmp_path), "--data", str(SITE)])
    assert result.exit_code == 0, result.output
    assert (
        (tmp_path / "reports" / "eastmoor-2022-pdu" / "index.html")
        .read_text()
        .startswith("<article")
    )
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest[0]["path"] == "reports/index.html"
    paths = {entry["path"] for entry in manifest}
    reports = {f"reports/{p.stem}/index.html" for p in (SITE / "reports").glob("*.yaml")}
    assert reports <= paths
    assert {"areas/index.html", "good-practice/index.html", "data/index.html"} <= paths


def test_a_recommendations_note_without_groups_is_still_shown(archive: Archive) -> None:
    # An import whose recommendation lists were lost keeps the addressee line as the note.
    esi = archive.reports["northshire-2004-esi"].model_copy(
        update={"recommendations": [], "recommendations_note": "The Board should ensure that:"}
    )
    html = _call("summary", report=esi)
    assert '<h3 id="recommendations">Recommendations</h3>' in html
    assert "<p>The Board should ensure that:</p>" in html
    assert "recommendation-group" not in html
