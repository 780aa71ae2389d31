"""A plain Markdown rendering of a whole report, for the benchmark's peer builds.

Hugo and a plain MkDocs site cannot read our YAML, so the benchmark gives
them this: every field of the report, as headings, paragraphs, lists and
tables, with no templates of ours. It is deliberately plain, not a second
renderer of the site.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.model.framework import Framework
from generator.model.report import (
    Box,
    BoxBlock,
    Content,
    CriterionResult,
    Findings,
    Note,
    Part,
    Prose,
    RecommendationGroup,
    Report,
    Table,
    TableBlock,
)
from generator.stages.score import fmt

BOX_NAMES = {"good-practice": "Good practice", "poor-practice": "Poor practice"}


def _h(level: int, text: str) -> str:
    return f"{'#' * min(level, 6)} {text}\n"


def _cell(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def table(columns: list[str], rows: list[list[str]], caption: str | None = None) -> Iterator[str]:
    if caption:
        yield f"**{_cell(caption)}**\n"
    yield "| " + " | ".join(_cell(c) or " " for c in columns) + " |"
    yield "|" + "---|" * len(columns)
    for row in rows:
        yield "| " + " | ".join(_cell(c) for c in row) + " |"
    yield ""


def _table(t: Table) -> Iterator[str]:
    yield from table(t.columns, t.rows, t.caption)
    yield from (f"{note}\n" for note in t.footnotes)


def _items(title: str, items: list[str], level: int) -> Iterator[str]:
    if items and title:
        yield _h(level, title)
    if items:
        yield from (f"- {' '.join(item.split())}" for item in items)
        yield ""


def _box(box: Box) -> Iterator[str]:
    yield f"> **{box.title or BOX_NAMES[box.kind]}**\n>"
    yield from (f"> {line}" if line else ">" for line in box.body.splitlines())
    yield ""


def _content(content: Content, level: int) -> Iterator[str]:
    if content.text:
        yield content.text + "\n"
    for block in content.blocks:
        if isinstance(block, Prose | Note):
            yield block.text + "\n"
        elif isinstance(block, Findings):
            yield from _items(block.title or "", block.items, level)
        elif isinstance(block, BoxBlock):
            yield from _box(block)
        elif isinstance(block, TableBlock):
            yield from _table(block)
    if content.conclusion:
        yield content.conclusion + "\n"


def _criterion(crit: CriterionResult, fw: Framework | None, level: int) -> Iterator[str]:
    known = fw.criterion(crit.id) if fw else None
    yield _h(level, f"{crit.id} {crit.title or (known.title if known else '')}")
    if crit.previous_score is not None:
        yield f"Original inspection: **{fmt(crit.previous_score)}**\n"
    if crit.score is not None:
        yield f"Score: **{fmt(crit.score)}**\n"
    if crit.description:
        yield f"*{' '.join(crit.description.split())}*\n"
    if crit.key_questions:
        rows = [
            [
                kq.question,
                *(fmt(v) if v is not None else "" for v in (kq.community, kq.post_release, kq.all)),
            ]
            for kq in crit.key_questions
        ]
        yield from table(["Key question", "Community", "Post-release", "All"], rows)
    yield from _content(crit, level + 1)


def _part(part: Part, fw: Framework | None, level: int) -> Iterator[str]:
    yield _h(level, part.title)
    yield from _content(part, level + 1)
    for crit in part.criteria:
        yield from _criterion(crit, fw, level + 1)
    for sub in part.parts:
        yield from _part(sub, fw, level + 1)


def _recommendations(groups: list[RecommendationGroup], level: int) -> Iterator[str]:
    if groups:
        yield _h(level, "Recommendations")
    for group in groups:
        yield f"{group.addressee}\n"
        yield from (f"{r.number or '-'}. {' '.join(r.text.split())}" for r in group.items)
        yield ""


def _front(report: Report) -> Iterator[str]:
    meta = report.meta
    facts = [("Area", meta.area_name or meta.area), ("Region", meta.region),
             ("Published", meta.published_words if meta.published else str(meta.year)), ("Fieldwork", meta.fieldwork),
             ("ISBN", meta.isbn), ("Publisher", meta.publisher), ("Follow-up of", meta.follow_up_of)]  # fmt: skip
    yield from table(["", ""], [[k, v] for k, v in facts if v])
    if report.foreword:
        yield "## Foreword\n"
        yield report.foreword.body + "\n"
        signed = report.foreword.signatory
        if signed:
            yield f"{signed.name}, {signed.role or ''} {report.foreword.date or ''}\n"
    if report.acknowledgements:
        yield "## Acknowledgements\n"
        yield (report.acknowledgements.body or "") + "\n"
        yield from (f"- {c.role}: {', '.join(c.names)}" for c in report.acknowledgements.credits)
        yield ""
    if report.contents:
        yield "## Contents\n"
        yield from (f"- [{c.title}](#{c.target or ''}) {c.page or ''}" for c in report.contents)
        yield ""
    if report.glossary:
        yield "## Glossary\n"
        yield from table(["Term", "Meaning"], [[g.term, g.definition] for g in report.glossary])


def _summary(report: Report) -> Iterator[str]:
    for title, text in (("Reasons for the follow-up", report.reasons), ("Summary", report.summary)):
        if text:
            yield f"## {title}\n\n{text}\n"
    if report.key_findings:
        yield "## Key findings\n"
        yield from (
            f"- **{k.heading or ''}** {' '.join(k.text.split())}" for k in report.key_findings
        )
        yield ""
    yield from _recommendations(report.recommendations, 2)
    if report.recommendations_note:
        yield report.recommendations_note + "\n"
    yield from _items("Next steps", report.next_steps, 2)
    stated = report.stated
    figures = [[f"Section {k}", fmt(v)] for k, v in stated.sections.items()]
    if stated.overall is not None:
        figures.append(["Overall", f"{stated.overall:g}"])
    if stated.overall_rating:
        figures.append(["Overall rating", stated.overall_rating])
    if figures:
        yield "## Scores\n"
        yield from table(["Figure", "Value"], figures)


def report_markdown(report: Report, frameworks: dict[str, Framework]) -> str:
    """Every field of ``report`` as one Markdown document, headed by its title."""
    fw = frameworks.get(report.framework)
    lines = [f"# {report.meta.title}\n", *_front(report), *_summary(report)]
    for part in report.parts:
        lines += _part(part, fw, 2)
    if (thematic := report.thematic) is not None:
        theme = frameworks.get(thematic.theme)
        lines.append(f"## {thematic.title}\n")
        for text in (thematic.subtitle, thematic.introduction, thematic.ratings_text):
            if text:
                lines.append(text + "\n")
        rows = [
            [r.name, fmt(r.score) if r.score is not None else r.text or ""]
            for r in thematic.ratings
        ]
        lines += table(["Rating", "Score"], rows)
        if thematic.overall_assessment:
            lines.append(thematic.overall_assessment + "\n")
        lines += _recommendations(thematic.recommendations, 3)
        for part in thematic.parts:
            lines += _part(part, theme, 3)
    if report.role:
        lines += _part(report.role, fw, 2)
    lines += _items("Notes", report.notes, 2)
    return "\n".join(lines) + "\n"
