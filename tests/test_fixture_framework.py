"""A made-up methodology loads and scores with no code change."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import InvalidData, build
from generator.cli import main
from generator.model.report import Report
from generator.stages.score import score_report
from generator.stages.validate import load_archive

TOY = Path(__file__).parent / "fixtures" / "toy"


def test_toy_frameworks_load_and_score() -> None:
    archive = load_archive(TOY)
    assert archive.problems == []
    assert sorted(archive.frameworks) == ["toy-rated", "toy-weighted"]

    weighted = score_report(archive.reports["toy-weighted-2030"], archive.frameworks)
    x, y, overall = weighted.get("section:X"), weighted.get("section:Y"), weighted.get("overall")
    assert x and y and overall
    # X: (80×3 + 60×2 + 60×1) / 6 = 70; Y: (40 + 60) / 2 = 50; overall: 70×0.6 + 50×0.4 = 62.
    assert (x.computed, x.status) == (70.0, "match")
    assert (y.computed, y.status) == (50.0, "match")
    assert (overall.computed, overall.status) == (62.0, "match")


def test_toy_rated_bands_rules_and_points() -> None:
    archive = load_archive(TOY)
    card = score_report(archive.reports["toy-rated-2030"], archive.frameworks)
    s1, s2, s3 = (card.get(f"criterion:S{i}") for i in (1, 2, 3))
    assert s1 and s2 and s3
    # The lowest key question (65%) drives S1's rating, not the highest.
    assert (s1.computed, s1.status) == ("Bronze", "match")
    assert (s2.computed, s2.status) == ("Bronze", "match")
    # S3 is judged Gold, but the decision rule caps it at Silver.
    assert (s3.stated, s3.computed, s3.status) == ("Gold", "Silver", "differs")
    assert "can be no better than Silver" in s3.explanation
    total, rating = card.get("overall"), card.get("overall_rating")
    assert total and rating
    # Points from the stated ratings: 0 + 0 + 2 = 2, published as 3: a difference, explained.
    assert (total.stated, total.computed, total.status) == (3, 2.0, "differs")
    assert (rating.stated, rating.computed, rating.status) == ("Silver", "Bronze", "differs")
    assert rating.explanation == (
        "the report prints Silver, but 2 points is in the Bronze band (under 3 points)"
    )


def test_toy_frameworks_validate_once_their_report_templates_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A new methodology needs a YAML file and a report template; `reports validate`
    # checks both, and finds the template in an overrides folder as a build would.
    monkeypatch.chdir(TOY.parent.parent.parent)
    result = CliRunner().invoke(main, ["validate", "--data", "tests/fixtures/toy"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"tests/fixtures/toy/frameworks/{name}.yaml:5:14: report_type: no template "
        f"report/{name}.html.j2 for this report type (expected one of esi-follow-up, "
        f"esi-full, pdu-2021, got {name!r})"
        for name in ("toy-rated", "toy-weighted")
    ] + ["2 problems in 2 files"]
    (tmp_path / "report").mkdir()
    for name in ("toy-rated", "toy-weighted"):
        (tmp_path / "report" / f"{name}.html.j2").write_text("<article></article>\n")
    result = CliRunner().invoke(
        main, ["validate", "--data", "tests/fixtures/toy", "--overrides", str(tmp_path)]
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "ok: 2 reports, 2 frameworks\n"


def test_a_build_names_the_framework_whose_template_is_missing() -> None:
    # Before rendering, not as a template error of the first report that needs it.
    with pytest.raises(InvalidData) as err:
        build(TOY)
    assert [(Path(p.file).name, p.path) for p in err.value.problems] == [
        ("toy-rated.yaml", "report_type"),
        ("toy-weighted.yaml", "report_type"),
    ]


def test_a_key_question_standard_without_figures_is_not_called_judged() -> None:
    archive = load_archive(TOY)
    data = archive.reports["toy-rated-2030"].model_dump(exclude_none=True)
    data["parts"][0]["criteria"][0]["blocks"] = []
    card = score_report(Report.model_validate(data), archive.frameworks)
    s1 = card.get("criterion:S1")
    assert s1 is not None
    # S1 is rated from its lowest key question; with none published it cannot be
    # computed, and that is what it says, not that the inspectors judged it.
    assert (s1.status, s1.explanation) == (
        "not computed",
        "no key-question percentages are published",
    )
