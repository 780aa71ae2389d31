"""Each scoring rule on its own: pure inputs in, named figures out.

The rules are looked up by the method names the frameworks use, so the tables
must hold exactly the names the schema admits, and an unknown name is an error
that says where the framework uses it. The toy frameworks in tests/fixtures/toy
show the rules read every number and label from data.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import get_args

import pytest
from datafolders import data_folder
from pydantic import BaseModel

from generator.model.archive import Archive
from generator.model.framework import Aggregate, Criterion, DecisionRule, Framework, Overall
from generator.model.report import CriterionResult, KeyQuestionResult, KeyQuestions, Report
from generator.model.walk import results
from generator.stages.figures import Figure, compare_percent
from generator.stages.overall import (
    MEASURED,
    OVERALL_RULES,
    Tally,
    measured_inputs,
    points_sum,
    rated_standards,
    weighted_sections,
)
from generator.stages.rules import (
    AGGREGATES,
    DECISION_RULES,
    RATING_RULES,
    UnknownMethod,
    cap_when_all,
    decide,
    judgement,
    lowest_key_question,
    rate,
    read_rating,
    single_key_question,
    weight_words,
    weighted_mean,
)
from generator.stages.score import SCORERS, score_report
from generator.stages.validate import load_archive

ROOT = Path(__file__).resolve().parents[1]
TOY = Path(__file__).parent / "fixtures" / "toy"
DATA = data_folder("data")


@pytest.fixture(scope="module")
def toy() -> Archive:
    archive = load_archive(TOY)
    assert archive.problems == []
    return archive


@pytest.fixture(scope="module")
def real() -> Archive:
    archive = load_archive(DATA)
    assert archive.problems == []
    return archive


def _report(framework: str, **stated: object) -> Report:
    return Report.model_validate(
        {
            "slug": "made-up",
            "framework": framework,
            "meta": {"title": "Made up", "area": "Nowhere", "year": 2030},
            "stated": stated,
        }
    )


def _result(crit: str, score: str | None, *figures: float | None) -> CriterionResult:
    rows = [KeyQuestionResult(question=f"Question {i}?", all=v) for i, v in enumerate(figures, 1)]
    blocks = [KeyQuestions(type="key-questions", questions=rows)] if rows else []
    return CriterionResult(id=crit, score=score, blocks=blocks)


# The tables hold exactly the method names the schema admits.


def test_every_method_name_has_exactly_one_rule() -> None:
    def names(model: type[BaseModel], field: str) -> set[str]:
        return set(get_args(model.model_fields[field].annotation))

    assert names(Criterion, "rating_rule") == set(RATING_RULES)
    assert names(Aggregate, "method") == set(AGGREGATES)
    assert names(Overall, "method") == set(OVERALL_RULES)
    assert names(DecisionRule, "kind") == set(DECISION_RULES)
    # A theme is scored with the report that holds it, never as a report's framework.
    assert names(Framework, "kind") - {"theme"} == set(SCORERS)


def test_method_names_live_only_in_the_rule_tables() -> None:
    names = [*RATING_RULES, *AGGREGATES, *OVERALL_RULES, *DECISION_RULES]
    quoted = re.compile("|".join(rf"[\"']{re.escape(n)}[\"']" for n in names))
    # The schema admits the names; the two rule modules hold the tables keyed by them.
    tables = {"framework.py", "rules.py", "overall.py"}
    code = [p for p in (ROOT / "generator").rglob("*.py") if p.name not in tables]
    templates = list((ROOT / "templates").rglob("*.j2"))
    tested = [str(p.relative_to(ROOT)) for p in [*code, *templates] if quoted.search(p.read_text())]
    assert tested == []
    for path in templates:
        text = path.read_text()
        assert ".method" not in text and "rating_rule" not in text, path


def test_an_unknown_method_names_the_framework(toy: Archive) -> None:
    fw = toy.frameworks["toy-weighted"]
    report = toy.reports["toy-weighted-2030"]
    assert fw.overall is not None
    median = fw.model_copy(update={"overall": fw.overall.model_copy(update={"method": "median"})})
    with pytest.raises(UnknownMethod, match=r"framework toy-weighted: .* overall method 'median'"):
        score_report(report, {"toy-weighted": median})
    survey = fw.model_copy(update={"kind": "survey"})
    with pytest.raises(UnknownMethod, match=r"framework kind 'survey' \(rules exist for"):
        score_report(report, {"toy-weighted": survey})
    crit = Criterion(id="S9", title="Made up", scale="medal").model_copy(
        update={"rating_rule": "highest_key_question"}
    )
    with pytest.raises(UnknownMethod, match=r"standard S9: .* 'highest_key_question'"):
        read_rating(None, crit, _result("S9", None, 50))


# Rating rules: which key questions drive a standard's rating.


def test_judgement_reads_no_key_question() -> None:
    assert judgement([95, 20]) == ()


def test_lowest_key_question_marks_every_tie() -> None:
    assert lowest_key_question([68, 68, 47]) == (2,)
    assert lowest_key_question([38, 40, 38]) == (0, 2)
    assert lowest_key_question([None, 70]) == (1,)
    assert lowest_key_question([None]) == lowest_key_question([]) == ()


def test_single_key_question_reads_the_key_question_not_the_lowest() -> None:
    assert single_key_question([88, 36, 94]) == (0,)
    assert single_key_question([None, 36]) == ()
    assert single_key_question([]) == ()


def test_toy_standards_are_rated_by_their_lowest_key_question(toy: Archive) -> None:
    fw = toy.frameworks["toy-rated"]
    found = results(toy.reports["toy-rated-2030"].parts)
    s1 = fw.criterion("S1")
    assert s1 is not None and fw.banding is not None
    reading = read_rating(fw.banding, s1, found["S1"])
    assert (reading.rating, reading.drivers) == ("Bronze", frozenset({1}))
    assert reading.explanation == (
        "the lowest key question (Two?) scored 65%, in the Bronze band (under 70%)"
    )
    assert reading.marker == "lowest score, drives the rating"
    fig = rate(fw.banding, s1, found["S1"])
    assert fig == Figure(
        key="criterion:S1",
        name="S1 Alpha",
        stated="Bronze",
        computed="Bronze",
        status="match",
        explanation=f"computed Bronze: {reading.explanation}",
        kind="rating",
    )


def test_a_rating_rule_explains_every_status(toy: Archive) -> None:
    fw = toy.frameworks["toy-rated"]
    s1, s3 = fw.criterion("S1"), fw.criterion("S3")
    assert s1 and s3
    differs = rate(fw.banding, s1, _result("S1", "Gold", 75))
    assert (differs.computed, differs.status) == ("Silver", "differs")
    assert differs.explanation.startswith("stated Gold, computed Silver: the lowest key question")
    unstated = rate(fw.banding, s1, _result("S1", None, 95))
    assert (unstated.stated, unstated.computed, unstated.status) == (None, "Gold", "not stated")
    judged = rate(fw.banding, s3, _result("S3", "Gold"))
    assert (judged.computed, judged.status) == (None, "not computed")
    assert judged.explanation == "rated by the inspectors' judgement of the evidence"
    # A standard rated from key questions whose percentages are not published is not
    # judged by the inspectors: it says so rather than borrowing the judgement wording.
    missing = rate(fw.banding, s1, _result("S1", "Silver"))
    assert (missing.status, missing.explanation) == (
        "not computed",
        "no key-question percentages are published",
    )
    unbanded = read_rating(None, s1, _result("S1", None, 95))
    assert (unbanded.rating, unbanded.drivers) == (None, frozenset({0}))


def test_gwent_court_work_is_rated_by_its_key_question_not_its_prompts(real: Archive) -> None:
    # Footnote 5: "The rating for the standard is driven by the score for the key
    # question"; the annexe lists prompts under it, one at 36% ('information only').
    fw = real.frameworks["pdu-2021"]
    court = results(real.reports["gwent-2022-pdu"].parts)["2.1"]
    crit = fw.criterion("2.1")
    assert crit is not None and crit.rating_rule == "single_key_question"
    prompt = KeyQuestionResult(
        question="Does the information and advice draw sufficiently on available sources?", all=36
    )
    table = KeyQuestions(type="key-questions", questions=[*court.key_questions, prompt])
    blocks = [table if isinstance(b, KeyQuestions) else b for b in court.blocks]
    with_prompt = court.model_copy(update={"blocks": blocks})
    for result in (court, with_prompt):
        reading = read_rating(fw.banding, crit, result)
        assert (reading.rating, reading.drivers) == ("Outstanding", frozenset({0}))
        assert rate(fw.banding, crit, result).status == "match"
    assert read_rating(fw.banding, crit, with_prompt).explanation.startswith(
        "the key question (Is the pre-sentence information"
    )


def test_the_scorer_and_the_page_read_the_same_key_questions(real: Archive) -> None:
    fw = real.frameworks["pdu-2021"]
    report = real.reports["gwent-2022-pdu"]
    card = score_report(report, real.frameworks)
    for crit_id, result in results(report.parts).items():
        crit = fw.criterion(crit_id)
        fig = card.get(f"criterion:{crit_id}")
        if crit is None or fig is None:
            continue
        reading = read_rating(fw.banding, crit, result)
        assert fig.computed == reading.rating
        assert bool(reading.drivers) == (reading.rating is not None)


# Section aggregates.


def test_weighted_mean_keeps_each_weight_class(toy: Archive) -> None:
    fw = toy.frameworks["toy-weighted"]
    section = fw.section("X")
    assert section is not None
    found = results(toy.reports["toy-weighted-2030"].parts)
    mean = weighted_mean(fw, section, found)
    # (80×3 + 60×2 + 60×1) / 6 = 70.
    assert mean.value == 70.0
    assert [(t.value, t.weight, t.weight_class) for t in mean.terms] == [
        (80.0, 3, "heavy"),
        (60.0, 2, "medium"),
        (60.0, 1, "light"),
    ]
    assert mean.how == "weighted X1 80%×3, X2 60%×2, X3 60%×1"
    # The toy publishes no names for its classes, so the number stands alone.
    assert [t.weight_words for t in mean.terms] == ["weight 3", "weight 2", "weight 1"]
    assert weighted_mean(fw, section, {k: v for k, v in found.items() if k != "X2"}).value is None


def test_weight_words_name_the_class_not_a_guess_from_the_number(toy: Archive) -> None:
    fw = toy.frameworks["toy-weighted"].model_copy(
        update={"weight_labels": {"heavy": "Heavy", "light": "Light", "also-one": "Also one"}}
    )
    assert weight_words(fw, "heavy") == "Heavy (weight 3)"
    assert weight_words(fw, "medium") == "weight 2"
    # Two classes may share a number; the criterion's own class decides the name.
    fw = fw.model_copy(update={"weights": {**fw.weights, "also-one": 1}})
    assert weight_words(fw, "light") == "Light (weight 1)"
    assert weight_words(fw, "also-one") == "Also one (weight 1)"


def test_compare_percent_allows_for_rounding() -> None:
    def compare(stated: float | None, computed: float | None) -> Figure:
        return compare_percent(
            key="section:X", name="Score for X", stated=stated, computed=computed,
            terms=(), how="from the scores",
        )  # fmt: skip

    assert compare(70, 69.5).status == "match"
    near = compare(70, 69.4)
    assert near.status == "differs" and "rounding alone" in near.explanation
    far = compare(70, 60.0)
    assert "larger than rounding" in far.explanation
    assert compare(None, 60.0).status == "not stated"
    assert compare(70, None).status == "not computed"


# Decision rules.


def test_cap_when_all_caps_a_better_stated_rating(toy: Archive) -> None:
    fw = toy.frameworks["toy-rated"]
    rule = fw.decision_rules[0]
    levels = ["Gold", "Silver", "Bronze"]
    gold = Figure(
        key="criterion:S3",
        name="S3 Gamma",
        stated="Gold",
        computed=None,
        status="not computed",
        explanation="judged",
        kind="rating",
    )
    both_bronze = {"S1": "Bronze", "S2": "bronze "}
    capped = cap_when_all(rule, both_bronze, levels, gold)
    assert (capped.computed, capped.status) == ("Silver", "differs")
    assert capped.explanation == (
        "stated Gold, but decision rule in operation (S1, S2 are all Bronze), "
        "so it can be no better than Silver"
    )
    bronze = cap_when_all(rule, both_bronze, levels, replace(gold, stated="Bronze"))
    assert (bronze.computed, bronze.status) == (None, "not computed")
    assert bronze.explanation.startswith("judged; decision rule in operation")
    assert cap_when_all(rule, {"S1": "Bronze", "S2": "Silver"}, levels, gold) == gold
    assert cap_when_all(rule, {"S1": "Bronze"}, levels, gold) == gold


def test_decide_applies_only_to_the_capped_standard(toy: Archive) -> None:
    fw = toy.frameworks["toy-rated"]
    read = rated_standards(fw, results(toy.reports["toy-rated-2030"].parts))
    decided = {f.key: f for f in decide(fw, read.figures, read.ratings)}
    before = {f.key: f for f in read.figures}
    assert decided["criterion:S1"] == before["criterion:S1"]
    assert decided["criterion:S3"].computed == "Silver"


# Criteria as the overall methods read them.


def test_measured_inputs_are_inputs(toy: Archive) -> None:
    fw = toy.frameworks["toy-weighted"]
    read = measured_inputs(fw, results(toy.reports["toy-weighted-2030"].parts), "theme:", "T ")
    first = read.figures[0]
    assert (first.key, first.name, first.stated, first.status) == (
        "theme:criterion:X1",
        "T X1: First",
        80.0,
        "not computed",
    )
    assert first.explanation == MEASURED and first.kind == "percent"
    assert read.ratings == {}


def test_rated_standards_keep_each_rating(toy: Archive) -> None:
    fw = toy.frameworks["toy-rated"]
    read = rated_standards(fw, results(toy.reports["toy-rated-2030"].parts))
    assert [f.key for f in read.figures] == ["criterion:S1", "criterion:S2", "criterion:S3"]
    assert read.ratings == {"S1": "Bronze", "S2": "Bronze", "S3": "Gold"}


# Overall methods.


def test_weighted_sections(toy: Archive) -> None:
    fw = toy.frameworks["toy-weighted"]
    assert fw.overall is not None
    report = _report("toy-weighted", overall=62)
    (fig,) = weighted_sections(fw, fw.overall, report, Tally({}, {"X": 70.0, "Y": 50.0}))
    # 70×0.6 + 50×0.4 = 62.
    assert (fig.key, fig.computed, fig.status, fig.kind) == ("overall", 62.0, "match", "percent")
    assert [(t.label, t.weight_words) for t in fig.terms] == [
        ("Section X", "60%"),
        ("Section Y", "40%"),
    ]
    assert fig.explanation == (
        "this site calculates 62% by weighting the unrounded section scores "
        "(Section X 70%×60%, Section Y 50%×40%), which rounds to the printed 62%"
    )
    (missing,) = weighted_sections(fw, fw.overall, report, Tally({}, {"X": 70.0}))
    assert (missing.computed, missing.status) == (None, "not computed")
    assert weighted_sections(fw, fw.overall, _report("toy-weighted"), Tally({}, {})) == []


def test_points_sum_adds_points_and_bands_the_total(toy: Archive) -> None:
    fw = toy.frameworks["toy-rated"]
    assert fw.overall is not None
    report = _report("toy-rated", overall=3, overall_rating="Silver")
    ratings = {"S1": "Gold", "S2": "Silver", "S3": "Bronze"}
    total, rating = points_sum(fw, fw.overall, report, Tally(ratings, {}))
    assert (total.computed, total.status, total.kind, total.out_of) == (3.0, "match", "points", 6)
    assert [(t.value, t.weight, t.weight_words) for t in total.terms] == [
        ("Gold", 2, "2"),
        ("Silver", 1, "1"),
        ("Bronze", 0, "0"),
    ]
    assert total.explanation == (
        "the points for each published rating add up to the printed total (2 + 1 + 0 = 3 of 6)"
    )
    assert (rating.computed, rating.status) == ("Silver", "match")
    assert rating.explanation == "3 points is in the Silver band (3 to 4 points)"
    assert [(b.label, b.words) for b in rating.bands] == [
        ("Gold", "5 points or more"),
        ("Silver", "3 to 4 points"),
        ("Bronze", "under 3 points"),
    ]
    (unrated,) = points_sum(fw, fw.overall, report, Tally({"S1": "Gold"}, {}))
    assert (unrated.status, unrated.explanation) == (
        "not computed",
        "not every rated standard has a rating",
    )
    assert [t.weight_words for t in unrated.terms] == ["2", "none", "none"]


def test_each_overall_method_says_what_it_counts() -> None:
    assert {name: rule.unit for name, rule in OVERALL_RULES.items()} == {
        "weighted_sections": "percent",
        "points_sum": "points",
    }
