"""Stated figures that their own inputs do not give, met at import.

Publication refuses a stated figure that differs from the computed one unless
the report acknowledges it (``stated.acknowledged``, see
:mod:`generator.stages.arithmetic`). The importer cannot know why a published
report's arithmetic is off, so it drafts each acknowledgement with a
``FILL IN`` reason, which ``reports validate`` lists, with its line, as
unfinished: the reviewer checks the source and gives the reason. The reasons
already given in the file a forced import replaces are kept.
"""

from __future__ import annotations

from typing import Any

from generator.importer.draft import ImportDraft
from generator.stages.figures import Scorecard
from generator.stages.scaffold import PLACEHOLDER
from generator.stages.wording import fmt

REASON = (
    f"{PLACEHOLDER}: why the report's figure differs from its own inputs; check the source, "
    "then say why it is reproduced as published"
)


def _plain(value: float | str | None) -> float | str | None:
    if isinstance(value, float):
        value = round(value, 1)  # as the explainer shows it, and arithmetic compares it
        return int(value) if value.is_integer() else value
    return value


def _number(value: Any) -> Any:
    """A figure as a number where it is one (the loader keeps scalars as text)."""
    try:
        return float(str(value).strip().rstrip("%"))
    except ValueError:
        return value


def _same(a: Any, b: Any) -> bool:
    a, b = _number(a), _number(b)
    if isinstance(a, float) and isinstance(b, float):
        return fmt(a) == fmt(b)
    return bool(a == b)


def acknowledge_differences(draft: ImportDraft, card: Scorecard, kept: list[Any]) -> bool:
    """Add an acknowledgement for each differing figure to the draft; True if it changed.

    ``kept`` are the acknowledgements of the file being replaced: one that still
    matches its figure keeps its reason.
    """
    found = []
    for fig in card.figures:
        if fig.status != "differs":
            continue
        entry = {
            "figure": fig.key,
            "stated": _plain(fig.stated),
            "computed": _plain(fig.computed),
        }
        old = next(
            (
                k
                for k in kept
                if isinstance(k, dict)
                and k.get("figure") == fig.key
                and _same(k.get("stated"), entry["stated"])
                and _same(k.get("computed"), entry["computed"])
            ),
            None,
        )
        if old is not None and old.get("reason"):
            found.append({**entry, "reason": old["reason"]})
            draft.notes.append(f"{fig.name}: kept the reason acknowledged in the replaced file")
        else:
            found.append({**entry, "reason": REASON})
            draft.notes.append(
                f"{fig.name}: the report prints {fmt(fig.stated, fig.kind)} but its inputs give "
                f"{fmt(fig.computed, fig.kind)}; acknowledgement drafted in stated.acknowledged: "
                "give its reason"
            )
    if not found:
        return False
    stated = draft.data.setdefault("stated", {})
    stated["acknowledged"] = found
    return True
