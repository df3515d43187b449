"""Sweeps: arms x grid points x replications, run on any executor into a resumable store.

A sweep expands into one :class:`RunTask` per (arm, point, rep) (see
:mod:`itsim.experiment.plan`). Every arm and point uses the same ``(seed, rep)`` pairs (common
random numbers). Each finished run is written to the
:class:`~itsim.experiment.store.ResultStore` as soon as it arrives, so a sweep that is stopped
(Ctrl-C) or killed loses no finished run, and running the same command again skips them.
Tasks are ordered replication-major, so a sweep stopped early still covers every point.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shlex
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from itsim.config.load import scenario_to_yaml
from itsim.config.schema import Scenario
from itsim.experiment.executors import DaskExecutor, Executor
from itsim.experiment.outputs import csv_text, package_versions, write_frame, write_text
from itsim.experiment.plan import (
    SweepPlan,
    is_experiment_file,
    load_experiment,
    plan_from_experiment,
    plan_from_grid,
    sweep_scenarios,
    sweep_tasks,
)
from itsim.experiment.progress import progress
from itsim.experiment.runner import RunTask, run_task
from itsim.experiment.store import ResultStore, StoreMismatchError
from itsim.experiment.verify import discard_damaged
from itsim.results.columns import Columns, concat, is_missing
from itsim.results.stats import kpi_columns, load_t_quantile, summary_columns

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "SweepOutcome",
    "SweepPlan",
    "bind_sweep",
    "is_experiment_file",
    "load_experiment",
    "plan_from_experiment",
    "plan_from_grid",
    "run_sweep",
    "sweep_scenarios",
    "sweep_tasks",
]


@dataclass(frozen=True)
class SweepOutcome:
    """How a sweep went: runs in the plan, already stored before, and run now.

    ``redone`` counts stored runs that failed the store's check (see
    :mod:`itsim.experiment.verify`) and were discarded to be run again.
    """

    total: int
    skipped: int
    ran: int
    elapsed_seconds: float
    store: ResultStore
    redone: int = 0
    #: KPI mean and CI per (scenario, point), as written to summary.csv (None: no run stored)
    summary: Columns | None = None


def scenario_digest(scenario: Scenario) -> str:
    """A short digest of the fully resolved scenario (changes whenever any value does)."""
    text = json.dumps(scenario.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def sweep_identity(plan: SweepPlan, scenarios: Mapping[tuple[str, str], Scenario]) -> dict:
    """What a store must match to be resumed: seed and every resolved scenario.

    Replications are left out on purpose: rerunning with more ``--reps`` extends the store.
    See :func:`bind_sweep` for how arms and points may be added.
    """
    runs: dict[str, dict[str, str]] = {}
    for (arm, point), scenario in scenarios.items():
        runs.setdefault(arm, {})[point] = scenario_digest(scenario)
    return {"kind": "sweep", "seed": plan.seed, "runs": runs}


def bind_sweep(store: ResultStore, identity: dict[str, Any]) -> None:
    """Tie the store to this sweep, allowing it to grow but never to change meaning.

    A store can be resumed by a sweep with the same seed in which every (arm, point) it shares
    with the stored sweep resolves to the same scenario; new arms and points extend it (their
    runs are added), and a changed base scenario, seed or point definition is refused.

    Raises
    ------
    StoreMismatchError
        The store holds runs of a different experiment.
    """
    recorded = store.manifest().get("identity")
    if recorded is None:
        store.update_manifest(identity=identity)
        return
    old_runs: dict[str, dict[str, str]] = recorded.get("runs", {})
    changed = [
        f"{arm} {point}"
        for arm, points in identity["runs"].items()
        for point, digest in points.items()
        if old_runs.get(arm, {}).get(point, digest) != digest
    ]
    if recorded.get("kind") != identity["kind"] or recorded.get("seed") != identity["seed"]:
        changed.insert(0, "seed")
    if changed:
        listed = ", ".join(changed[:3]) + (" ..." if len(changed) > 3 else "")
        raise StoreMismatchError(
            f"{store.root} holds results of a different experiment (differs in: {listed}); "
            "use a new output folder"
        )
    merged = {arm: {**old_runs.get(arm, {}), **points} for arm, points in identity["runs"].items()}
    store.update_manifest(identity={**identity, "runs": {**old_runs, **merged}})


def run_sweep(
    plan: SweepPlan, out_dir: str | Path, executor: Executor, quiet: bool = False
) -> SweepOutcome:
    """Run every task of ``plan`` not yet in the store at ``out_dir``, storing each as it ends.

    Raises
    ------
    StoreMismatchError
        ``out_dir`` holds a different experiment.
    KeyboardInterrupt
        After the runs finished so far are stored and ``runs.csv`` is written.
    """
    started = time.perf_counter()
    scenarios = sweep_scenarios(plan)
    tasks = sweep_tasks(plan, scenarios)
    store = ResultStore(out_dir)
    bind_sweep(store, sweep_identity(plan, scenarios))
    store.remove_stray_files()
    redone = len(discard_damaged(store))  # damaged runs count as not done, so they run again
    done = store.completed_keys()
    todo = [task for task in tasks if task.key not in done]
    _write_plan(store, plan)
    # the workers' draws need scipy.special: loaded here once, before they fork, rather than
    # in each of them and again in this process for the summary
    load_t_quantile()
    ran = 0
    # Local workers share this filesystem, so each stores its own run (atomically) and hands the
    # main process only its runs row; Dask workers may be on other machines, so their tables
    # come back here.
    local = not isinstance(executor, DaskExecutor)
    try:
        with executor:
            initial = len(tasks) - len(todo)
            if local:
                jobs = [StoringTask(task, str(store.root)) for task in todo]
                for job, runs_row in progress(
                    executor.map_unordered(run_and_store, jobs), len(tasks), quiet, "runs", initial
                ):
                    if runs_row is not None:
                        store.adopt_runs_row(job.task.key, runs_row)
                    ran += 1
                    if len(todo) - ran == min(executor.workers, len(todo)) - 1:
                        # a worker has no run left to take: on the CPU it leaves, read the runs
                        # a previous sweep stored, so that the summary reads no file at the end
                        store.read_columns("runs")
            else:
                results = executor.map_unordered(run_task, todo)
                for task, result in progress(results, len(tasks), quiet, "runs", initial):
                    store.write_run(task.key, result.columns, meta=_run_meta(task))
                    ran += 1
    except BaseException:
        finish_store(store)  # the runs finished so far are summarised, then the error goes on
        raise
    summary = finish_store(store)
    elapsed = time.perf_counter() - started
    return SweepOutcome(len(tasks), len(tasks) - len(todo), ran, elapsed, store, redone, summary)


@dataclass(frozen=True)
class StoringTask:
    """A run whose worker writes its own tables into the store at ``root``."""

    task: RunTask
    root: str


def run_and_store(job: StoringTask) -> Columns | None:
    """Run one task and store it (a picklable top-level function).

    Returns the run's ``runs`` row as read back from what was stored, for the main process to
    summarise the sweep with (see :meth:`ResultStore.adopt_runs_row`).
    """
    result = run_task(job.task)
    return ResultStore(job.root).write_run(job.task.key, result.columns, meta=_run_meta(job.task))


def _run_meta(task: RunTask) -> dict[str, Any]:
    return {"scenario": task.scenario.name, "point": task.point, "rep": task.rep, "seed": task.seed}


def _write_plan(store: ResultStore, plan: SweepPlan) -> None:
    """Manifest (command, plan, versions), the resolved base scenario and points.csv.

    Arms and points of earlier runs into the same store are kept, so the manifest describes
    every run the store holds.
    """
    previous = store.manifest()
    store.update_manifest(
        command=" ".join(["itsim", *(shlex.quote(a) for a in sys.argv[1:])]),
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        experiment=plan.name,
        base=plan.base.name,
        seed=plan.seed,
        replications=plan.replications,
        arms={**previous.get("arms", {}), **(plan.arms or {plan.base.name: {}})},
        grid_keys=list(dict.fromkeys([*previous.get("grid_keys", []), *plan.grid_keys])),
        points={**previous.get("points", {}), **{p.label: p.overrides for p in plan.points}},
        versions=package_versions(),
    )
    write_text(store.root / "scenario.yaml", scenario_to_yaml(plan.base))
    points = store.manifest()["points"]
    write_frame(store.root / "points.csv", points_table(points))


def points_table(points: Mapping[str, Mapping[str, Any]]) -> Columns:
    """One row per point: its label and override values, a key a point lacks left empty.

    Typed as ``pd.DataFrame`` types a list of dicts (missing numbers NaN), without pandas.
    """
    rows = [{"point": label, **overrides} for label, overrides in points.items()]
    fields = list(dict.fromkeys(key for row in rows for key in row))
    return Columns.from_rows([tuple(row.get(f) for f in fields) for row in rows], fields)


def finish_store(store: ResultStore) -> Columns | None:
    """Write runs.csv and summary.csv from the runs stored so far; the summary (None if none).

    Read, summarised and written without pandas: a sweep's main process never needs it.
    """
    if not store.completed_keys():
        return None
    runs = store.read_columns("runs")
    write_text(store.root / "runs.csv", csv_text(runs))
    summary = summarise_points(as_read_from_csv(runs))
    write_frame(store.root / "summary.csv", summary)
    return summary


def as_read_from_csv(runs: Columns) -> Columns:
    """The runs as ``pd.read_csv`` reads them back from runs.csv: a column with no value at
    all is a float column of NaN (and so a KPI the summary reports with n = 0)."""
    typed = runs.rows(slice(None))
    for name, values in runs.items():
        if values.dtype == object and all(is_missing(v) for v in values.tolist()):
            typed[name] = np.full(len(values), np.nan)
    return typed


def summarise_points(runs: Columns) -> Columns:
    """KPI mean and 95% CI per (scenario, point), in order of first appearance: columns
    scenario, point, kpi, mean, half_width, lower, upper, n."""
    kpis = kpi_columns(runs)
    groups: dict[tuple[Any, Any], list[int]] = {}
    for row, key in enumerate(zip(runs["scenario"].tolist(), runs["point"].tolist(), strict=True)):
        groups.setdefault(key, []).append(row)
    parts = []
    for (scenario, point), rows in groups.items():
        part = summary_columns(runs.rows(np.array(rows, dtype=np.int64)), kpis)
        labels = {
            "scenario": np.full(len(part), str(scenario), dtype=object),
            "point": np.full(len(part), str(point), dtype=object),
        }
        parts.append(Columns(labels | dict(part.items()), part.objects))
    return concat(parts)


def summarise_by_point(runs: pd.DataFrame) -> pd.DataFrame:
    """:func:`summarise_points` for a runs DataFrame (the library API's sweep summary)."""
    columns = Columns({str(name): runs[name].to_numpy() for name in runs.columns})
    return summarise_points(columns).to_pandas()
