"""Charts: inline SVG with a text alternative and the same data as a table."""

from __future__ import annotations

from html.parser import HTMLParser

from generator.explore.charts import Series, bar_chart, rating_chart


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Collect:
    parser = Collect()
    parser.feed(html)
    return parser


def test_bar_chart_has_text_alternative_and_data_table() -> None:
    html = bar_chart(
        "trend",
        "Gwent: criterion scores, 2004 against 2005",
        [("B1", "B1 Assessment of risk of harm"), ("C1", "C1 Managing attendance")],
        [Series("2004", {"B1": 55.0, "C1": 93.0}), Series("2005", {"B1": 18.0, "C1": None})],
        "B1 fell from 55% to 18%.",
    )
    doc = parse(html)
    svg = next(attrs for tag, attrs in doc.tags if tag == "svg")
    assert svg["role"] == "img"
    assert svg["aria-labelledby"] == "trend-title trend-desc"
    assert ("caption", {}) in doc.tags
    assert [a.get("scope") for t, a in doc.tags if t == "th"].count("row") == 2
    text = "".join(doc.text)
    assert "B1 fell from 55% to 18%." in text
    assert "55%" in text and "18%" in text
    # A missing value is an empty cell, never a zero-length bar.
    assert html.count('class="chart-series-2"') == 1


def test_rating_chart_keeps_its_own_scale() -> None:
    html = rating_chart(
        "ratings",
        "Gwent PDU 2022 ratings",
        ["Outstanding", "Good", "Requires improvement", "Inadequate"],
        [("2.1", "2.1 Court work", "Outstanding"), ("2.6", "2.6 Outcomes", None)],
        "Court work was rated Outstanding.",
    )
    assert "%" not in html
    assert "<td>Not rated</td>" in html
    assert html == rating_chart(
        "ratings",
        "Gwent PDU 2022 ratings",
        ["Outstanding", "Good", "Requires improvement", "Inadequate"],
        [("2.1", "2.1 Court work", "Outstanding"), ("2.6", "2.6 Outcomes", None)],
        "Court work was rated Outstanding.",
    )
