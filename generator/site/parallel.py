"""Run independent pieces of a build on every core, with results in a fixed order.

Workers are forked, so they share the parent's validated archive without
pickling it; only each task's name goes out and its result comes back.
Results are returned by task name, never in completion order, so a parallel
build writes exactly what a serial one does.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
JOBS_ENV = "INSPECTION_REPORTS_JOBS"
# Below this many tasks, starting workers costs more than it saves.
MIN_TASKS = 4

_work: Callable[[str], Any] | None = None
_in_worker = False


def in_worker() -> bool:
    """Whether this process is one of :func:`run_all`'s workers, whose results go to the parent."""
    return _in_worker


def _start_worker() -> None:
    global _in_worker
    _in_worker = True


def jobs(configured: int = 0) -> int:
    """Worker count: ``INSPECTION_REPORTS_JOBS``, else ``configured``, else one per usable core."""
    wanted = os.environ.get(JOBS_ENV, "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    if configured > 0:
        return configured
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _call(name: str) -> tuple[str, Any]:
    assert _work is not None
    return name, _work(name)


@contextmanager
def _uncollected(kept: bool) -> Iterator[None]:
    # What the workers send back (validated reports, rendered pages) is kept,
    # and unpickling it allocates millions of objects: each collection that
    # this triggers walks everything received so far again, which more than
    # doubled the time to receive it. The workers were forked before, and
    # collect as usual. Results kept to the process's end are frozen before
    # collection resumes, or its first collection would walk them all once more.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if kept:
            gc.freeze()
        if enabled:
            gc.enable()


def run_all(
    work: Callable[[str], T],
    names: Sequence[str],
    workers: int,
    local: Sequence[str] = (),
    kept: bool = False,
    received: Callable[[str, T], None] | None = None,
) -> dict[str, T]:
    """``work(name)`` for every name, on up to ``workers`` forked processes; results by name.

    The first names are started first: callers put the longest tasks there.
    Names in ``local`` run in this process while the workers do the rest, so
    what they leave in memory (caches a later rebuild uses) stays here. There
    are still ``workers`` of them: the local task is mostly done long before
    theirs, and would leave its core idle. ``kept``: the results are kept until
    this process ends (a build, not a preview server), so they are frozen
    (:func:`gc.freeze`) as soon as they are all here. ``received`` is called
    here with each result as it arrives, in the order they finish.
    """
    global _work
    done = received or (lambda name, result: None)

    def run_here(name: str) -> T:
        result = work(name)
        done(name, result)
        return result

    if (
        workers <= 1
        or len(names) < MIN_TASKS
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return {name: run_here(name) for name in names}
    here = [name for name in names if name in local]
    there = [name for name in names if name not in local]
    _work = work
    try:
        context = multiprocessing.get_context("fork")
        # Not multiprocessing.Pool: its worker-handling thread also waits on the
        # results pipe, and while a large result is still being read from it, that
        # thread wakes again and again, holding the GIL against the thread reading it.
        workers = min(workers, len(there))
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker) as pool:
            futures = [pool.submit(_call, name) for name in there]
            try:
                found = {name: run_here(name) for name in here}
                with _uncollected(kept):
                    for future in as_completed(futures):
                        name, result = future.result()
                        found[name] = result
                        done(name, result)
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
            return found
    finally:
        _work = None
