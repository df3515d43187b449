"""Pausing the cyclic garbage collector during a replication is safe for memory."""

from __future__ import annotations

import gc
import tracemalloc

import pandas as pd
import pytest

from itsim.config.load import load_scenario
from itsim.experiment import runner


def test_collector_resumes_after_the_block_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), runner.paused_gc():
        assert not gc.isenabled()
        raise RuntimeError("a failed run")
    assert gc.isenabled()


def test_an_outer_pause_stays_in_charge() -> None:
    gc.disable()
    try:
        with runner.paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def _peak_bytes(fn) -> tuple[int, object]:
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def test_paused_run_peaks_no_higher_and_gives_the_same_tables() -> None:
    # the people model (energy, absences, turnover) makes the most reference cycles
    scenario = load_scenario("baseline", ["horizon_days=60", "warmup_days=7"])
    # a first run imports and caches what later runs reuse; measure warm runs only
    runner.run_one(scenario, 3, 0)
    paused_peak, paused = _peak_bytes(lambda: runner.run_one(scenario, 3, 0))
    gc_peak, collected = _peak_bytes(lambda: runner._run_one(scenario, 3, 0, "base"))
    assert paused_peak <= 1.10 * gc_peak, (paused_peak, gc_peak)
    for name, table in collected.tables.items():  # type: ignore[attr-defined]
        pd.testing.assert_frame_equal(paused.tables[name], table)  # type: ignore[attr-defined]
