"""Stage 4, render: validated reports become HTML pages, independent of any site builder.

Each report is rendered by the top-level template named after its
framework's ``report_type`` (``templates/report/<report_type>.html.j2``),
which composes one partial per component. The result is a
:class:`RenderedPage`: the article's HTML, its headings (for a table of
contents) and its anchors. MkDocs (see :mod:`generator.mkdocs.plugin`) and
``reports generate`` both consume these pages; neither re-parses the HTML.

Anchors are stable across builds:

- a part: its ``id`` (``#section-b``, ``#inspection-arrangements``);
- a criterion: its lower-case id (``#b1``); numeric standard ids get a prefix
  (``2.3`` is ``#standard-2-3``); thematic criteria are ``#thematic-b1``;
- a recommendation: ``#recommendation-3``; thematic ones ``#thematic-recommendation-1``;
- a box: its container and kind, numbered per kind (``#b1-good-practice-1``).

Framework-generated material (the scoring approach's weights tables) is placed
inside the part whose id is ``scoring-approach`` when the report has one, and
otherwise as its own section after the scoring summary sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from generator.model.archive import Archive, follow_ups, judged_by
from generator.model.problems import RenderError
from generator.model.recommendations import split_id
from generator.model.related import related_index, related_reports
from generator.model.report import ProgressJudgement, Report
from generator.model.urls import (
    REPORT_CSV,
    REPORT_JSON,
    REPORTS,
    area_slug,
    report_page,
    report_url,
    root_of,
)
from generator.stages.glossary import abbreviate
from generator.stages.page import (
    RenderedPage,
    page_from_markup,
)
from generator.stages.score import Scorecard
from generator.stages.templating import render_macro, render_template


def report_template(archive: Archive, report: Report) -> str:
    """The top-level template for a report: one per framework report type."""
    fw = archive.frameworks[report.framework]
    return f"report/{fw.report_type}.html.j2"


@dataclass(frozen=True)
class Link:
    """A judgement of a recommendation as a report page shows it: where, when and with what words."""

    title: str
    """The title of the report at the other end, and its year."""

    url: str
    """The address of the recommendation or the findings, relative to the page."""

    judgement: ProgressJudgement
    label: str | None
    """The framework's question whose answer is ``judgement.still_required``, if it asks one."""


def _link(archive: Archive, other: Report, url: str, judgement: ProgressJudgement) -> Link:
    progress = archive.frameworks[other.framework].progress
    label = progress.still_required.label if progress and progress.still_required else None
    return Link(f"{other.meta.title} ({other.meta.year})", url, judgement, label)


def later_findings(
    archive: Archive, report: Report, judges: list[Report], root: str
) -> dict[str, list[Link]]:
    """What later reports found on each of this report's recommendations, by its anchor."""
    found: dict[str, list[Link]] = {}
    for later in judges:
        for judgement in later.progress:
            slug, anchor = split_id(judgement.recommendation or "")
            if slug == report.slug:
                url = f"{root}{report_url(later.slug)}" + (
                    f"#{judgement.part}" if judgement.part else ""
                )
                found.setdefault(anchor, []).append(_link(archive, later, url, judgement))
    return found


def judged(archive: Archive, report: Report, root: str) -> dict[str, list[Link]]:
    """The archived recommendations this report judges, by the part holding its findings
    ('' for those judged in the report as a whole), each linking to where it was made."""
    found: dict[str, list[Link]] = {}
    for judgement in report.progress:
        slug, anchor = split_id(judgement.recommendation or "")
        if (original := archive.reports.get(slug)) is not None:
            url = f"{root}{report_url(slug)}#{anchor}"
            link = _link(archive, original, url, judgement)
            found.setdefault(judgement.part or "", []).append(link)
    return found


def report_context(
    archive: Archive,
    report: Report,
    card: Scorecard,
    follow_ups: list[Report] | None = None,
    judges: list[Report] | None = None,
) -> dict[str, Any]:
    """Everything a report template may use, and nothing else. Its related reports are
    not among them: they are rendered on their own (:func:`finish_report`)."""
    theme = archive.frameworks.get(report.thematic.theme) if report.thematic else None
    original = archive.reports.get(report.meta.follow_up_of or "")
    root = root_of(report_page(report.slug))
    return {
        "later_findings": later_findings(archive, report, judges or [], root),
        "judged": judged(archive, report, root),
        "report": report,
        "fw": archive.frameworks[report.framework],
        "theme": theme,
        "card": card,
        "original": original,
        "follow_ups": follow_ups or [],
        "area_slug": area_slug(report.meta.area),
        "region_added": report.slug in archive.regions_added,
        "data_files": {"json": REPORT_JSON, "csv": REPORT_CSV},
    }


RELATED = "<!-- inspection-reports: related reports -->"
"""Where a report's body (:func:`report_body`) takes its related reports (:func:`finish_report`)."""


def report_body(
    env: Environment,
    archive: Archive,
    report: Report,
    card: Scorecard,
    follow_ups: list[Report] | None = None,
    judges: list[Report] | None = None,
) -> str:
    """A report's page without its related reports, which :func:`finish_report` adds.

    Apart, so that a change to another report (its title, say) that only the
    related reports show does not render the whole page again.
    """
    context = report_context(archive, report, card, follow_ups, judges)
    context = {
        **context,
        "root": root_of(report_page(report.slug)),
        "related_html": Markup(RELATED),
    }
    markup = render_template(
        env, report_template(archive, report), context, _source(archive, report)
    )
    return str(abbreviate(markup, report.glossary))


def finish_report(
    env: Environment, archive: Archive, report: Report, body: str, related: list[Report]
) -> RenderedPage:
    """A report's page: its ``body`` with its ``related`` reports, checked."""
    source = _source(archive, report)
    args = [report, related, area_slug(report.meta.area), root_of(report_page(report.slug))]
    shown = render_macro(env, "components/related_reports.html.j2", "related_reports", args, source)
    markup = body.replace(RELATED, str(abbreviate(shown, report.glossary)), 1)
    fw = archive.frameworks[report.framework]
    description = f"{fw.report_type_title or fw.title}: {report.meta.area}, {report.meta.year}"
    page = page_from_markup(
        f"{REPORTS}/{report.slug}/index.md", report.meta.title, description, markup, False
    )
    if broken := page.broken_anchors():
        raise RenderError(f"{source}: links to missing anchors: {', '.join(broken)}")
    if page.duplicates:
        raise RenderError(f"{source}: anchors used twice: {', '.join(sorted(page.duplicates))}")
    return page


def _source(archive: Archive, report: Report) -> str:
    return str(archive.paths.get(report.slug, report.slug))


def render_report(
    env: Environment,
    archive: Archive,
    report: Report,
    card: Scorecard,
    follow_ups: list[Report] | None = None,
    judges: list[Report] | None = None,
    related: list[Report] | None = None,
) -> RenderedPage:
    """One report's page; ``follow_ups`` are the reports that follow this one up, ``judges``
    the later reports that judge its recommendations."""
    body = report_body(env, archive, report, card, follow_ups, judges)
    shown = related if related is not None else related_reports(archive, report)
    return finish_report(env, archive, report, body, shown)


def render_archive(
    env: Environment, archive: Archive, cards: dict[str, Scorecard]
) -> list[RenderedPage]:
    """Every report's page, in slug order; the archive-level pages are :mod:`generator.explore.pages`'."""
    later, judges, nearby = follow_ups(archive), judged_by(archive), related_index(archive)
    return [
        render_report(
            env, archive, archive.reports[s], cards[s], later.get(s), judges.get(s), nearby[s]
        )
        for s in sorted(cards)
    ]
