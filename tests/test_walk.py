"""One walk over a report's parts: document order, inherited sections, first report wins."""

from __future__ import annotations

from generator.model.report import Part
from generator.model.walk import criteria, has_part, results, walk


def _parts() -> list[Part]:
    return [
        Part.model_validate(
            {
                "id": "domain-two",
                "title": "Domain two",
                "kind": "section",
                "section": "2",
                "criteria": [{"id": "2.1", "score": "Good"}],
                "parts": [
                    {
                        "id": "case-supervision",
                        "title": "Case supervision",
                        "criteria": [{"id": "2.2", "score": 47}, {"id": "2.1", "score": "Poor"}],
                    }
                ],
            }
        ),
        Part.model_validate({"id": "annexe-one", "title": "Annexe one", "kind": "annexe"}),
    ]


def test_walk_visits_each_part_then_its_criteria_then_its_sub_parts() -> None:
    stops = [(v.part.id, v.section, v.result.id if v.result else None) for v in walk(_parts())]
    assert stops == [
        ("domain-two", "2", None),
        ("domain-two", "2", "2.1"),
        ("case-supervision", "2", None),
        ("case-supervision", "2", "2.2"),
        ("case-supervision", "2", "2.1"),
        ("annexe-one", "", None),
    ]


def test_criteria_keep_repeats_and_results_keep_the_first() -> None:
    assert [(s, r.id) for s, r in criteria(_parts())] == [("2", "2.1"), ("2", "2.2"), ("2", "2.1")]
    found = results(_parts())
    assert list(found) == ["2.1", "2.2"]
    assert found["2.1"].score == "Good"


def test_has_part_looks_at_any_depth_and_only_at_parts() -> None:
    assert has_part(_parts(), "case-supervision")
    assert has_part(_parts(), "annexe-one")
    assert not has_part(_parts(), "2.1")
