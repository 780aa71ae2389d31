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

import textwrap
from dataclasses import dataclass
from html import escape

WIDTH = 400  # the drawing's width in its own units; CSS shows it at most ~1.2 times that
FONT = 14  # the type size in those units (explore.css): about 12.5px on a 390px phone
LINE = 17  # one line of a label
ROW = 20  # height of one bar
GAP = 12  # space between categories
VALUE_W = 44  # room for the printed value after a bar
PLOT_W = WIDTH - VALUE_W  # a bar of 100%
LABEL_CHARS = 50  # a label's line at FONT in WIDTH; longer labels wrap, never cut


def _lines(label: str, chars: int = LABEL_CHARS) -> list[str]:
    """A label as lines that fit the chart's width: wrapped at spaces, never shortened."""
    return textwrap.wrap(label, chars, break_long_words=True, break_on_hyphens=False) or [""]


def _text(x: float, y: float, lines: list[str], css: str, anchor: str = "start") -> str:
    """Text of one or more lines, each a <tspan> below the last."""
    spans = "".join(
        f'<tspan x="{x:g}" dy="{0 if i == 0 else LINE}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text class="{css}" x="{x:g}" y="{y:g}" text-anchor="{anchor}">{spans}</text>'


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
    """Grouped horizontal bars on a 0–100% axis, one group per category, its label above it.

    Labels take the chart's whole width and wrap, so a phone shows them whole
    in a readable size: the drawing is as narrow as a phone's screen.
    """
    labels = {key: _lines(label) for key, label in categories}
    heights = {key: LINE * len(labels[key]) + ROW * len(series) + GAP for key, _ in categories}
    height = 10 + sum(heights.values()) + 30
    parts = [
        f'<svg class="chart" id="{chart_id}-svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>',
    ]
    for tick in range(0, 101, 25):
        x = 1 + (PLOT_W - 2) * tick / 100
        anchor = "start" if tick == 0 else "end" if tick == 100 else "middle"
        parts.append(
            f'<line class="chart-grid" x1="{x:g}" y1="10" x2="{x:g}" y2="{height - 28}"/>'
            f'<text class="chart-axis" x="{x:g}" y="{height - 10}" text-anchor="{anchor}">'
            f"{tick}%</text>"
        )
    y = 10
    for key, label in categories:
        lines = labels[key]
        parts.append(_text(0, y + FONT, lines, "chart-label"))
        top = y + LINE * len(lines) + 2
        for i, s in enumerate(series):
            value = s.values.get(key)
            if value is not None:
                w = (PLOT_W - 2) * max(0.0, min(value, 100.0)) / 100
                parts.append(
                    f'<rect class="chart-series-{i + 1}" x="1" y="{top + i * ROW + 2}" '
                    f'width="{w:g}" height="{ROW - 4}"><title>{escape(s.name)}, {escape(label)}: '
                    f"{value:g}%</title></rect>"
                    f'<text class="chart-value" x="{w + 5:g}" y="{top + i * ROW + ROW - 5}">'
                    f"{value:g}%</text>"
                )
        y += heights[key]
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
    """Ratings on their own ordinal axis: one row per standard, its label above a marker.

    The levels head the columns, best on the right, each wrapped to its
    column's width (or, when a word would not fit, to two columns' width in
    alternating bands); a row's label spans the chart and wraps, as a bar chart's.
    """
    col_w = WIDTH / max(1, len(levels))
    worst_first = list(reversed(levels))
    # A level's name wraps within its column; where a word is wider than a
    # column, the names alternate between two bands, each twice as wide.
    fits = int(col_w / (FONT * 0.55))
    staggered = any(len(word) > fits for level in levels for word in level.split())
    heads = [_lines(level, fits * (2 if staggered else 1)) for level in worst_first]
    bands = [max((len(h) for h in heads[b::2]), default=0) for b in (0, 1)]
    offset = [0, LINE * bands[0] + 4 if staggered else 0]
    top = 6 + (LINE * sum(bands) + 4 if staggered else LINE * max(bands)) + 6
    labels = [_lines(label) for _key, label, _rating in rows]
    height = top + sum(LINE * len(lines) + ROW + GAP for lines in labels) + 4
    parts = [
        f'<svg class="chart" id="{chart_id}-svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>',
    ]
    for i, head in enumerate(heads):
        # Kept inside the drawing: an edge column's name may be wider than its column.
        half = max(len(line) for line in head) * FONT * 0.55 / 2
        x = min(max(col_w * (i + 0.5), half), WIDTH - half)
        parts.append(_text(x, 6 + FONT + offset[i % 2], head, "chart-axis", "middle"))
        parts.append(
            f'<line class="chart-grid" x1="{col_w * i:g}" y1="{top - 4}" x2="{col_w * i:g}" '
            f'y2="{height}"/>'
        )
    y = top
    for (_key, label, rating), lines in zip(rows, labels, strict=True):
        parts.append(_text(2, y + FONT, lines, "chart-label"))
        mid = y + LINE * len(lines) + ROW / 2
        parts.append(f'<line class="chart-grid" x1="0" y1="{mid:g}" x2="{WIDTH}" y2="{mid:g}"/>')
        if rating in worst_first:
            x = col_w * (worst_first.index(rating) + 0.5)
            parts.append(
                f'<circle class="chart-series-1" cx="{x:g}" cy="{mid:g}" r="7">'
                f"<title>{escape(label)}: {escape(rating)}</title></circle>"
            )
        y += LINE * len(lines) + ROW + GAP
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
