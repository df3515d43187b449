"""A tiny picklable stand-in for a simulation run, for executor and store tests.

Importable as ``tests.experiment.toy`` in worker processes (spawn) and on Dask workers.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from itsim.experiment.executors import Executor, SerialExecutor
from itsim.experiment.progress import progress
from itsim.experiment.store import ResultStore, run_key


@dataclass(frozen=True)
class ToyTask:
    """One run: arm ``scenario`` at grid ``point``, replication ``rep`` of base ``seed``."""

    scenario: str
    point: str
    rep: int
    seed: int = 2024
    mean_hours: float = 4.0
    sleep_seconds: float = 0.0
    touch_when_done: str = ""

    @property
    def key(self) -> str:
        return run_key(self.scenario, self.point, self.rep)


def toy_run(task: ToyTask) -> dict[str, pd.DataFrame]:
    """Small random tables seeded from (seed, rep) only: common random numbers across arms."""
    if task.sleep_seconds:
        time.sleep(task.sleep_seconds)
    rng = np.random.default_rng(np.random.SeedSequence(task.seed, spawn_key=(task.rep,)))
    n = int(rng.integers(2, 9))
    wait_hours = rng.exponential(task.mean_hours, size=n)
    ids = {"scenario": task.scenario, "point": task.point, "rep": task.rep}
    tickets = pd.DataFrame({**ids, "ticket_id": np.arange(n), "wait_hours": wait_hours})
    runs = pd.DataFrame(
        [
            {
                **ids,
                "seed": task.seed,
                "tickets_arrived": n,
                "wait_hours_mean": float(wait_hours.mean()),
            }
        ]
    )
    projects = pd.DataFrame({**ids, "project_id": np.arange(0)})  # always empty
    if task.touch_when_done:
        Path(task.touch_when_done).touch()
    return {"tickets": tickets, "runs": runs, "projects": projects}


def failing_run(task: ToyTask) -> dict[str, pd.DataFrame]:
    """Fails on rep 3, to check that earlier results survive an error in a worker."""
    if task.rep == 3:
        raise RuntimeError("boom")
    return toy_run(task)


def toy_tasks(
    arms: Iterable[str] = ("a", "b"), points: Iterable[str] = ("p1", "p2"), reps: int = 3
) -> list[ToyTask]:
    """Every arm x point x rep, all sharing the same seeds."""
    mean = {"p1": 2.0, "p2": 6.0}
    return [
        ToyTask(arm, point, rep, mean_hours=mean.get(point, 4.0))
        for arm in arms
        for point in points
        for rep in range(reps)
    ]


def run_into_store(
    store: ResultStore, executor: Executor, tasks: list[ToyTask], quiet: bool = True
) -> Iterator[str]:
    """Run the tasks not yet in ``store``, writing each as it finishes; yield stored keys."""
    store.remove_stray_files()
    done = store.completed_keys()
    todo = [t for t in tasks if t.key not in done]
    results = executor.map_unordered(toy_run, todo)
    for task, tables in progress(
        results, total=len(tasks), quiet=quiet, initial=len(tasks) - len(todo)
    ):
        store.write_run(task.key, tables, meta={"seed": task.seed, "rep": task.rep})
        yield task.key


def main(store_dir: str) -> None:
    """Write a slow serial sweep into ``store_dir`` (run in a subprocess that gets killed)."""
    tasks = [ToyTask("a", "p1", rep, sleep_seconds=0.05) for rep in range(60)]
    with SerialExecutor() as executor:
        for _ in run_into_store(ResultStore(store_dir), executor, tasks):
            pass


if __name__ == "__main__":
    main(sys.argv[1])
