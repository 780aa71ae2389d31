"""The text clean-up every importer shares: blocks, glyphs, HTML, page breaks, images."""

from __future__ import annotations

from generator.importer.by_kind import as_blocks
from generator.importer.text import (
    blocks_of,
    clean_line,
    is_heading_text,
    is_image_description,
    list_items,
    strip_emphasis,
    to_markdown,
)


def kinds(text: str) -> list[tuple[str, str]]:
    blocks, _ = blocks_of(text)
    return [(b.kind, b.text) for b in blocks]


def test_bullet_glyphs_become_plain_list_items() -> None:
    text = "- ▣ First point.\n- ❑ Second point.\n• Third point.\n- Fourth point."
    assert kinds(text) == [
        ("bullet", f"{n} point.") for n in ("First", "Second", "Third", "Fourth")
    ]


def test_numbered_items_keep_their_number() -> None:
    blocks, _ = blocks_of("- 1. the first thing*\n2. *the second thing*")
    assert [(b.number, strip_emphasis(b.text)) for b in blocks] == [
        (1, "the first thing"),
        (2, "the second thing"),
    ]


def test_html_italic_paragraphs_become_markdown_emphasis() -> None:
    assert clean_line("<p><i>An example.</i></p>") == "*An example.*"


def test_html_list_inside_a_box_becomes_a_markdown_list() -> None:
    line = '<p><i>TITLE</i></p> <p><i>Intro:</i></p> <ul style="x"> • <i>one - 1%</i> • <i>two</i>'
    assert kinds(line) == [
        ("para", "*TITLE*"),
        ("para", "*Intro:*"),
        ("bullet", "*one - 1%*"),
        ("bullet", "*two*"),
    ]


def test_tab_rows_keep_cells_and_html_cells_are_cleaned() -> None:
    blocks, _ = blocks_of("<p><i>The area demonstrates.</i></p>\t<p>PARTLY MET</p>")
    assert blocks[0].kind == "row"
    assert blocks[0].cells == ["*The area demonstrates.*", "PARTLY MET"]


def test_table_rules_are_dropped_and_listed() -> None:
    blocks, dropped = blocks_of("A3\tManagement\tPartly met\n----\t-----\t---\n")
    assert [b.kind for b in blocks] == ["row"]
    assert dropped == ["line 2: table rule '----\\t-----\\t---'"]


def test_a_paragraph_cut_by_a_page_break_is_joined() -> None:
    text = "- The CO had kept staff informed to allay fears and provide\n\nreassurance. More."
    assert kinds(text) == [
        ("bullet", "The CO had kept staff informed to allay fears and provide reassurance. More.")
    ]


def test_a_list_item_cut_before_a_capitalised_word_is_joined() -> None:
    text = (
        "- One full sentence here.\n"
        "- The work had featured as good practice in HMI\n\n"
        "Probation's 2003 thematic follow-up of the work. Staff were trained.\n\n"
        "- Another full sentence here."
    )
    assert kinds(text)[1] == (
        "bullet",
        "The work had featured as good practice in HMI Probation's 2003 thematic follow-up "
        "of the work. Staff were trained.",
    )


def test_an_unpunctuated_list_is_not_joined_to_the_next_paragraph() -> None:
    text = (
        "- undertaking its work with integrity\n"
        "- working to ensure a coordinated approach to the system\n\n"
        "The Inspectorate is a public body. Anyone may write to it."
    )
    assert [k for k, _ in kinds(text)] == ["bullet", "bullet", "para"]


def test_a_heading_line_does_not_swallow_the_next_line() -> None:
    assert kinds("GOOD PRACTICE EXAMPLE\n<p><i>An example.</i></p>") == [
        ("para", "GOOD PRACTICE EXAMPLE"),
        ("para", "*An example.*"),
    ]


def test_image_descriptions_are_dropped_and_listed() -> None:
    logo = "The Home Office logo, consisting of a black curved line above the text."
    signature = 'A handwritten signature in black ink that reads "A Name".'
    blocks, dropped = blocks_of(f"{logo}\n\nText.\n\n{signature}")
    assert [b.text for b in blocks] == ["Text."]
    assert len(dropped) == 2 and "logo" in dropped[0] and "signature" in dropped[1]


def test_prose_mentioning_a_logo_is_not_an_image_description() -> None:
    assert not is_image_description("The area had a logo designed by offenders on placement.")
    assert is_image_description("An image showing three people at a table.")


def test_markdown_headings_and_bold_headings() -> None:
    blocks, _ = blocks_of("## **FOREWORD**\n\n### A1 Leadership and planning")
    assert [(b.kind, b.level) for b in blocks] == [("heading", 2), ("heading", 3)]
    assert is_heading_text(blocks[0])


def test_strip_emphasis_drops_a_lone_marker_left_by_conversion() -> None:
    assert strip_emphasis("*the area continues*") == "the area continues"
    assert strip_emphasis("better use is made of data.*") == "better use is made of data."
    assert strip_emphasis("a *word* in italics") == "a *word* in italics"


def test_list_items_keep_nested_items_and_stray_paragraphs() -> None:
    blocks, _ = blocks_of("- Scores are:\n - good\n - poor\n- Next.\n\nA stray paragraph.")
    assert list_items(blocks) == ["Scores are:\n\n- good\n- poor", "Next.\n\nA stray paragraph."]


def test_to_markdown_keeps_a_paragraph_starting_with_a_number() -> None:
    blocks, _ = blocks_of("2004. A year of change.")
    assert to_markdown(blocks) == "2004\\. A year of change."


def test_content_by_kind_is_laid_out_as_blocks_in_the_printed_order() -> None:
    criterion = {
        "id": "2.2",
        "text": "Opening.",
        "tables": [{"columns": ["a"], "rows": [["b"]]}],
        "improvements": ["Late reviews."],
        "boxes": [{"kind": "good-practice", "body": "A genogram."}],
        "strengths": ["Good plans.", "Clear aims."],
        "rating_note": "The lowest score drives the rating.",
        "key_questions": [{"question": "Q?", "all": 47}],
        "conclusion": "Must improve.",
    }
    laid_out = as_blocks({"parts": [{"id": "p", "criteria": [criterion]}]})
    result = laid_out["parts"][0]["criteria"][0]
    assert list(result) == ["id", "text", "blocks", "conclusion"]
    assert result["blocks"] == [
        {"type": "key-questions", "questions": [{"question": "Q?", "all": 47}]},
        {"type": "note", "text": "The lowest score drives the rating."},
        {
            "type": "findings",
            "kind": "strengths",
            "title": "Strengths",
            "items": ["Good plans.", "Clear aims."],
        },
        {"type": "box", "kind": "good-practice", "body": "A genogram."},
        {
            "type": "findings",
            "kind": "improvements",
            "title": "Area for improvement",
            "items": ["Late reviews."],
        },
        {"type": "table", "columns": ["a"], "rows": [["b"]]},
    ]
