"""The ``reports-tools`` command line: ``synth`` and ``bench``."""

from __future__ import annotations

import click

from inspection_tools.bench import bench_command
from inspection_tools.synth import synth_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Developer tools: a synthetic archive, and the benchmark against Hugo and plain MkDocs."""


main.add_command(synth_command)
main.add_command(bench_command)
