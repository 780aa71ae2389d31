"""The ``reports`` command line: thin wrappers over the pipeline stages."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from generator import InvalidData, build_site
from generator.importer.run import Outcome, import_source
from generator.importer.write import sidecar_path
from generator.model.archive import Archive
from generator.model.problems import Problem
from generator.site.generate import UnsafePath, write_site
from generator.site.parallel import jobs
from generator.site.search import SearchIndexError
from generator.stages.score import fmt, score_report
from generator.stages.templating import TEMPLATES, RenderError
from generator.stages.validate import load_archive, load_frameworks, yaml_files

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
    data: Path, paths: tuple[Path, ...], templates: tuple[Path, ...] | None = None
) -> Archive:
    reports: list[Path] | None = None
    if paths:
        reports = []
        for path in paths:
            if not path.exists():
                raise click.BadParameter(f"{path}: no such file or folder", param_hint="PATH")
            reports += yaml_files(path)
    return load_archive(data, reports, templates=templates)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="inspection-reports")
def main() -> None:
    """Publish inspection reports from structured YAML data."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=DATA,
    show_default=True,
    help="The data folder holding frameworks/ and reports/.",
)
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
    click.echo(f"ok: {len(archive.reports)} reports, {len(archive.frameworks)} frameworks")


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
    """Compare computed against stated figures for each report FILE."""
    archive = _archive(data, files)
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
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=DATA,
    show_default=True,
    help="The data folder holding frameworks/ and reports/.",
)
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
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    default=DATA,
    show_default=True,
    help="The data folder holding frameworks/ and reports/.",
)
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
