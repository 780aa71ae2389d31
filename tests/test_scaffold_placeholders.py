"""Placeholders left in a report: found wherever they are, in document order, with their path."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from trees import strings

from generator.model.problems import Document
from generator.stages.scaffold import PLACEHOLDER, unfinished

_MATCH = re.compile(rf"^{PLACEHOLDER}\b:?\s*(.*)$", re.DOTALL)


_TEXT = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["FILL IN", "FILL IN: a title", "FILL INTO", "FILL IN:\n x ", " FILL IN"]),
)
_SCALAR = st.one_of(_TEXT, st.integers(), st.floats(allow_nan=False), st.none(), st.booleans())
_TREE = st.recursive(
    _SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=4)),
    max_leaves=30,
)


@given(_TREE)
def test_every_placeholder_is_found_as_a_plain_walk_finds_it(data: Any) -> None:
    doc = Document("r.yaml", data)
    # The plain definition: every string in the tree that is a placeholder.
    found_in = ((loc, _MATCH.match(text)) for loc, text in strings(data))
    expected = [(loc, match.group(1).strip()) for loc, match in found_in if match]
    found = unfinished(doc)
    assert [p.path for p in found] == [doc.problem(loc, "").path for loc, _ in expected]
    assert [p.message for p in found] == [
        f"unfinished: {what or 'fill this in'} (expected the report's own value, "
        "got the placeholder `reports new` wrote)"
        for _, what in expected
    ]
