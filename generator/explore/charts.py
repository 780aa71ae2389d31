"""Charts drawn at build time as inline SVG: no chart service, no JavaScript.

Each chart is a ``<figure>`` holding the SVG (with its own title and
description for screen readers), a caption, and the data as a table, so the
numbers are there for anyone who cannot see the picture. Colours come from CSS
custom properties, so both palettes restyle them; series are also told apart
by position and printed values, never by colour alone. Percentages and
ratings never share an axis: they are different scales and get different
charts.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

ROW = 22  # height of one bar
GAP = 10  # space between criteria
LABEL_W = 170  # width of the category label column
PLOT_W = 420  # width of the plotting area
VALUE_W = 48  # room for the printed value after a bar
LABEL_CHARS = 26  # what fits in LABEL_W at the chart's type size; the data table has the rest


def _short(label: str) -> str:
    """A category label cut to fit the label column; the full text is in the data table."""
    if len(label) <= LABEL_CHARS:
        return label
    return label[: LABEL_CHARS - 1].rstrip() + "…"


@dataclass(frozen=True)
class Series:
    """One set of values, for example a year's inspection."""

    name: str
    values: dict[str, float | None]


def _table(
    caption: str, header: str, categories: list[tuple[str, str]], series: list[Series], unit: str
) -> str:
    head = "".join(f'<th scope="col">{escape(s.name)}</th>' for s in series)
    body = []
    for key, label in categories:
        cells = "".join(
            f"<td>{'' if s.values.get(key) is None else f'{s.values[key]:g}{unit}'}</td>"
            for s in series
        )
        body.append(f'<tr><th scope="row">{escape(label)}</th>{cells}</tr>')
    return (
        f'<div class="chart-data"><table><caption>{escape(caption)}</caption>'
        f'<thead><tr><th scope="col">{escape(header)}</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def bar_chart(
    chart_id: str, title: str, categories: list[tuple[str, str]], series: list[Series], summary: str
) -> str:
    """Grouped horizontal bars on a 0–100% axis, one group per category."""
    group_h = ROW * len(series) + GAP
    height = 30 + group_h * len(categories) + 40
    width = LABEL_W + PLOT_W + VALUE_W
    parts = [
        f'<svg class="chart" id="{chart_id}-svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>',
    ]
    for tick in range(0, 101, 25):
        x = LABEL_W + PLOT_W * tick / 100
        parts.append(
            f'<line class="chart-grid" x1="{x:g}" y1="20" x2="{x:g}" y2="{height - 30}"/>'
            f'<text class="chart-axis" x="{x:g}" y="{height - 12}" text-anchor="middle">'
            f"{tick}%</text>"
        )
    y = 30
    for key, label in categories:
        parts.append(
            f'<text class="chart-label" x="{LABEL_W - 8}" y="{y + ROW * len(series) / 2 + 4:g}" '
            f'text-anchor="end">{escape(_short(label))}</text>'
        )
        for i, s in enumerate(series):
            value = s.values.get(key)
            if value is not None:
                w = PLOT_W * max(0.0, min(value, 100.0)) / 100
                parts.append(
                    f'<rect class="chart-series-{i + 1}" x="{LABEL_W}" y="{y + i * ROW + 2}" '
                    f'width="{w:g}" height="{ROW - 4}"><title>{escape(s.name)}, {escape(label)}: '
                    f"{value:g}%</title></rect>"
                    f'<text class="chart-value" x="{LABEL_W + w + 4:g}" y="{y + i * ROW + ROW - 7}">'
                    f"{value:g}%</text>"
                )
        y += group_h
    parts.append("</svg>")
    legend = "".join(
        f'<li><span class="chart-key chart-series-{i + 1}" aria-hidden="true"></span>'
        f"{escape(s.name)} (bar {i + 1} of each group)</li>"
        for i, s in enumerate(series)
    )
    return (
        # A figcaption must be the figure's first or last child: title and legend lead.
        f'<figure class="chart-figure" id="{chart_id}">'
        f'<figcaption>{escape(title)}<ul class="chart-legend">{legend}</ul></figcaption>'
        f"{''.join(parts)}{_table(title, 'Criterion', categories, series, '%')}</figure>"
    )


def rating_chart(
    chart_id: str,
    title: str,
    levels: list[str],
    rows: list[tuple[str, str, str | None]],
    summary: str,
    row_header: str = "Standard",
) -> str:
    """Ratings on their own ordinal axis: one row per standard, a marker at its rating."""
    col_w = PLOT_W / max(1, len(levels))
    # Level names alternate between two lines when the columns are too narrow for one.
    staggered = any(len(level) * 7 > col_w for level in levels)
    top = 54 if staggered else 40
    height = top + ROW * len(rows) + 20
    width = LABEL_W + PLOT_W
    parts = [
        f'<svg class="chart" id="{chart_id}-svg" viewBox="0 0 {width:g} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>',
    ]
    worst_first = list(reversed(levels))
    for i, level in enumerate(worst_first):
        x = LABEL_W + col_w * (i + 0.5)
        y = 16 + (14 * (i % 2) if staggered else 0)
        parts.append(
            f'<text class="chart-axis" x="{x:g}" y="{y}" text-anchor="middle">{escape(level)}</text>'
        )
    for r, (_key, label, rating) in enumerate(rows):
        y = top + r * ROW
        parts.append(
            f'<text class="chart-label" x="{LABEL_W - 8}" y="{y + 4}" text-anchor="end">'
            f"{escape(_short(label))}</text>"
            f'<line class="chart-grid" x1="{LABEL_W}" y1="{y}" x2="{width:g}" y2="{y}"/>'
        )
        if rating in worst_first:
            x = LABEL_W + col_w * (worst_first.index(rating) + 0.5)
            parts.append(
                f'<circle class="chart-series-1" cx="{x:g}" cy="{y}" r="7">'
                f"<title>{escape(label)}: {escape(rating)}</title></circle>"
            )
    parts.append("</svg>")
    body = "".join(
        f'<tr><th scope="row">{escape(label)}</th><td>{escape(rating or "Not rated")}</td></tr>'
        for _key, label, rating in rows
    )
    table = (
        f'<div class="chart-data"><table><caption>{escape(title)}</caption>'
        f'<thead><tr><th scope="col">{escape(row_header)}</th><th scope="col">Rating</th></tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )
    return (
        f'<figure class="chart-figure" id="{chart_id}"><figcaption>{escape(title)}</figcaption>'
        f"{''.join(parts)}{table}</figure>"
    )
