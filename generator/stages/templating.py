"""The Jinja environment that renders reports, and errors that name their source.

Templates live in ``templates/``; a theme may override any of them by name
from an overrides folder searched first. Undefined values are errors, output
is autoescaped, and text fields reach HTML only through markdown-it with HTML
disabled, so nothing in the data can produce executable markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
)
from markupsafe import Markup

from generator.model import recommendations, urls, walk
from generator.model.markdown import render, render_inline
from generator.model.problems import TEMPLATES, RenderError
from generator.stages import present, release, rules, wording


def _markdown(text: str | None) -> Markup:
    return Markup(render(text)) if text else Markup("")


def _markdown_inline(text: str | None) -> Markup:
    return Markup(render_inline(text)) if text else Markup("")


def environment(templates: Path = TEMPLATES, overrides: Path | None = None) -> Environment:
    """The report environment: overrides first, then the project's templates."""
    loaders = [FileSystemLoader(str(overrides))] if overrides else []
    loaders.append(FileSystemLoader(str(templates)))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters.update(
        md=_markdown,
        md_inline=_markdown_inline,
        figure=wording.fmt,
        shown=wording.shown,
        number=present.number,
    )
    env.globals.update(
        criterion_anchor=present.criterion_anchor,
        criterion_of=present.criterion_of,
        show_score=present.show_score,
        show_label=present.show_label,
        change=wording.change,
        read_rating=rules.read_rating,
        weight_words=rules.weight_words,
        overall_figure=present.overall_figure,
        box_ids=present.box_ids,
        recommendation_numbers=recommendations.numbers,
        has_part=walk.has_part,
        results=walk.results,
        explained=present.explained,
        section_heading=present.section_heading,
        slugify=urls.slugify,
        report_url=urls.report_url,
        area_url=urls.area_url,
        tracker_url=urls.tracker_url,
        release_banner=release.banner,
    )
    return env


def _template_frame(tb: TracebackType | None) -> str:
    """The innermost template and line in a traceback that Jinja rewrote."""
    where = ""
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            try:
                shown = Path(filename).resolve().relative_to(Path.cwd())
            except ValueError:
                shown = Path(filename)
            where = f"{shown}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


def render_template(env: Environment, name: str, context: Mapping[str, Any], source: str) -> str:
    """Render one template for one data file, turning any failure into a :class:`RenderError`."""
    return _rendering(name, source, lambda: env.get_template(name).render(context))


def render_macro(env: Environment, name: str, macro: str, args: list[Any], source: str) -> str:
    """Call one macro of a component template, as :func:`render_template` renders one."""
    return _rendering(
        name, source, lambda: str(getattr(env.get_template(name).module, macro)(*args))
    )


def _rendering(name: str, source: str, render: Callable[[], str]) -> str:
    try:
        return render()
    except TemplateNotFound as err:
        raise RenderError(f"{source}: no template {err.name!r} (needed for this report)") from err
    except (TemplateError, LookupError, TypeError, ValueError) as err:
        where = _template_frame(err.__traceback__) or name
        message = getattr(err, "message", None) or str(err)
        raise RenderError(f"{source}: {where}: {message}") from err
