"""The ``reports`` command line: thin wrappers over the pipeline stages."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from generator.load import Problem
from generator.score import fmt, score_report
from generator.validate import Archive, load_archive, yaml_files

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


def _archive(data: Path, paths: tuple[Path, ...]) -> Archive:
    reports: list[Path] | None = None
    if paths:
        reports = []
        for path in paths:
            if not path.exists():
                raise click.BadParameter(f"{path}: no such file or folder", param_hint="PATH")
            reports += yaml_files(path)
    return load_archive(data, reports)


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
def validate(paths: tuple[Path, ...], data: Path) -> None:
    """Check report files (default: everything under data/) and list every problem.

    Each problem is printed as file:line:col: key.path: message. Exits 1 if
    there is any problem, 0 if all files are valid.
    """
    archive = _archive(data, paths)
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
            if fig.status in ("differs", "not stated"):
                click.echo(f"      {fig.explanation}")
