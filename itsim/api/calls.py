"""The Python API: run, compare and sweep scenarios from scripts and notebooks.

Every call takes a bundled scenario name, a path or a Scenario, overrides as a mapping of dotted
keys to values, ``reps``, ``seed`` and ``jobs``; it returns a result object of DataFrames with
the KPI summary and its 95% confidence intervals. Worker processes are started so that a script
without an ``if __name__ == "__main__":`` guard works (see :mod:`itsim.api.spawn_safe`).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from itsim.api.comparison import CompareResult, SweepResult
from itsim.api.inputs import Overrides, ScenarioLike, resolve_scenario
from itsim.api.present import labelled
from itsim.api.reporting import ProgressFn, ReportingExecutor
from itsim.api.result import Result
from itsim.api.spawn_safe import api_executor
from itsim.experiment.compare import compare_scenarios
from itsim.experiment.executors import Executor
from itsim.experiment.plan import plan_from_grid, sweep_scenarios, sweep_tasks
from itsim.experiment.runner import replication_tasks, run_tasks
from itsim.experiment.sweep import summarise_by_point
from itsim.results.stats import summarise


def _executor(
    jobs: int | None, runs: int, progress: ProgressFn | None, executor: Executor | None
) -> Executor:
    """The caller's executor (left open afterwards) or a new one sized for ``runs``."""
    inner = executor if executor is not None else api_executor(jobs, runs)
    return ReportingExecutor(inner, progress, keep_open=executor is not None)


def run(
    scenario: ScenarioLike | None = None,
    overrides: Overrides | None = None,
    *,
    reps: int | None = None,
    seed: int | None = None,
    jobs: int | None = None,
    progress: ProgressFn | None = None,
    executor: Executor | None = None,
    event_log: bool = False,
) -> Result:
    """Run replications of one scenario.

    Parameters
    ----------
    scenario : str, Path, Scenario or None
        A bundled name (``"understaffed"``), a YAML path or a Scenario; None is ``baseline``.
    overrides : mapping, optional
        Dotted keys to values, e.g. ``{"teams.desk.headcount": 10, "horizon_days": 91}``.
    reps, seed : int, optional
        Replications and experiment seed (default: the scenario's).
    jobs : int, optional
        Worker processes; None uses every CPU, 1 runs in this process.
    progress : callable, optional
        Called with (runs done, runs in total) as replications finish.
    executor : Executor, optional
        Run on this executor and leave it open (a warm pool reused between calls).
    event_log : bool
        Also record every ticket event (``result.event_log``, vidigi's columns).

    Raises
    ------
    InputError
        A bad scenario, key or value, in one line naming the file and key.
    """
    resolved = resolve_scenario(scenario, overrides)
    reps = reps if reps is not None else resolved.replications
    seed = seed if seed is not None else resolved.seed
    started = time.perf_counter()
    tasks = [dataclasses.replace(t, event_log=event_log)
             for t in replication_tasks(resolved, reps, seed)]  # fmt: skip
    tables = run_tasks(tasks, _executor(jobs, len(tasks), progress, executor))
    elapsed = time.perf_counter() - started
    summary = labelled(summarise(tables["runs"]))
    return Result(resolved, seed, reps, tables, summary, elapsed)


def compare(
    base: ScenarioLike | None,
    *others: ScenarioLike,
    variants: Mapping[str, Overrides] | None = None,
    overrides: Overrides | None = None,
    reps: int | None = None,
    seed: int | None = None,
    jobs: int | None = None,
    progress: ProgressFn | None = None,
    executor: Executor | None = None,
) -> CompareResult:
    """Run arms on the same seeds and compare each with ``base`` (paired differences).

    Parameters
    ----------
    base : str, Path, Scenario or None
        The arm every other arm is compared with.
    *others : str, Path or Scenario
        Further scenarios (arms).
    variants : mapping of str to overrides, optional
        Arms made from ``base`` by applying overrides, named by their key:
        ``{"desk 12": {"teams.desk.headcount": 12}}``.
    overrides : mapping, optional
        Applied to every arm first (e.g. a shorter ``horizon_days``).
    reps, seed, jobs, progress, executor
        As for :func:`run`; reps and seed default to the base's.
    """
    first = resolve_scenario(base, overrides)
    arms = [first, *(resolve_scenario(o, overrides) for o in others)]
    for name, changes in (variants or {}).items():
        arms.append(resolve_scenario(first, {**dict(changes), "name": name}))
    reps = reps if reps is not None else first.replications
    seed = seed if seed is not None else first.seed
    started = time.perf_counter()
    result = compare_scenarios(
        arms, reps, seed, _executor(jobs, reps * len(arms), progress, executor)
    )
    elapsed = time.perf_counter() - started
    return CompareResult(
        result.arms, seed, reps, result.tables, labelled(result.summary),
        labelled(result.deltas), elapsed,
    )  # fmt: skip


def sweep(
    scenario: ScenarioLike | None,
    grid: Mapping[str, Sequence[Any]],
    *,
    overrides: Overrides | None = None,
    reps: int | None = None,
    seed: int | None = None,
    jobs: int | None = None,
    progress: ProgressFn | None = None,
    executor: Executor | None = None,
) -> SweepResult:
    """Run the full factorial of ``grid`` over one scenario, every point on the same seeds.

    Parameters
    ----------
    grid : mapping of dotted key to values
        E.g. ``{"teams.desk.headcount": [8, 10, 12]}``; several keys give every combination.

    The results stay in memory; ``itsim sweep`` is the resumable, stored form for big grids.
    """
    resolved = resolve_scenario(scenario, overrides)
    plan = plan_from_grid(resolved, grid)
    plan = dataclasses.replace(
        plan,
        replications=reps if reps is not None else plan.replications,
        seed=seed if seed is not None else plan.seed,
    )
    tasks = sweep_tasks(plan, sweep_scenarios(plan))
    started = time.perf_counter()
    tables = run_tasks(tasks, _executor(jobs, len(tasks), progress, executor))
    elapsed = time.perf_counter() - started
    points = pd.DataFrame([{"point": p.label, **p.overrides} for p in plan.points])
    summary = labelled(summarise_by_point(tables["runs"]))
    return SweepResult(points, plan.seed, plan.replications, tables, summary, elapsed)


def run_replications(
    scenario: ScenarioLike,
    reps: int | None = None,
    seed: int | None = None,
    jobs: int | None = 1,
    quiet: bool = True,
) -> dict[str, pd.DataFrame]:
    """Every table of ``reps`` replications, by name (the form before :func:`run` existed).

    Safe from a script without a ``__main__`` guard, like :func:`run`; ``quiet`` is accepted
    for compatibility (there is no progress bar).
    """
    return run(scenario, reps=reps, seed=seed, jobs=jobs).tables
