"""The ``reports`` command line: thin wrappers over the pipeline stages."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from generator import InvalidData, build_site
from generator.importer.run import Outcome, import_source
from generator.importer.write import sidecar_path
from generator.model.archive import Archive
from generator.model.framework import Framework
from generator.model.problems import TEMPLATES, Problem, RenderError, unknown
from generator.site.generate import UnsafePath, write_site
from generator.site.parallel import jobs
from generator.site.search import SearchIndexError
from generator.stages.scaffold import scaffold, slug_for
from generator.stages.schema import report_schema
from generator.stages.score import fmt, score_report
from generator.stages.validate import (
    ReportLoader,
    check_report_file,
    load_archive,
    load_frameworks,
    yaml_files,
)

DATA = Path("data")


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    files = len({p.file for p in problems})
    click.echo(
        f"{len(problems)} problem{'s' if len(problems) != 1 else ''} "
        f"in {files} file{'s' if files != 1 else ''}",
        err=True,
    )


def _archive(
    data: Path,
    paths: tuple[Path, ...],
    templates: tuple[Path, ...] | None = None,
    loader: Callable[[Archive], ReportLoader] | None = None,
) -> Archive:
    reports: list[Path] | None = None
    if paths:
        reports = []
        for path in paths:
            if not path.exists():
                raise click.BadParameter(f"{path}: no such file or folder", param_hint="PATH")
            reports += yaml_files(path)
    return load_archive(data, reports, templates=templates, loader=loader)


data_option = click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=DATA,
    show_default=True,
    help="The data folder holding frameworks/ and reports/.",
)
"""The ``--data`` option every command that reads the archive takes."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="inspection-reports")
def main() -> None:
    """Publish inspection reports from structured YAML data."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@data_option
@click.option(
    "--overrides",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="A folder of templates that override the project's by name.",
)
def validate(paths: tuple[Path, ...], data: Path, overrides: Path | None) -> None:
    """Check report files (default: everything under data/) and list every problem.

    Every framework is checked too, including that its report template exists
    (in templates/, or in OVERRIDES). Each problem is printed as
    file:line:col: key.path: message. Exits 1 if there is any problem, 0 if
    all files are valid.
    """
    archive = _archive(data, paths, (*([overrides] if overrides else []), TEMPLATES))
    if archive.problems:
        _print_problems(archive.problems)
        sys.exit(1)
    reports, frameworks = len(archive.reports), len(archive.frameworks)
    click.echo(
        f"ok: {reports} report{'' if reports == 1 else 's'}, "
        f"{frameworks} framework{'' if frameworks == 1 else 's'}"
    )


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=DATA,
    show_default=True,
    help="The data folder holding frameworks/.",
)
def score(files: tuple[Path, ...], as_json: bool, data: Path) -> None:
    """Compare computed against stated figures for each report FILE.

    A figure that differs is shown here, with why; `reports validate` refuses it
    unless the report acknowledges it (stated.acknowledged).
    """

    def loader(archive: Archive) -> ReportLoader:
        return lambda path: check_report_file(path, archive.frameworks, arithmetic=False)

    archive = _archive(data, files, loader=loader)
    if archive.problems:
        _print_problems(archive.problems)
        sys.exit(1)
    cards = [score_report(r, archive.frameworks) for r in archive.reports.values()]
    if as_json:
        payload = [c.as_json() for c in cards]
        click.echo(
            json.dumps(payload[0] if len(payload) == 1 else payload, indent=2, ensure_ascii=False)
        )
        return
    for card in cards:
        click.echo(f"{card.report} ({card.framework})")
        for fig in card.figures:
            click.echo(
                f"  {fig.name:<60.60} {fmt(fig.stated, fig.kind):>22} "
                f"{fmt(fig.computed, fig.kind):>22}  {fig.status}"
            )
            if fig.status in ("differs", "not stated") or fig.reason is not None:
                click.echo(f"      {fig.explanation}")


def _report_import(outcome: Outcome) -> None:
    """Print what the reviewer must see for one imported source."""
    draft = outcome.draft
    if draft is not None:
        for title, items in (("unplaced", draft.unplaced), ("note", draft.notes)):
            for item in items:
                click.echo(f"  {title}: {item}")
    for problem in outcome.result.problems:
        click.echo(f"  {problem}", err=True)
    if outcome.error:
        click.echo(f"error: {outcome.error}", err=True)
        return
    card = outcome.result.card
    assert draft is not None and outcome.target is not None
    click.echo(
        f"wrote {outcome.target} ({draft.report_type}; {len(draft.unplaced)} unplaced, "
        f"{len(draft.dropped)} dropped; list in {sidecar_path(outcome.target)}); valid"
    )
    figures = card.figures if card else ()
    for fig in figures:
        if fig.status != "not computed" or fig.reason is not None:
            click.echo(f"  score {fig.name}: {fig.status} ({fig.explanation})")
    inputs = sum(f.status == "not computed" and f.reason is None for f in figures)
    click.echo(f"  score: {inputs} published criterion scores imported as inputs")


@main.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Where to write the YAML (one source only); default data/reports/<slug>.yaml.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing report file.")
@data_option
def import_(sources: tuple[Path, ...], output: Path | None, force: bool, data: Path) -> None:
    """Import text exports of published reports (ESI full, ESI follow-up, PDU 2021) as YAML.

    Each SOURCE is parsed, validated and scored; its YAML is written only if
    valid, with a sidecar <slug>.import.txt listing any text that could not be
    placed. Exits 1 if any source failed.
    """
    if output is not None and len(sources) > 1:
        raise click.UsageError("-o/--output takes one SOURCE; give several without -o")
    archive = Archive()
    load_frameworks(data / "frameworks", archive)
    if archive.problems:
        _print_problems(archive.problems)
        sys.exit(1)
    failed = 0
    show = len(sources) > 1 and sys.stderr.isatty()
    with click.progressbar(sources, label="importing", file=sys.stderr, hidden=not show) as bar:
        for source in bar:
            outcome = import_source(source, archive.frameworks, data / "reports", output, force)
            failed += outcome.error is not None
            _report_import(outcome)
    if failed:
        sys.exit(1)


@main.command()
@click.argument("out_dir", type=click.Path(path_type=Path))
@data_option
@click.option(
    "--overrides",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="A folder of templates that override the project's by name.",
)
@click.option("--search/--no-search", default=True, help="Build the Pagefind search index.")
def generate(out_dir: Path, data: Path, overrides: Path | None, search: bool) -> None:
    """Write the whole site's content into OUT_DIR, for any static site generator.

    Writes each page body as HTML at its path (reports/<slug>/index.html, the
    finder, areas, library and data pages), manifest.json with each page's
    title, description, navigation flag and table of contents, the open data
    files, and the Pagefind search index. Exits 1 if the data has problems or
    a template fails; an earlier OUT_DIR is then left as it was.
    """
    try:
        site = build_site(data, overrides=overrides, jobs=jobs())
        written = write_site(site, out_dir, search=search)
    except InvalidData as err:
        _print_problems(err.problems)
        sys.exit(1)
    except (RenderError, UnsafePath, SearchIndexError) as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(1)
    click.echo(f"wrote {written} files ({len(site.pages)} pages) to {out_dir}")


def _framework(data: Path, wanted: str, kinds: tuple[str, ...]) -> Framework:
    archive = Archive()
    load_frameworks(data / "frameworks", archive)
    if archive.problems:
        _print_problems(archive.problems)
        sys.exit(1)
    fw = archive.frameworks.get(wanted)
    if fw is None or fw.kind not in kinds:
        usable = sorted(k for k, f in archive.frameworks.items() if f.kind in kinds)
        raise click.BadParameter(unknown("framework", wanted, usable), param_hint="--framework")
    return fw


@main.command()
@click.option(
    "--framework", "framework_id", required=True, help="The framework's id, e.g. pdu-2021."
)
@click.option("--area", required=True, help="The area or unit inspected, e.g. 'Northvale PDU'.")
@click.option("--year", required=True, type=click.IntRange(1900, 2999), help="Year of publication.")
@click.option("--theme", "theme_id", help="For a report with a thematic element: the theme's id.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write it; default data/reports/<slug>.yaml.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@data_option
def new(
    framework_id: str,
    area: str,
    year: int,
    theme_id: str | None,
    output: Path | None,
    force: bool,
    data: Path,
) -> None:
    """Write the skeleton of a new report: every part its framework requires, in order.

    Every section, criterion or standard and key question of the framework is
    there, each key with a short comment from the field reference; what only
    the author knows is a "FILL IN: ..." placeholder, which `reports validate`
    lists (file:line:col) until it is replaced. The report starts as a draft.
    """
    fw = _framework(data, framework_id, ("methodology", "follow-up"))
    theme = _framework(data, theme_id, ("theme",)) if theme_id else None
    if theme is None and fw.requires and "thematic" in fw.requires.keys:
        raise click.UsageError(f"framework {fw.id} reports carry a thematic element: give --theme")
    slug = slug_for(fw, area, year)
    target = output or data / "reports" / f"{slug}.yaml"
    if target.exists() and not force:
        raise click.UsageError(f"{target} exists (give --force to overwrite it)")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(scaffold(fw, area, year, theme), encoding="utf-8")
    click.echo(f"wrote {target}: fill in every FILL IN, then `reports validate {target}`")
    if target.stem != slug:
        click.echo(
            f"note: a report's file is named by its slug: save it as {slug}.yaml in data/reports/"
        )


@main.command()
@click.option(
    "--framework", "framework_id", required=True, help="The framework's id, e.g. pdu-2021."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write it; default standard output.",
)
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=DATA,
    show_default=True,
    help="The data folder holding frameworks/.",
)
def schema(framework_id: str, output: Path | None, data: Path) -> None:
    """Write the JSON Schema (draft 2020-12) of a framework's reports, for an editor.

    Criterion and section ids, rating words and scales come from the
    framework, so a schema-aware editor (VS Code's YAML extension) completes
    and checks a report as it is typed. See the README for the one-line set-up.
    """
    fw = _framework(data, framework_id, ("methodology", "follow-up"))
    archive = Archive()
    load_frameworks(data / "frameworks", archive)
    text = json.dumps(report_schema(fw, archive.frameworks), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output}", err=True)
