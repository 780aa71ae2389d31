"""One wording for each idea: bands, changes and shown figures, in the frameworks' units."""

from __future__ import annotations

from datafolders import data_folder

from generator.model.framework import Banding
from generator.stages.validate import load_archive
from generator.stages.wording import band, band_ranges, band_words, change, shown

DATA = data_folder("data")


def _bandings() -> tuple[Banding, Banding]:
    fw = load_archive(DATA).frameworks["pdu-2021"]
    assert fw.banding and fw.overall and fw.overall.banding
    return fw.banding, fw.overall.banding


def test_percentage_bands_in_words() -> None:
    key_questions, _ = _bandings()
    assert band(key_questions, 64.9) == "Requires improvement"
    assert [(b.label, b.words) for b in band_ranges(key_questions, "percent")] == [
        ("Outstanding", "80% or more"),
        ("Good", "65% to under 80%"),
        ("Requires improvement", "50% to under 65%"),
        ("Inadequate", "under 50%"),
    ]


def test_points_bands_are_closed_at_both_ends() -> None:
    _, overall = _bandings()
    assert band_words(overall, "Requires improvement", "points") == "6 to 15 points"
    assert band_words(overall, "Outstanding", "points") == "24 points or more"
    assert band_words(overall, "Inadequate", "points") == "under 6 points"
    assert band_words(overall, "No such band", "points") == ""


def test_a_change_between_percentages_is_in_percentage_points() -> None:
    down = change(55.0, 18.0)
    assert down is not None and (down.direction, down.words) == (
        "down",
        "down 37 percentage points",
    )
    up = change(63.0, 64.0)
    assert up is not None and up.words == "up 1 percentage point"
    same = change(50.0, 50.0)
    assert same is not None and same.words == "unchanged"
    labels = change("Well met", "Partly met")
    assert labels is not None and labels.words == "changed from Well met to Partly met"
    assert change(None, 50.0) is None


def test_a_points_total_is_shown_out_of_its_maximum() -> None:
    assert shown(6.0, "points", 27) == "6/27"
    assert shown(6.0, "points") == "6"
    assert shown(69.3, "percent", 27) == "69.3%"
    assert shown("Good", "rating") == "Good"
