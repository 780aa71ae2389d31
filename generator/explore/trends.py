"""An area's figures over time, as charts of comparable numbers only.

Reports are compared within one methodology family (a methodology with its
follow-ups): percentages on one 0–100% chart, criterion by criterion, one bar
per inspection; ratings on an ordinal chart of their own, one per inspection
and scale. Percentages and ratings never share an axis, and neither do two
families: a 2004 percentage and a 2022 rating measure different things.

Nor do two samples: a follow-up whose framework says its original figures were
measured on other cases than the original report's (``baseline.comparable``
false) gets a chart of its own, the original figures as it prints them beside
its own, and the chart says which cases those are.
"""

from __future__ import annotations

from collections import defaultdict

from generator.explore.charts import Series, bar_chart, rating_chart
from generator.explore.finder import framework_name
from generator.model.archive import Archive, by_time
from generator.model.framework import Framework, Scale
from generator.model.report import Report
from generator.model.urls import slugify
from generator.model.walk import results


def family(fw: Framework) -> str:
    """The methodology a framework belongs to: itself, or the one it follows up."""
    return fw.base or fw.id


def _percent_series(archive: Archive, report: Report, keys: set[str]) -> list[Series]:
    """A report's percentages; for a follow-up, first the original's figures as it restates them."""
    fw = archive.frameworks[report.framework]
    found = results(report.parts)
    name = f"{report.meta.year} {framework_name(fw)}"
    series = []
    previous: dict[str, float | None] = {
        k: r.previous_score
        for k, r in found.items()
        if k in keys and isinstance(r.previous_score, float)
    }
    original = archive.reports.get(report.meta.follow_up_of or "")
    if previous:
        restated = f"{original.meta.year} " if original else "Original inspection "
        label = f"{restated}as restated in the {name}"
        if fw.baseline is not None and not fw.baseline.comparable:
            label += f" ({fw.baseline.sample})"
        series.append(Series(label, previous))
    current = {k: r.score for k, r in found.items() if k in keys and isinstance(r.score, float)}
    if current:
        series.append(Series(name, dict(current)))
    return series


def _summary(series: list[Series], categories: list[tuple[str, str]]) -> str:
    counts = "; ".join(
        f"{s.name}: {sum(1 for k, _ in categories if s.values.get(k) is not None)} scores"
        for s in series
    )
    return f"Percentages from 0 to 100, one bar per inspection for each criterion. {counts}."


def _samples(archive: Archive, reports: list[Report]) -> list[tuple[str, list[Report]]]:
    """The family's reports grouped by the cases their figures cover: those comparable with
    the original report's figures first, then each follow-up measured on a sample of its own."""
    shared: list[Report] = []
    apart: list[tuple[str, list[Report]]] = []
    for report in reports:
        baseline = archive.frameworks[report.framework].baseline
        if baseline is not None and not baseline.comparable:
            apart.append((baseline.sample, [report]))
        else:
            shared.append(report)
    return ([("", shared)] if shared else []) + apart


def percent_chart(
    archive: Archive, base: Framework, reports: list[Report], chart_id: str, sample: str = ""
) -> str:
    """One bar per inspection for each percentage criterion of the family; '' if none.

    ``sample`` names the cases the figures cover where they are not the original
    report's own: the chart's title and summary say so."""
    criteria = [
        (c.id, f"{c.id} {c.title}")
        for s in base.sections
        for c in s.criteria
        if (scale := base.scale_of(c)) is not None and scale.kind == "percent"
    ]
    keys = {k for k, _ in criteria}
    series = [s for r in reports for s in _percent_series(archive, r, keys)]
    shown = [
        (k, label) for k, label in criteria if any(s.values.get(k) is not None for s in series)
    ]
    if not series or not shown:
        return ""
    title = f"{framework_name(base)}: criterion scores by inspection"
    summary = _summary(series, shown)
    if sample:
        year = reports[0].meta.year
        title = f"{framework_name(base)}: the {year} follow-up's criterion scores"
        summary += (
            f" The figures for the original inspection are the ones the {year} follow-up prints:"
            f" they cover {sample}, so they are not the original report's own scores and are"
            " charted apart from them."
        )
    return bar_chart(chart_id, title, shown, series, summary)


def _rating_rows(
    fw: Framework, scale: Scale, scale_id: str, report: Report
) -> list[tuple[str, str, str | None]]:
    found = results(report.parts)
    rows: list[tuple[str, str, str | None]] = []
    for section in fw.sections:
        for crit in section.criteria:
            result = found.get(crit.id)
            if crit.scale == scale_id and result is not None and isinstance(result.score, str):
                canonical = next(
                    (
                        lv.label
                        for lv in scale.levels
                        if lv.label.casefold() == result.score.casefold()
                    ),
                    result.score,
                )
                rows.append((crit.id, f"{crit.id} {crit.title}", canonical))
    return rows


def rating_charts(archive: Archive, report: Report) -> list[str]:
    """A report's ratings, one ordinal chart per scale that it rates anything on."""
    fw = archive.frameworks[report.framework]
    charts = []
    for scale_id, scale in sorted(fw.scales.items()):
        if scale.kind != "ordinal" or not scale.levels:
            continue
        rows = _rating_rows(fw, scale, scale_id, report)
        if not rows:
            continue
        levels = [lv.label for lv in scale.levels]
        title = f"{report.meta.year} {framework_name(fw)}: {scale.title.lower()} by criterion"
        counts = ", ".join(
            f"{sum(1 for _, _, r in rows if r == level)} {level}" for level in levels
        )
        summary = (
            f"{len(rows)} ratings on the {scale.title.lower()} scale, best to worst: {counts}."
        )
        chart_id = f"chart-{report.slug}-{slugify(scale_id)}"
        charts.append(
            rating_chart(chart_id, title, levels, rows, summary, row_header="Criterion or standard")
        )
    return charts


def area_charts(archive: Archive, reports: list[Report]) -> list[str]:
    """Every chart for an area: per family, its percentages, then each inspection's ratings."""
    families: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        families[family(archive.frameworks[report.framework])].append(report)
    charts: list[str] = []
    for base_id, members in sorted(families.items()):
        ordered = by_time(members)
        base = archive.frameworks.get(base_id) or archive.frameworks[ordered[0].framework]
        for sample, group in _samples(archive, ordered):
            suffix = "" if not sample else f"-{slugify(group[0].slug)}"
            chart_id = f"chart-{slugify(base_id)}-percent{suffix}"
            if chart := percent_chart(archive, base, group, chart_id, sample):
                charts.append(chart)
        for report in ordered:
            charts += rating_charts(archive, report)
    return charts
