"""Sweeps: arms x grid points x replications, run on any executor into a resumable store.

A sweep expands into one :class:`RunTask` per (arm, point, rep). Every arm and point uses the
same ``(seed, rep)`` pairs (common random numbers). Each finished run is written to the
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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import ValidationError

from itsim.config.experiment_schema import Experiment, Grid
from itsim.config.load import (
    _first_error,
    apply_overrides,
    read_raw,
    resolve_path,
    scenario_to_yaml,
    set_dotted,
    validate,
)
from itsim.config.schema import Scenario
from itsim.errors import InputError
from itsim.experiment.executors import Executor
from itsim.experiment.grid import Point, expand_grid
from itsim.experiment.outputs import package_versions, write_frame, write_text
from itsim.experiment.progress import progress
from itsim.experiment.runner import RunTask, run_task
from itsim.experiment.store import ResultStore
from itsim.results.stats import kpi_columns, summarise


@dataclass(frozen=True)
class SweepPlan:
    """What to run: a base scenario, arms (named overrides), grid points, reps and seed.

    ``arms`` maps an arm name to its overrides; an empty mapping means one arm, the base
    scenario under its own name. ``source`` names where the plan came from, for error messages.
    """

    name: str
    base: Scenario
    points: list[Point]
    replications: int
    seed: int
    arms: dict[str, dict[str, Any]] = field(default_factory=dict)
    grid_keys: list[str] = field(default_factory=list)
    source: str = "--grid"

    @property
    def arm_names(self) -> list[str]:
        """Arm names in file order (the base scenario's name when there are no arms)."""
        return list(self.arms) or [self.base.name]


@dataclass(frozen=True)
class SweepOutcome:
    """How a sweep went: runs in the plan, already stored before, and run now."""

    total: int
    skipped: int
    ran: int
    elapsed_seconds: float
    store: ResultStore


def load_experiment(path: str | Path) -> Experiment:
    """Read and validate an experiment file (unknown keys are errors)."""
    raw = read_raw(Path(path))
    try:
        return Experiment.model_validate(raw)
    except ValidationError as exc:
        raise _first_error(exc, str(path)) from None


def is_experiment_file(path: str | Path) -> bool:
    """Whether ``path`` is an experiment file (it names a ``base``, ``arms`` or ``grid``)."""
    file = Path(path)
    if not file.is_file():
        return False
    return bool({"base", "arms", "grid"} & set(read_raw(file)))


def plan_from_experiment(
    path: str | Path, extra_set: Mapping[str, Any] | None = None, extra_grid: Grid | None = None
) -> SweepPlan:
    """Expand an experiment file into a plan; ``extra_*`` come from the command line."""
    experiment = load_experiment(path)
    base_file = Path(path).parent / experiment.base
    raw = read_raw(base_file if base_file.is_file() else resolve_path(experiment.base))
    for key, value in {**experiment.set, **(extra_set or {})}.items():
        set_dotted(raw, key, value)
    base = validate(raw, f"{path}: base {experiment.base}")
    grid = experiment.grid
    if extra_grid is not None:
        grid = Grid(
            factorial={**grid.factorial, **extra_grid.factorial}, zip=grid.zip, lhs=grid.lhs
        )
    return SweepPlan(
        name=experiment.name,
        base=base,
        points=expand_grid(grid),
        replications=experiment.replications or base.replications,
        seed=experiment.seed if experiment.seed is not None else base.seed,
        arms={name: dict(overrides) for name, overrides in experiment.arms.items()},
        grid_keys=grid.keys,
        source=str(path),
    )


def plan_from_grid(scenario: Scenario, factors: Mapping[str, Sequence[Any]]) -> SweepPlan:
    """A plan sweeping the full factorial of ``factors`` over one scenario (``--grid``)."""
    grid = Grid(factorial={key: list(values) for key, values in factors.items()})
    return SweepPlan(
        name=f"{scenario.name}-sweep",
        base=scenario,
        points=expand_grid(grid),
        replications=scenario.replications,
        seed=scenario.seed,
        grid_keys=grid.keys,
    )


def sweep_scenarios(plan: SweepPlan) -> dict[tuple[str, str], Scenario]:
    """The validated scenario of every (arm, point); a bad key or value is an InputError."""
    scenarios = {}
    for arm in plan.arm_names:
        arm_overrides = plan.arms.get(arm, {})
        named = {"name": arm} if plan.arms else {}
        for point in plan.points:
            try:
                scenario = apply_overrides(plan.base, {**arm_overrides, **point.overrides, **named})
            except InputError as exc:
                where = f" (arm {arm}, point {point.label})" if plan.arms else ""
                where = where or f" (point {point.label})"
                raise InputError(plan.source, exc.key, exc.message + where) from None
            scenarios[arm, point.label] = scenario
    return scenarios


def sweep_tasks(plan: SweepPlan, scenarios: Mapping[tuple[str, str], Scenario]) -> list[RunTask]:
    """One task per (rep, arm, point), replication-major; every task of a rep shares its seed."""
    return [
        RunTask(scenarios[arm, point.label], plan.seed, rep, point.label)
        for rep in range(plan.replications)
        for arm in plan.arm_names
        for point in plan.points
    ]


def scenario_digest(scenario: Scenario) -> str:
    """A short digest of the fully resolved scenario (changes whenever any value does)."""
    text = json.dumps(scenario.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def sweep_identity(plan: SweepPlan, scenarios: Mapping[tuple[str, str], Scenario]) -> dict:
    """What a store must match to be resumed: seed and every resolved scenario.

    Replications are left out on purpose: rerunning with more ``--reps`` extends the store.
    """
    runs: dict[str, dict[str, str]] = {}
    for (arm, point), scenario in scenarios.items():
        runs.setdefault(arm, {})[point] = scenario_digest(scenario)
    return {"kind": "sweep", "seed": plan.seed, "runs": runs}


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
    store.bind(sweep_identity(plan, scenarios))
    store.remove_stray_files()
    done = store.completed_keys()
    todo = [task for task in tasks if task.key not in done]
    _write_plan(store, plan)
    ran = 0
    try:
        with executor:
            results = executor.map_unordered(run_task, todo)
            initial = len(tasks) - len(todo)
            for task, result in progress(results, len(tasks), quiet, "runs", initial):
                store.write_run(task.key, result.tables, meta=_run_meta(task))
                ran += 1
    finally:
        finish_store(store)
    elapsed = time.perf_counter() - started
    return SweepOutcome(len(tasks), len(tasks) - len(todo), ran, elapsed, store)


def _run_meta(task: RunTask) -> dict[str, Any]:
    return {"scenario": task.scenario.name, "point": task.point, "rep": task.rep, "seed": task.seed}


def _write_plan(store: ResultStore, plan: SweepPlan) -> None:
    """Manifest (command, plan, versions), the resolved base scenario and points.csv."""
    store.update_manifest(
        command=" ".join(["itsim", *(shlex.quote(a) for a in sys.argv[1:])]),
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        experiment=plan.name,
        base=plan.base.name,
        seed=plan.seed,
        replications=plan.replications,
        arms=plan.arms or {plan.base.name: {}},
        grid_keys=plan.grid_keys,
        points={point.label: point.overrides for point in plan.points},
        versions=package_versions(),
    )
    write_text(store.root / "scenario.yaml", scenario_to_yaml(plan.base))
    rows = [{"point": p.label, **p.overrides} for p in plan.points]
    write_frame(store.root / "points.csv", pd.DataFrame(rows))


def finish_store(store: ResultStore) -> None:
    """Write runs.csv and summary.csv from the runs stored so far (nothing if none)."""
    if not store.completed_keys():
        return
    runs = store.runs_csv()
    write_frame(store.root / "summary.csv", summarise_by_point(pd.read_csv(runs)))


def summarise_by_point(runs: pd.DataFrame) -> pd.DataFrame:
    """KPI mean and 95% CI per (scenario, point): columns scenario, point, kpi, mean, ..."""
    frames = []
    kpis = kpi_columns(runs)
    for (scenario, point), group in runs.groupby(["scenario", "point"], sort=False):
        frame = summarise(group, kpis)
        frame.insert(0, "point", str(point))
        frame.insert(0, "scenario", str(scenario))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)
