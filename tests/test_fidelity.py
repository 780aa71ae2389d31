"""Nothing is lost between a published report and its web page.

For each source export, the site is built and at least 99.5% of the source's
sentences must appear, as text, on that report's page. The method is the one
the importer issue sets out:

- split the source into paragraphs on blank lines, and join a paragraph cut by
  a page break (one ending without punctuation, followed by one starting in
  lower case);
- split paragraphs into sentences; each tab-separated table row is a unit;
- leave out the printed contents list (page numbers have no web equivalent);
- normalise to lower-case letters, digits and %, whitespace collapsed; for
  Markdown links keep only the link text;
- count units of 40 characters or more (20 for table rows).

A missing unit is excused only when the import report lists it as debris it
dropped on purpose (an image description, a table rule).
"""

from __future__ import annotations

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
    units: list[str] = []
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", "\n".join(lines)):
        rows = [ln for ln in block.split("\n") if "\t" in ln]
        for row in rows:
            if len(unit := norm(row.replace("\t", " "))) >= 20:
                units.append(unit)
        para = " ".join(ln.strip() for ln in block.split("\n") if "\t" not in ln and ln.strip())
        if not para:
            continue
        cut = paragraphs and not re.search(r"[.!?:;][\"'’”)*_]*$", paragraphs[-1])
        if cut and re.match(r"^[-*▣❑•\s]*[a-z]", para):
            paragraphs[-1] += " " + para
        else:
            paragraphs.append(para)
    for para in paragraphs:
        for sentence in re.split(r"(?<=[.!?])\s+", para):
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


@pytest.mark.parametrize("source_name", sorted(CASES))
def test_sentences_of_the_source_appear_on_the_page(site: Path, source_name: str) -> None:
    source_file = SHARED / f"{source_name}.txt"
    if not source_file.exists():
        source_file = COPIES / f"{source_name}.txt"
    if not source_file.exists():
        pytest.skip(f"no copy of {source_name}.txt on this machine")
    slug = CASES[source_name]
    html = (site / "reports" / slug / "index.html").read_text(encoding="utf-8")
    kept, missing, unexcused = coverage(source_file.read_text(encoding="utf-8"), html, slug)
    print(f"{slug}: {kept:.2f}% of units on the page")
    for unit in missing:
        print("  missing" + (" (listed debris)" if unit not in unexcused else "") + ":", unit)
    assert kept >= THRESHOLD
    excused_share = (
        100
        * (len(missing) - len(unexcused))
        / max(1, len(source_units(source_file.read_text(encoding="utf-8"))))
    )
    assert excused_share <= 100 - THRESHOLD


def test_units_follow_the_method() -> None:
    source = (
        "CONTENTS\n\n\tPage\nGlossary\t4\nSummary\t5\n\n"
        "This sentence was cut by a page break and it continues\n\n"
        "on the next page after the break.\n\n"
        "See [the Inspectorate's website for details of the method](https://example.org).\n\n"
        "Proportion of cases\t90%\t75%\n"
    )
    assert source_units(source) == [
        "proportion of cases 90% 75%",
        "this sentence was cut by a page break and it continues on the next page after the break",
        "see the inspectorates website for details of the method",
    ]
    assert page_text(
        "<article><p>The <abbr title='x'>NPS</abbr>'s work</p><p>Next</p></article>"
    ) == ("the npss work next")
