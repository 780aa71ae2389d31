"""Nothing is lost or moved between a published report and its web page.

For each source export, the site is built and at least 99.5% of the source's
sentences must appear, as text, on that report's page, and at least 99% of
those found must appear in the source's order. The method is the one the
importer issue sets out:

- split the source into paragraphs on blank lines, and join a paragraph cut by
  a page break (one ending without punctuation, followed by one starting in
  lower case);
- split paragraphs into sentences; each tab-separated table row is a unit;
- leave out the printed contents list (page numbers have no web equivalent);
- normalise to lower-case letters, digits and %, whitespace collapsed; for
  Markdown links keep only the link text;
- count units of 40 characters or more (20 for table rows);
- the in-order share is the longest run of units found whose positions on the
  page increase in source order (a longest increasing subsequence, where a
  unit printed more than once may take any of its positions), over the units
  found.

A missing unit is excused only when the import report lists it as debris it
dropped on purpose (an image description, a table rule).
"""

from __future__ import annotations

import bisect
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sites import build_project_site

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "source-reports"
COPIES = ROOT / "tests" / "fixtures" / "import"
REPORTS = ROOT / "data" / "reports"
THRESHOLD = 99.5
ORDER_THRESHOLD = 99.0
# source export -> the report slug in data/reports
CASES = {
    "gwent-2004-esi": "gwent-2004-esi",
    "county-durham-2004-esi": "county-durham-2004-esi",
    "gwent-2005-esi-follow-up": "gwent-2005-esi-follow-up",
    "gwent-pdu-2022": "gwent-2022-pdu",
}
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
BLOCK = frozenset(
    [
        "p",
        "li",
        "ul",
        "ol",
        "table",
        "tr",
        "td",
        "th",
        "caption",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "nav",
        "figure",
        "figcaption",
        "details",
        "summary",
        "blockquote",
        "dt",
        "dd",
        "dl",
        "br",
        "hr",
    ]
)


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9%\s]", "", text.lower()).split())


VOID = frozenset(["br", "hr", "img", "input", "wbr", "meta", "link", "source", "col", "area"])


class PageText(HTMLParser):
    """The visible text of a page's article, with blocks kept apart and inline tags joined.

    What the site adds ("Added by this site", ``data-site-added``) is not the
    report's text: it is left out, so it neither counts for the source nor
    splits two of the source's words that the page sets side by side."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []
        self.added: list[bool] = []  # per open element: inside the site's container?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        if tag not in VOID:
            inside = bool(self.added and self.added[-1])
            self.added.append(inside or any(name == "data-site-added" for name, _ in attrs))
        if tag in BLOCK:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK:
            self.parts.append(" ")
        if tag not in VOID and self.added:
            self.added.pop()
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth > 0 and not (self.added and self.added[-1]):
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = PageText()
    parser.feed(html)
    return norm("".join(parser.parts))


def _contents_line(line: str) -> bool:
    cells = [c.strip() for c in line.split("\t") if c.strip()]
    return bool(cells) and (re.fullmatch(r"\d{1,3}|page", cells[-1], re.IGNORECASE) is not None)


def source_units(text: str) -> list[str]:
    """The units a reader would look for: sentences and table rows."""
    # Stray HTML from the PDF conversion (<p><i>…</i></p>) is markup, not text.
    text = re.sub(r"<[^>\n]+>", "", LINK.sub(r"\1", text))
    lines = text.split("\n")
    # The printed contents list: the block from a 'Contents' heading to its last page number.
    start = next((i for i, ln in enumerate(lines) if norm(ln) == "contents"), None)
    if start is not None:
        end = start + 1
        while end < len(lines) and (
            not lines[end].strip()
            or _contents_line(lines[end])
            or "\t" in lines[end]
            or end - start < 3
        ):
            end += 1
        lines = lines[:start] + lines[end:]
    # Rows and paragraphs in source order: a row is a unit at once, a paragraph
    # only once it is known not to continue on the next page.
    items: list[list[str]] = []
    last_para: list[str] | None = None
    for block in re.split(r"\n\s*\n", "\n".join(lines)):
        for row in (ln for ln in block.split("\n") if "\t" in ln):
            if len(unit := norm(row.replace("\t", " "))) >= 20:
                items.append(["row", unit])
        para = " ".join(ln.strip() for ln in block.split("\n") if "\t" not in ln and ln.strip())
        if not para:
            continue
        cut = last_para and not re.search(r"[.!?:;][\"'’”)*_]*$", last_para[1])
        if last_para and cut and re.match(r"^[-*▣❑•\s]*[a-z]", para):
            last_para[1] += " " + para
        else:
            last_para = ["para", para]
            items.append(last_para)
    units: list[str] = []
    for kind, text in items:
        if kind == "row":
            units.append(text)
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if len(unit := norm(sentence)) >= 40:
                units.append(unit)
    return units


def debris(slug: str) -> str:
    """What the import report says it dropped on purpose, normalised."""
    sidecar = REPORTS / f"{slug}.import.txt"
    if not sidecar.exists():
        return ""
    text = sidecar.read_text(encoding="utf-8")
    dropped = text.split("## Dropped", 1)[-1].split("\n## ", 1)[0]
    return norm(dropped)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("fidelity") / "site"
    build_project_site(out)
    yield out
    shutil.rmtree(out, ignore_errors=True)


def coverage(source: str, html: str, slug: str) -> tuple[float, list[str], list[str]]:
    units = source_units(source)
    page = page_text(html)
    dropped = debris(slug)
    missing = [u for u in units if u not in page]
    unexcused = [u for u in missing if u not in dropped]
    kept = 100 * (1 - len(missing) / max(1, len(units)))
    return kept, missing, unexcused


def positions(unit: str, page: str) -> list[int]:
    """Every place ``unit`` starts on the page."""
    found: list[int] = []
    at = page.find(unit)
    while at >= 0:
        found.append(at)
        at = page.find(unit, at + 1)
    return found


def in_order(places: list[list[int]]) -> int:
    """The longest run of units, in source order, whose page positions increase.

    Each unit offers its positions; taking them largest first lets at most one
    of a unit's positions extend any run (patience sorting, O(n log n)).
    """
    tails: list[int] = []
    for options in places:
        for place in sorted(options, reverse=True):
            k = bisect.bisect_left(tails, place)
            if k == len(tails):
                tails.append(place)
            else:
                tails[k] = place
    return len(tails)


def order_share(source: str, html: str) -> float:
    """The share, in %, of the source units found on the page that are in the source's order."""
    page = page_text(html)
    places = [p for u in source_units(source) if (p := positions(u, page))]
    return 100 * in_order(places) / max(1, len(places))


@pytest.mark.parametrize("source_name", sorted(CASES))
def test_sentences_of_the_source_appear_on_the_page(site: Path, source_name: str) -> None:
    source_file = SHARED / f"{source_name}.txt"
    if not source_file.exists():
        source_file = COPIES / f"{source_name}.txt"
    if not source_file.exists():
        pytest.skip(f"no copy of {source_name}.txt on this machine")
    slug = CASES[source_name]
    html = (site / "reports" / slug / "index.html").read_text(encoding="utf-8")
    source = source_file.read_text(encoding="utf-8")
    kept, missing, unexcused = coverage(source, html, slug)
    ordered = order_share(source, html)
    print(f"{slug}: {kept:.2f}% of units on the page, {ordered:.2f}% of them in the source's order")
    for unit in missing:
        print("  missing" + (" (listed debris)" if unit not in unexcused else "") + ":", unit)
    assert kept >= THRESHOLD
    excused_share = (
        100
        * (len(missing) - len(unexcused))
        / max(1, len(source_units(source_file.read_text(encoding="utf-8"))))
    )
    assert excused_share <= 100 - THRESHOLD
    assert ordered >= ORDER_THRESHOLD


def test_units_follow_the_method() -> None:
    source = (
        "CONTENTS\n\n\tPage\nGlossary\t4\nSummary\t5\n\n"
        "This sentence was cut by a page break and it continues\n\n"
        "on the next page after the break.\n\n"
        "See [the Inspectorate's website for details of the method](https://example.org).\n\n"
        "Proportion of cases\t90%\t75%\n"
    )
    assert source_units(source) == [
        "this sentence was cut by a page break and it continues on the next page after the break",
        "see the inspectorates website for details of the method",
        "proportion of cases 90% 75%",
    ]
    assert page_text(
        "<article><p>The <abbr title='x'>NPS</abbr>'s work</p><p>Next</p></article>"
    ) == ("the npss work next")
    assert page_text(
        "<article><p>Kept</p><div data-site-added><p>Added <br>by</p><div>us</div></div>"
        "<p>Also kept</p></article>"
    ) == ("kept also kept")


def test_order_share_counts_the_longest_run_in_source_order() -> None:
    first = "the first sentence of the source, long enough to count."
    second = "the second sentence of the source, long enough to count."
    third = "the third sentence of the source, and long enough to count."
    source = f"{first} {second} {third}"
    as_printed = f"<article><p>{first}</p><p>{second}</p><p>{third}</p></article>"
    assert order_share(source, as_printed) == 100
    moved = f"<article><p>{third}</p><p>{first}</p><p>{second}</p></article>"
    assert round(order_share(source, moved), 2) == 66.67
    # A unit printed twice (a summary and its section) may be read at either place.
    repeated = f"<article><p>{second}</p><p>{first}</p><p>{second}</p><p>{third}</p></article>"
    assert order_share(source, repeated) == 100
    assert in_order([[5], [1, 9], [7], [8]]) == 3
