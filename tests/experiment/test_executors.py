"""Executors: same tables on every executor, clean stop on Ctrl-C and on errors."""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import signal
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from itsim.experiment.executors import (
    DaskExecutor,
    Executor,
    ProcessExecutor,
    SerialExecutor,
    make_executor,
)
from itsim.experiment.store import ResultStore
from tests.experiment.toy import ToyTask, failing_run, run_into_store, toy_run, toy_tasks

HAS_DASK = importlib.util.find_spec("distributed") is not None
needs_dask = pytest.mark.skipif(not HAS_DASK, reason="dask.distributed not installed")


def stored_tables(executor: Executor, tasks: list[ToyTask], root: Path) -> dict[str, pd.DataFrame]:
    store = ResultStore(root)
    with executor:
        keys = list(run_into_store(store, executor, tasks))
    assert sorted(keys) == sorted(t.key for t in tasks)
    return {name: store.read_table(name) for name in store.table_names()}


def assert_same_tables(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    assert left.keys() == right.keys()
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


def test_serial_yields_each_task_once_with_its_own_result() -> None:
    tasks = toy_tasks()
    with SerialExecutor() as executor:
        pairs = list(executor.map_unordered(toy_run, tasks))
    assert [task for task, _ in pairs] == tasks
    for task, tables in pairs:
        assert (tables["runs"]["rep"] == task.rep).all()
        assert (tables["tickets"]["point"] == task.point).all()


@pytest.mark.parametrize("start_method", ["spawn", "fork"])
def test_process_executor_matches_serial(tmp_path: Path, start_method: str) -> None:
    if start_method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {start_method} on this system")
    tasks = toy_tasks(reps=4)
    serial = stored_tables(SerialExecutor(), tasks, tmp_path / "serial")
    executor = ProcessExecutor(2, start_method=start_method)
    processes = stored_tables(executor, tasks, tmp_path / "processes")
    assert len(serial["runs"]) == len(tasks)
    assert_same_tables(serial, processes)


@needs_dask
def test_dask_local_cluster_matches_serial(tmp_path: Path) -> None:
    tasks = toy_tasks(reps=4)
    serial = stored_tables(SerialExecutor(), tasks, tmp_path / "serial")
    dask = stored_tables(DaskExecutor(local_workers=2), tasks, tmp_path / "dask")
    assert_same_tables(serial, dask)


@needs_dask
def test_dask_error_in_a_run_reaches_the_caller() -> None:
    with DaskExecutor(local_workers=2) as executor, pytest.raises(RuntimeError, match="boom"):
        list(executor.map_unordered(failing_run, toy_tasks(arms=["a"], points=["p1"], reps=6)))


def slow_tasks(tmp_path: Path, quick: int = 2, slow: int = 4) -> list[ToyTask]:
    """``quick`` instant runs, then runs that sleep and leave a file if they ever finish."""
    tasks = toy_tasks(arms=["a"], points=["p1"], reps=quick + slow)
    return tasks[:quick] + [
        replace(t, sleep_seconds=3.0, touch_when_done=str(tmp_path / f"finished-{t.rep}"))
        for t in tasks[quick:]
    ]


def assert_stopped_without_finishing(tmp_path: Path) -> None:
    assert multiprocessing.active_children() == []
    assert list(tmp_path.glob("finished-*")) == []


def test_interrupt_in_caller_keeps_finished_runs_and_stops_workers(tmp_path: Path) -> None:
    tasks = slow_tasks(tmp_path)
    store = ResultStore(tmp_path / "store")
    stored = []
    with pytest.raises(KeyboardInterrupt), ProcessExecutor(2) as executor:
        for key in run_into_store(store, executor, tasks):
            stored.append(key)
            raise KeyboardInterrupt
    assert store.completed_keys() == set(stored)
    assert_stopped_without_finishing(tmp_path)


def test_ctrl_c_while_waiting_resumes_to_identical_tables(tmp_path: Path) -> None:
    tasks = slow_tasks(tmp_path)
    store = ResultStore(tmp_path / "store")
    ctrl_c = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT))
    with pytest.raises(KeyboardInterrupt), ProcessExecutor(2) as executor:
        for _ in run_into_store(store, executor, tasks):
            # A real Ctrl-C: SIGINT arrives while the generator waits on the slow runs. (The
            # timer is started once: after it has fired, is_alive() is False again.)
            if ctrl_c.ident is None:
                ctrl_c.start()
    finished = store.completed_keys()
    assert 1 <= len(finished) < len(tasks)
    assert_stopped_without_finishing(tmp_path)

    quick = [replace(t, sleep_seconds=0.0, touch_when_done="") for t in tasks]
    with ProcessExecutor(2) as executor:
        resumed = set(run_into_store(store, executor, quick))
    assert resumed == {t.key for t in tasks} - finished
    fresh = stored_tables(SerialExecutor(), quick, tmp_path / "fresh")
    assert_same_tables({n: store.read_table(n) for n in store.table_names()}, fresh)


def test_error_in_a_worker_reaches_the_caller_and_stops_the_pool() -> None:
    tasks = toy_tasks(arms=["a"], points=["p1"], reps=8)
    with pytest.raises(RuntimeError, match="boom"), ProcessExecutor(2) as executor:
        list(executor.map_unordered(failing_run, tasks))
    assert multiprocessing.active_children() == []


def test_serial_error_keeps_results_yielded_before_it() -> None:
    got = []
    with pytest.raises(RuntimeError), SerialExecutor() as executor:
        for task, _ in executor.map_unordered(failing_run, toy_tasks(["a"], ["p1"], reps=6)):
            got.append(task.rep)
    assert got == [0, 1, 2]


def test_make_executor_chooses_by_options() -> None:
    assert isinstance(make_executor(jobs=1), SerialExecutor)
    assert isinstance(make_executor(), ProcessExecutor)
    assert make_executor(jobs=3).workers == 3
    assert isinstance(make_executor(dask_local=2), DaskExecutor)
    assert isinstance(make_executor(scheduler="tcp://127.0.0.1:8786"), DaskExecutor)


@pytest.mark.parametrize(
    "options",
    [
        {"jobs": 0},
        {"jobs": 2, "dask_local": 2},
        {"scheduler": "tcp://127.0.0.1:8786", "dask_local": 2},
        {"dask_local": 0},
    ],
)
def test_make_executor_rejects_conflicting_options(options: dict) -> None:
    with pytest.raises(ValueError):
        make_executor(**options)


def test_missing_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(ImportError, match=r"itsim\[dask\]"), DaskExecutor(local_workers=1):
        pass
