"""Work spread over forked processes: results by name, and the parent's collector as it was."""

from __future__ import annotations

import gc

import pytest

from generator.site.parallel import run_all


def _square(name: str) -> int:
    if name == "bad":
        raise ValueError(name)
    return int(name) ** 2


def test_results_are_by_name_whatever_order_the_workers_finish_in() -> None:
    names = [str(n) for n in range(20)]
    assert run_all(_square, names, 2, local=["3"]) == {n: int(n) ** 2 for n in names}


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_as_it_was_after_receiving_results(enabled: bool) -> None:
    # Collections pause while results arrive (they would walk them again and again).
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        run_all(_square, [str(n) for n in range(8)], 2)
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError, match="bad"):
            run_all(_square, ["1", "2", "bad", "4"], 2)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_results_kept_to_the_end_are_frozen_before_collection_resumes() -> None:
    # A collection right after the pause would walk every result once more.
    gc.collect()
    before = gc.get_freeze_count()
    try:
        found = run_all(_square, [str(n) for n in range(8)], 2, kept=True)
        assert found["7"] == 49
        assert gc.get_freeze_count() > before
        assert gc.isenabled()
    finally:
        gc.unfreeze()
    unkept = gc.get_freeze_count()
    run_all(_square, [str(n) for n in range(8)], 2)
    assert gc.get_freeze_count() == unkept


@pytest.mark.parametrize("workers", [1, 2])
def test_each_result_is_handed_over_once_as_it_arrives(workers: int) -> None:
    # A build starts indexing a search bundle as soon as its last report is here.
    names = [str(n) for n in range(12)]
    seen: list[tuple[str, int]] = []
    found = run_all(_square, names, workers, local=["5"], received=lambda n, r: seen.append((n, r)))
    assert sorted(seen) == sorted(found.items())
    assert len(seen) == len(names)
