"""Progress for long commands: a bar on a terminal, silence in CI and in pipes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from typing import TypeVar

import click

T = TypeVar("T")


def interactive() -> bool:
    """True when a person is watching: stderr is a terminal and this is not CI."""
    ci = os.environ.get("CI", "").strip().lower()
    return sys.stderr.isatty() and ci in ("", "0", "false", "no")


def progress(items: Sequence[T], label: str) -> Iterator[T]:
    """Iterate over ``items``, drawing a progress bar only when :func:`interactive`."""
    if not interactive():
        yield from items
        return
    with click.progressbar(items, label=label, file=sys.stderr) as bar:
        yield from bar


def step(message: str) -> None:
    """Say what a long command is doing now, only when :func:`interactive`."""
    if interactive():
        click.echo(message, err=True)
