"""A theme the project has no file for: drafted from the report, reviewed, then built.

The source is made up (tests/fixtures/import-theme/northmoor-2005-esi.txt): an
ESI report on an invented area whose thematic element, on accommodation, no
file in data/frameworks/themes describes. It has the export's usual debris: an
image description, a section heading lost on a page break, HTML left in table
cells. Its ratings are consistent with the main framework's weight classes, so
the drafted weights are kept; variants of it are not. A second made-up export
(eastbridge-2006-esi.txt, substance misuse) was written after the drafter.

The fidelity measure is tests/test_fidelity.py's, through its helpers: the
source's units (sentences and table rows) found on the report's page, and, of
those, the share in the source's order, measured as the longest increasing
subsequence of their page positions (:func:`in_order`, written here until
test_fidelity.py has one).
"""

from __future__ import annotations

import bisect
import functools
import json
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import ALL_EDITS, mutate
from test_fidelity import page_text, source_units

from generator import build_site
from generator.cli import main
from generator.importer import parse_report
from generator.importer.run import import_source
from generator.importer.theme_draft import check_draft, draft_text
from generator.model.archive import Archive
from generator.model.framework import Framework
from generator.stages.validate import load_archive, load_frameworks

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "import-theme"
SOURCE = FIXTURES / "northmoor-2005-esi.txt"
SLUG = "northmoor-2005-esi"
THEME = "accommodation-2005"
RATINGS = {
    "Quality of Accommodation Assessment": 60,
    "Quality of Accommodation Interventions": 64,
    "Quality of Accommodation Initial Outcomes": 45,
}
UNPRINTED = "the report does not print the weights of the thematic criteria"


@functools.cache
def frameworks() -> dict[str, Framework]:
    archive = Archive()
    load_frameworks(ROOT / "data" / "frameworks", archive)
    return archive.frameworks


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data" / "frameworks", tmp_path / "data" / "frameworks")
    return tmp_path / "data"


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout + result.stderr


def import_and_review(
    data: Path, source: Path = SOURCE, slug: str = SLUG, theme: str = THEME
) -> None:
    """Import the source, then do the reviewer's part: file the drafted theme, unedited."""
    code, out = cli("import", str(source), "--data", str(data))
    assert code == 0, out
    draft = data / "reports" / f"{slug}.theme.yaml.draft"
    draft.rename(data / "frameworks" / "themes" / f"{theme}.yaml")


def variant(tmp_path: Path, old: str, new: str) -> Path:
    text = SOURCE.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / SOURCE.name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def theme_figures(
    data: Path, slug: str = SLUG, names: Iterable[str] = RATINGS
) -> dict[str, dict[str, object]]:
    """The figures ``reports score --json`` gives the named ratings."""
    code, out = cli("score", "--json", "--data", str(data), str(data / "reports" / f"{slug}.yaml"))
    assert code == 0, out
    figures = json.loads(out)["figures"]
    return {f["name"]: f for f in figures if f["name"] in set(names)}


def fidelity(source: Path, html: str) -> tuple[float, float]:
    """The shares of the source's units on the page, and on it in the source's order."""
    text = page_text(f"<article>{html}</article>")
    units = in_source_order(source.read_text(encoding="utf-8"))
    on_page = 100 * sum(u in text for u in units) / len(units)
    ordered = 100 * in_order(units, text) / len(units)
    print(f"{source.name}: {len(units)} units, {on_page:.2f}% on the page, {ordered:.2f}% in order")
    return on_page, ordered


def test_the_draft_states_the_theme_as_the_report_prints_it() -> None:
    draft = parse_report(SOURCE.read_text(encoding="utf-8"), frameworks())
    assert draft.theme is not None
    data = draft.theme.data
    assert (data["id"], data["kind"], data["base"]) == (THEME, "theme", "esi-2003")
    assert (data["title"], data["short_title"]) == (
        "Thematic element: Accommodation",
        "Accommodation",
    )
    sections = {s["id"]: s for s in data["sections"]}
    assert {k: s["title"] for k, s in sections.items()} == {
        "A": "Quality of Accommodation Management",
        "B": "Quality of Accommodation Assessment",
        "C": "Quality of Accommodation Interventions",  # its heading was lost: named by its rating
        "D": "Quality of Accommodation Initial Outcomes",
    }
    criteria = {c["id"]: c for s in data["sections"] for c in s["criteria"]}
    assert list(criteria) == [
        *("A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4"),
        *("C1", "C2", "C4", "C5", "D1", "D2", "D3"),
    ]
    assert criteria["C5"]["title"] == "Management of risk of harm in accommodation"
    assert criteria["B3"]["description"] == (
        "The supervision plan sets out the action needed to secure or keep suitable "
        "accommodation, in the right order."
    )
    assert {k: c.get("scale") for k, c in criteria.items() if c.get("scale") != "percent"} == {
        "A1": "descriptive",
        "A2": "descriptive",
        "A3": "descriptive",
        "A4": "descriptive",
        "D3": "descriptive",
    }
    assert data["score_columns"] == {"descriptive": "Assessment", "percent": "Score"}
    # Weight classes of the main framework for the same ids, kept: they reproduce the ratings.
    assert {k: c.get("weight") for k, c in criteria.items() if c.get("weight")} == {
        "B1": "critical",
        "B2": "critical",
        "B3": "critical",
        "B4": "important",
        "C1": "critical",
        "C2": "critical",
        "C4": "important",
        "C5": "critical",
        "D1": "critical",
        "D2": "important",
    }
    assert data["ratings"] == [
        {"section": "B", "name": "Quality of Accommodation Assessment"},
        {"section": "C", "name": "Quality of Accommodation Interventions"},
        {"section": "D", "name": "Quality of Accommodation Initial Outcomes"},
    ]
    assert data["sources"][0]["note"] == (
        f"Drafted by reports import from this one report: {UNPRINTED}; the main framework "
        "esi-2003's weight classes for the same criterion ids reproduce every published quality "
        "rating (Quality of Accommodation Assessment 59.7%, Quality of Accommodation "
        "Interventions 63.6%, Quality of Accommodation Initial Outcomes 45.3%), so they are kept."
    )
    thematic = draft.data["thematic"]
    assert thematic["theme"] == THEME
    assert [(r["name"], r.get("score")) for r in thematic["ratings"]][1:] == [
        (name, f"{value}%") for name, value in RATINGS.items()
    ]
    scores = {c["id"]: c.get("score") for p in thematic["parts"] for c in p["criteria"]}
    assert (scores["A1"], scores["C1"], scores["D3"]) == ("Well met", "81%", "Not met")


def test_the_draft_is_written_beside_the_report_and_nothing_builds_until_it_is_filed(
    data: Path,
) -> None:
    code, out = cli("import", str(SOURCE), "--data", str(data))
    assert code == 0, out
    reports = data / "reports"
    draft = reports / f"{SLUG}.theme.yaml.draft"
    destination = data / "frameworks" / "themes" / f"{THEME}.yaml"
    assert sorted(p.name for p in reports.iterdir()) == [
        f"{SLUG}.import.txt",
        f"{SLUG}.theme.yaml.draft",
        f"{SLUG}.yaml",
    ]
    assert draft.read_text(encoding="utf-8").startswith(
        f"# DRAFT theme framework, drafted by `reports import` from {SOURCE}.\n"
        "# Nobody has reviewed it yet. Check every section, criterion id, title, description,\n"
        "# scale and weight against the report's thematic element, and read the note under\n"
        f"# `sources`; then move this file to {destination}.\n"
        "# Until it is there, the report imported with it does not build.\n"
        f"id: {THEME}\n"
    )
    note = (
        f"- drafted theme {THEME!r} written to {draft}: check it against the source, then move "
        f"it to {destination}; the report builds only once it is there"
    )
    assert note in (reports / f"{SLUG}.import.txt").read_text(encoding="utf-8").splitlines()
    assert not destination.exists()
    problems = [p.message for p in load_archive(data).problems]
    assert problems == [f"unknown theme (expected one of domestic-violence-2003, got {THEME!r})"]
    code, out = cli("import", str(SOURCE), "--data", str(data))
    assert code == 1
    assert f"{reports / SLUG}.yaml: already exists (use --force to overwrite it)" in out


def test_filed_unedited_it_builds_with_the_ratings_computed_and_the_text_in_order(
    data: Path,
) -> None:
    import_and_review(data)
    figures = theme_figures(data)
    assert {n: (f["stated"], f["status"]) for n, f in figures.items()} == {
        name: (value, "match") for name, value in RATINGS.items()
    }
    assert [f["computed"] for f in figures.values()] == [59.71, 63.57, 45.33]
    site = build_site(data)
    page = next(p for p in site.pages if p.src_uri == f"reports/{SLUG}/index.md")
    # The theme's good practice has its shelf in the library; its ratings are open data.
    assert f"good-practice/{THEME}/a4/index.md" in [p.src_uri for p in site.pages]
    rows = site.files[f"reports/{SLUG}/data.csv"].splitlines()
    assert [r.split(",")[2:4] for r in rows if ",theme:" in r] == [
        [f"theme:{s}", name] for s, name in zip("BCD", RATINGS, strict=True)
    ]
    on_page, ordered = fidelity(SOURCE, page.html)
    assert on_page >= 99
    assert ordered >= 98
    assert "image description" in (data / "reports" / f"{SLUG}.import.txt").read_text()
    # A re-import finds the filed theme: the same report, and no second draft.
    report = data / "reports" / f"{SLUG}.yaml"
    first = report.read_text(encoding="utf-8")
    code, out = cli("import", str(SOURCE), "--data", str(data), "--force")
    assert code == 0, out
    assert "drafted theme" not in out
    assert not (data / "reports" / f"{SLUG}.theme.yaml.draft").exists()
    assert report.read_text(encoding="utf-8") == first


def test_a_second_export_builds_with_its_ratings_stated_and_why_they_are_not_computed(
    data: Path,
) -> None:
    """An export written after the drafter: substance misuse, its criteria laid out as the
    main sections lay theirs (heading, score and 'Description:' on lines of their own), and
    ratings the main framework's weights do not give (equal weights give 52%, not 53%)."""
    slug, theme = "eastbridge-2006-esi", "substance-misuse-2006"
    source = FIXTURES / f"{slug}.txt"
    import_and_review(data, source, slug, theme)
    stated = {
        "Quality of Substance Misuse Assessment": 59,
        "Quality of Substance Misuse Interventions": 66,
        "Quality of Substance Misuse Initial Outcomes": 52,
    }
    reason = (
        f"{UNPRINTED}, and the main framework esi-2003's weight classes for the same criterion "
        "ids do not reproduce every published quality rating (Quality of Substance Misuse "
        "Initial Outcomes: computed 53%, published 52%)"
    )
    figures = theme_figures(data, slug, stated)
    assert {n: (f["stated"], f["computed"], f["status"]) for n, f in figures.items()} == {
        name: (value, None, "not computed") for name, value in stated.items()
    }
    assert {f["explanation"] for f in figures.values()} == {f"as published; not computed: {reason}"}
    page = next(p for p in build_site(data).pages if p.src_uri == f"reports/{slug}/index.md")
    on_page, ordered = fidelity(source, page.html)
    assert on_page >= 99
    assert ordered >= 98


def test_ratings_the_main_weights_do_not_reproduce_are_stated_with_the_reason(
    tmp_path: Path, data: Path
) -> None:
    source = variant(tmp_path, "Initial Outcomes</i>\t45%", "Initial Outcomes</i>\t47%")
    code, out = cli("import", str(source), "--data", str(data))
    assert code == 0, out
    # Said at import, and not counted among the criterion scores imported as inputs.
    assert "  score Quality of Accommodation Initial Outcomes: not computed (as published" in out
    assert "  score: 33 published criterion scores imported as inputs" in out
    draft = data / "reports" / f"{SLUG}.theme.yaml.draft"
    draft.rename(data / "frameworks" / "themes" / f"{THEME}.yaml")
    reason = (
        f"{UNPRINTED}, and the main framework esi-2003's weight classes for the same criterion "
        "ids do not reproduce every published quality rating (Quality of Accommodation Initial "
        "Outcomes: computed 45.3%, published 47%)"
    )
    stated = {**RATINGS, "Quality of Accommodation Initial Outcomes": 47}
    assert theme_figures(data) == {
        name: {
            "name": name,
            "stated": value,
            "computed": None,
            "status": "not computed",
            "explanation": f"as published; not computed: {reason}",
        }
        for name, value in stated.items()
    }
    theme = (data / "frameworks" / "themes" / f"{THEME}.yaml").read_text(encoding="utf-8")
    assert "weight:" not in theme and "aggregate:" not in theme
    site = build_site(data)
    page = next(p for p in site.pages if p.src_uri == f"reports/{SLUG}/index.md")
    explained = "<strong>Quality of Accommodation Initial Outcomes</strong>: as published; not"
    assert explained in page.html
    opened = json.loads(site.files[f"reports/{SLUG}/data.json"])["figures"]
    assert [(f["name"], f["stated"], f["status"]) for f in opened if f["name"] in RATINGS] == [
        (name, value, "not computed") for name, value in stated.items()
    ]


def test_a_criterion_the_main_framework_does_not_weigh_leaves_the_ratings_uncomputed(
    tmp_path: Path,
) -> None:
    source = variant(tmp_path, "C4: Responsivity:", "C6: Responsivity:")
    draft = parse_report(source.read_text(encoding="utf-8"), frameworks())
    assert draft.theme is not None
    reason = f"{UNPRINTED}, and the main framework esi-2003 has no weight class for C6"
    assert [r.get("not_computed") for r in draft.theme.data["ratings"]] == [reason] * 3


def test_weights_the_report_prints_are_the_ones_used(tmp_path: Path, data: Path) -> None:
    ids = ("B1", "B2", "B3", "B4", "C1", "C2", "C4", "C5", "D1", "D2")
    table = "".join(f"{i}\tCriterion {i}\tCritical\n" for i in ids)
    source = variant(tmp_path, "\nOverall assessment\n", f"\n{table}\nOverall assessment\n")
    draft = parse_report(source.read_text(encoding="utf-8"), frameworks())
    assert draft.theme is not None
    weights = {c.id: c.weight for s in draft.theme.framework.sections for c in s.criteria}
    assert {k: v for k, v in weights.items() if v} == dict.fromkeys(ids, "critical")
    listed = ", ".join(f"{i} Critical" for i in ids)
    assert draft.theme.data["sources"][0]["note"] == (
        "Drafted by reports import from this one report: the report prints the weights of the "
        f"thematic criteria ({listed})."
    )
    # Printed, they are the theme's whether or not they reproduce the ratings: equal weights
    # give the plain means, and the scores say where those differ from the published figures.
    import_and_review(data, source)
    assert {n: (f["computed"], f["status"]) for n, f in theme_figures(data).items()} == {
        "Quality of Accommodation Assessment": (61, "differs"),
        "Quality of Accommodation Interventions": (61.25, "differs"),
        "Quality of Accommodation Initial Outcomes": (44, "differs"),
    }


def in_source_order(text: str) -> list[str]:
    """test_fidelity's units, each placed where the source first holds it whole."""
    cuts = [m.end() for m in re.finditer(r"\n\s*\n", text)] + [len(text)]
    first: dict[str, int] = {}
    for at, cut in enumerate(cuts):
        for unit in source_units(text[:cut]):
            first.setdefault(unit, at)
    return sorted(source_units(text), key=lambda unit: first.get(unit, len(cuts)))


def in_order(units: list[str], page: str) -> int:
    """How many units the page holds in the source's order: the longest increasing
    subsequence of their page positions. A unit the page prints twice (a criterion in
    the scoring summary and in its section) is in order if either copy is."""
    tails: list[int] = []
    for unit in units:
        places = [m.start() for m in re.finditer(re.escape(unit), page)]
        # Largest first, so that one unit extends the subsequence at most once.
        for place in sorted(places, reverse=True):
            at = bisect.bisect_left(tails, place)
            if at == len(tails):
                tails.append(place)
            else:
                tails[at] = place
    return len(tails)


JUNK = ("", "SECTION C QUALITY OF ACCOMMODATION INTERVENTIONS", "C3: Housing\tScore", "<i>", "45%")


@st.composite
def damaged(draw: st.DrawFn) -> str:
    junk = st.one_of(st.sampled_from(JUNK), st.text(max_size=30))
    return mutate(draw, SOURCE.read_text(encoding="utf-8"), ALL_EDITS, junk)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_a_damaged_export_is_imported_whole_with_its_theme_or_not_at_all(text: str) -> None:
    """Whatever the conversion did, the import writes the report, its sidecar and a drafted
    theme that validates as a framework file, or writes nothing and says why in one line."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "export.txt"
        source.write_text(text, encoding="utf-8")
        reports = Path(tmp) / "data" / "reports"
        outcome = import_source(source, frameworks(), reports)
        written = sorted(p.name for p in reports.iterdir()) if reports.exists() else []
        if outcome.error is not None:
            assert "\n" not in outcome.error and "importer failed" not in outcome.error
            assert written == []
            return
        assert outcome.draft is not None and outcome.target is not None
        slug = outcome.target.name.removesuffix(".yaml")
        theme = reports / f"{slug}.theme.yaml.draft"
        assert theme.exists() == (outcome.draft.theme is not None)
        if theme.exists():
            drafted = theme.read_text(encoding="utf-8")
            assert check_draft(drafted, str(theme), frameworks())[1] == []


def test_a_theme_states_why_a_rating_is_not_computed_only_where_it_is_not() -> None:
    draft = parse_report(SOURCE.read_text(encoding="utf-8"), frameworks())
    assert draft.theme is not None
    text = draft_text(draft.theme, "export.txt", Path("theme.yaml"))
    rating = "- section: B\n  name: Quality of Accommodation Assessment\n"
    assert text.count(rating) == 1
    reasoned = text.replace(rating, f"{rating}  not_computed: no weights\n")
    unreasoned = re.sub(
        r"\n  aggregate:\n    method: \S+\n    name: Quality of Accommodation "
        r"Interventions",
        "",
        text,
    )
    problems = [str(p) for p in check_draft(reasoned, "theme.yaml", frameworks())[1]]
    problems += [str(p) for p in check_draft(unreasoned, "theme.yaml", frameworks())[1]]
    assert problems == [
        "theme.yaml:35:17: ratings.0.not_computed: section B computes this rating with its "
        "aggregate (expected no not_computed reason, got one)",
        "theme.yaml:35:3: ratings.1: section C has no aggregate to compute this rating "
        "(expected an aggregate, or a not_computed reason saying why the rating is not computed)",
    ]


def test_a_file_name_cannot_write_yaml_into_the_review_note() -> None:
    draft = parse_report(SOURCE.read_text(encoding="utf-8"), frameworks())
    assert draft.theme is not None
    text = draft_text(draft.theme, "export\nperiod: forged\n.txt", Path("themes/t.yaml"))
    assert text.startswith(
        "# DRAFT theme framework, drafted by `reports import` from export?period"
    )
    theme, problems = check_draft(text, "theme.yaml", frameworks())
    assert problems == [] and theme is not None and theme.period is None
