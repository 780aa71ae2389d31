"""The scalar types of a report's fields: Markdown text, scores, percentages, slugs, area names."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, PlainValidator

from generator.model.markdown import check_markdown
from generator.model.urls import area_slug

Markdown = Annotated[str, AfterValidator(check_markdown)]
"""Markdown text: paragraphs, lists, emphasis and links; never raw HTML."""

NUMBER = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)\s*%?\s*$")


def parse_score(value: object) -> float | str:
    """A published score as a number (percentages) or a label; ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"expected a percentage or a rating label, got {type(value).__name__}")
    if isinstance(value, str):
        if NUMBER.match(value):
            return float(value.strip().rstrip("%"))
        if not value.strip():
            raise ValueError("expected a percentage or a rating label, got empty text")
        return value
    return float(value)


def _percent(value: object) -> object:
    if isinstance(value, str) and NUMBER.match(value):
        return value.strip().rstrip("%")
    return value


Score = Annotated[float | str, PlainValidator(parse_score)]
"""A published score: a percentage (a number from 0 to 100) or a label on an ordinal scale."""

Percent = Annotated[float, BeforeValidator(_percent), Field(ge=0, le=100)]
"""A percentage from 0 to 100; a trailing % sign is allowed."""

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
"""A lower-case, hyphenated id used in URLs."""


def _has_slug(area: str) -> str:
    if not area_slug(area):
        raise ValueError(
            "area name makes no web address (expected Latin letters or digits, from which "
            f"its page /areas/<slug>/ is named, got {area!r})"
        )
    return area


AreaName = Annotated[str, AfterValidator(_has_slug)]
"""An area's name, which names its page: Latin letters or digits, accents allowed."""
