"""What the site adds to a report page is marked, and derived views quote whole sentences.

One strict build of the real archive serves every test here:

- every sentence the site writes on a report page (the literal wording of the
  components that explain, compare and recalculate, and every explanation the
  score stage and the frameworks supply) appears only inside the labelled
  "Added by this site" container, never as if the report said it;
- the search box quotes whole sentences, labelled and linked by the passage's
  real container (run in Node with Pagefind's client and the box's own code);
- the good-practice library quotes whole sentences.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from sites import build_project_site

from generator.explore.library import library, sentences
from generator.model.markdown import render
from generator.stages.present import explained
from generator.stages.score import score_report
from generator.stages.validate import load_archive
from generator.stages.wording import change

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
COMPONENTS = ROOT / "templates" / "components"
# The components whose every word is the site's own: they render only inside the container.
ADDED = ("site_added", "score_explainer", "what_changed")
SEARCH_JS = ROOT / "content" / "assets" / "javascripts" / "search.js"
PASSAGES = Path(__file__).with_name("search_passages.mjs")
VOID = frozenset(["br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area"])


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w%]+", " ", text.casefold()).split())


class Split(HTMLParser):
    """A report article's text, inside and outside the site's containers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: inside a container?
        self.article = 0
        self.inside: list[str] = []
        self.outside: list[str] = []
        self.labels: list[str] = []
        self._label = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "article":
            self.article += 1
        if tag in VOID:
            self.outside.append(" ") if not self._in() else self.inside.append(" ")
            return
        self.stack.append(self._in() or "data-site-added" in names)
        self._label = "site-added__tag" in (names.get("class") or "")
        (self.inside if self._in() else self.outside).append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.stack:
            self.stack.pop()
        if tag == "article":
            self.article -= 1
        self._label = False
        (self.inside if self._in() else self.outside).append(" ")

    def handle_data(self, data: str) -> None:
        if not self.article:
            return
        if self._label:
            self.labels.append(data)
        (self.inside if self._in() else self.outside).append(data)

    def _in(self) -> bool:
        return bool(self.stack) and self.stack[-1]


def split(html: str) -> Split:
    parser = Split()
    parser.feed(html)
    return parser


CALL = re.compile(r"\{%-?\s*call site_added\b.*?%\}(.*?)\{%-?\s*endcall", re.S)


def _runs(source: str) -> set[str]:
    """Every run of three or more words between markup and template code."""
    source = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}|<[^>]+>", "|", source, flags=re.S)
    return {w for run in source.split("|") if len((w := norm(run)).split()) >= 3}


def template_wording() -> set[str]:
    """The literal text the site writes in templates: all of its own components, and
    whatever any component puts inside a ``site_added`` call."""
    found: set[str] = set()
    for path in sorted(COMPONENTS.glob("*.html.j2")):
        source = path.read_text(encoding="utf-8")
        if path.name.removesuffix(".html.j2") in ADDED:
            found |= _runs(source)
        for block in CALL.findall(source):
            found |= _runs(block)
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("site-added") / "site"
    build_project_site(out)
    yield out
    shutil.rmtree(out, ignore_errors=True)


def site_sentences(slug: str) -> set[str]:
    """Every sentence the site writes about one report: the components' wording, the score
    stage's explanations, the frameworks' accounts of their methods and the changes."""
    archive = load_archive(DATA)
    report = archive.reports[slug]
    fw = archive.frameworks[report.framework]
    found = set(template_wording())
    found |= {norm(f.explanation) for f in explained(score_report(report, archive.frameworks))}
    if fw.overall and fw.overall.excluded_reason:
        found.add(norm(fw.overall.excluded_reason))
    if fw.overall and fw.overall.source and fw.overall.source.note:
        found.add(norm(fw.overall.source.note))
    if fw.baseline:
        found |= {norm(fw.baseline.sample), norm(fw.baseline.original_sample)}
    for part in report.parts:
        for result in part.criteria:
            if moved := change(result.previous_score, result.score):
                found.add(norm(f"Change: {moved.words}."))
    return {s for s in found if s}


SLUGS = sorted(p.stem for p in DATA.joinpath("reports").glob("*.yaml"))


@pytest.mark.parametrize("slug", SLUGS)
def test_no_site_written_sentence_appears_outside_the_container(site: Path, slug: str) -> None:
    page = split((site / "reports" / slug / "index.html").read_text(encoding="utf-8"))
    outside, inside = norm("".join(page.outside)), norm("".join(page.inside))
    written = site_sentences(slug)
    leaked = sorted(s for s in written if s in outside)
    assert leaked == []
    # The page does carry the site's additions, in the container: the check is not vacuous.
    shown = [s for s in written if s in inside]
    assert len(shown) >= 3, shown
    assert page.labels and all(label == "Added by this site" for label in page.labels)


def test_the_follow_up_compares_only_figures_on_one_sample(site: Path) -> None:
    html = (site / "reports" / "gwent-2005-esi-follow-up" / "index.html").read_text("utf-8")
    page = split(html)
    inside = norm("".join(page.inside))
    assert norm("they cover the high risk of harm cases of the original inspection only") in inside
    assert norm("they are not compared here") in inside
    # No link from the summary to the 2004 report's criteria, whose figures cover all cases.
    table = html[
        html.index('id="what-changed"') : html.index("</table>", html.index('id="what-changed"'))
    ]
    assert "gwent-2004-esi/#" not in table


def node(script: Path, *args: str) -> Any:
    """What a Node script prints, as JSON."""
    found = shutil.which("node")
    if found is None:
        pytest.skip("Node is needed to run Pagefind's client (make browser-deps installs it)")
    result = subprocess.run(
        [found, str(script), *args], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def passages(site: Path, words: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = node(PASSAGES, str(site / "pagefind"), str(SEARCH_JS), words)
    return found


def test_search_labels_a_passage_by_its_real_container(site: Path) -> None:
    (result,) = passages(site, "genogram")
    (section,) = result["sections"]
    assert {k: section[k] for k in ("title", "url", "text", "marked")} == {
        "title": "Strengths: Good practice example",
        "url": "/reports/gwent-2004-esi/#b1-good-practice-1",
        "text": "The case manager constructed a genogram, which is a diagram that shows how "
        "people in multiple families are related and the nature of the relationship.",
        "marked": ["genogram,"],
    }


END = re.compile(r"[.!?][\"'’”)]*$")


@pytest.mark.parametrize(
    "words", ["risk of harm", "score", "per cent", "court", "staffing", "management"]
)
def test_search_quotes_whole_sentences_without_table_debris(site: Path, words: str) -> None:
    quoted = [s for r in passages(site, words) for s in r["sections"] if s["text"]]
    assert quoted
    for shown in quoted:
        text = shown["text"]
        # Whole: the word before it ends a sentence (or a block, which Pagefind ends with
        # a full stop), and so does its own last word; a sentence too long to show
        # whole is cut around its match, and the cut marked.
        if shown["before"] is None:
            assert text.startswith("… "), text
        else:
            assert shown["before"] == "" or END.search(shown["before"]), shown
        if shown["after"] is None:
            assert text.endswith(" …"), text
        else:
            assert END.search(shown["after"]) and text.endswith(shown["after"]), shown
        # Table cells run together, or a score with its scale's name, are not sentences.
        assert not re.search(r"[a-z]{2,}[A-Z][a-z]|\)\d|%[A-Za-z]", text), text
        assert not re.fullmatch(r"[\d%*. ]+|Score\.|.*Numerical score \(per cent\)\.", text)


def test_library_excerpts_are_whole_sentences() -> None:
    archive = load_archive(DATA)
    entries = library(archive).entries
    assert entries
    for entry in entries:
        units = sentences(render(entry.box.body))
        # The excerpt is the box's first sentences, whole: never cut inside one.
        assert any(entry.excerpt == " ".join(units[:n]) for n in range(1, len(units) + 1))
    genogram = next(e for e in entries if "genogram" in e.box.body)
    assert genogram.excerpt == (
        "To assess the risk of harm of a sex offender, the case manager needed to understand "
        "complex family relationships."
    )


def test_the_search_region_filter_finds_every_report_of_the_region(site: Path) -> None:
    query = Path(__file__).with_name("pagefind_query.mjs")
    found = node(query, str(site / "pagefind"), "-", "region", "Wales")
    assert found["filters"]["region"] == {"North East": 1, "Wales": 3}
    assert sorted(r["url"] for r in found["results"]) == [
        "/reports/gwent-2004-esi/",
        "/reports/gwent-2005-esi-follow-up/",
        "/reports/gwent-2022-pdu/",
    ]
