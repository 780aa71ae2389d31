"""Checks of a report's judgements of earlier recommendations (``progress``).

A judgement's words come from its framework (``progress`` in
``data/frameworks/``), matched exactly; a judgement names either a
recommendation of a report in the archive, by id, or the inspection it cites.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from generator.model.archive import Archive
from generator.model.framework import Framework, ProgressScale
from generator.model.problems import Document, Problem
from generator.model.recommendations import made, split_id
from generator.stages.identity import document


def _words(scale: ProgressScale | None, what: str, fw: Framework) -> tuple[str, list[str] | None]:
    if scale is None:
        return f"framework {fw.id!r} publishes no {what}", None
    return ", ".join(map(repr, scale.values)), scale.values


def check_progress(fw: Framework, data: dict[str, Any], doc: Document) -> Iterator[Problem]:
    """Each judgement's status and answer in the framework's exact words; one source each."""
    judged = data.get("progress")
    if not isinstance(judged, list):
        return
    progress = fw.progress
    for i, item in enumerate(judged):
        if not isinstance(item, dict):
            continue
        for key, scale, what in (
            ("status", progress.status if progress else None, "categorisation"),
            ("still_required", progress.still_required if progress else None, "answer"),
        ):
            value = item.get(key)
            if value is None:
                continue
            expected, words = _words(scale, what, fw)
            if words is None or value not in words:
                yield doc.problem(
                    ("progress", i, key), f"expected one of {expected}, got {value!r}"
                )
        if (item.get("recommendation") is None) == (item.get("citation") is None):
            yield doc.problem(
                ("progress", i),
                "expected exactly one of 'recommendation' (the id of a recommendation in the "
                "archive) or 'citation' (the inspection that made it), got "
                + ("both" if item.get("recommendation") is not None else "neither"),
            )


def unknown_recommendations(archive: Archive, known: Iterable[str]) -> Iterator[Problem]:
    """Judgements naming a recommendation no report of the archive makes.

    ``known`` are slugs of reports that exist but were not loaded: a judgement of
    one of theirs is not checked further.
    """
    others = set(known)
    anchors: dict[str, set[str]] = {}  # of the reports judged: few, and asked at every save

    def makes(original: str, anchor: str) -> bool:
        if original not in anchors:
            anchors[original] = {m.anchor for m in made(archive.reports[original])}
        return anchor in anchors[original]

    for slug, report in archive.reports.items():
        for i, judgement in enumerate(report.progress):
            target = judgement.recommendation
            if target is None:
                continue
            # A slug holds no '#': the id names its report, and only that report can make it.
            original, anchor = split_id(target)
            if (original in archive.reports and makes(original, anchor)) or original in others:
                continue
            if original in archive.reports:
                found = [m.anchor for m in made(archive.reports[original])]
                why = (
                    f"expected one of {', '.join(found[:12])}{' …' if len(found) > 12 else ''} "
                    f"after '{original}#'"
                    if found
                    else f"{original!r} makes no recommendations"
                )
                message = f"unknown recommendation ({why}, got {anchor!r})"
            else:
                message = (
                    "unknown recommendation (expected '<report slug>#<anchor>' of a report in "
                    f"the archive, got {target!r})"
                )
            yield document(archive, slug).problem(("progress", i, "recommendation"), message)
