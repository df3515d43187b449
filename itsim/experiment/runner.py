"""Run replications: one (scenario, seed, rep) → tables; many → concatenated tables.

Every replication of every arm uses the same ``(seed, rep)`` pairs, so arms see common random
numbers. Results do not depend on the executor or on the order in which runs finish: tables are
sorted by their key columns before they are returned.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from itsim.config.schema import Scenario
from itsim.experiment.executors import Executor, make_executor
from itsim.experiment.progress import progress
from itsim.experiment.run_keys import run_key
from itsim.model.build import simulate
from itsim.results.columns import Columns, concat, infer_column
from itsim.results.kpis import complete_run_columns, complete_runs, run_kpis
from itsim.results.tables import build_tables

if TYPE_CHECKING:
    import pandas as pd

TABLE_KEYS = ("scenario", "point", "rep")


@dataclass(frozen=True)
class RunTask:
    """One replication to run: a scenario (arm or sweep point), its label, seed and rep."""

    scenario: Scenario
    seed: int
    rep: int
    point: str = "base"
    event_log: bool = False  # also tabulate every ticket event (the event_log table)
    #: Tables the run does not hand back: still built (the KPIs read them) but never pickled,
    #: sent or written.
    skip_tables: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """A file-safe unique name of the run (points may hold any characters)."""
        return run_key(self.scenario.name, self.point, self.rep)


@dataclass
class RunResult:
    """The tables of one replication; ``columns["runs"]`` is its one-row KPI table.

    The tables are kept as numpy columns; ``tables`` gives them as DataFrames (made on first
    use, so a caller that never asks for one never imports pandas).
    """

    columns: dict[str, Columns]
    _frames: dict[str, pd.DataFrame] | None = field(default=None, repr=False, compare=False)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table as a DataFrame."""
        if self._frames is None:
            self._frames = {name: table.to_pandas() for name, table in self.columns.items()}
        return self._frames

    @property
    def kpis(self) -> dict[str, Any]:
        """The KPIs as a mapping (the single row of the runs table)."""
        row = {name: values[0] for name, values in self.columns["runs"].items()}
        return {name: v.item() if hasattr(v, "item") else v for name, v in row.items()}

    def __getstate__(self) -> dict[str, Any]:
        return {"columns": self.columns, "_frames": None}  # frames are rebuilt, not sent


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold off the cyclic garbage collector for the block; collection resumes afterwards.

    A replication allocates millions of long-lived objects (tickets, jobs, events) and almost
    no reference cycles, so the collector's passes over them find nothing yet cost up to a
    third of a large run. Reference counting still frees everything else at once;
    tests/experiment/test_gc_pause.py checks that the cycles left to the collector stay few
    and that peak memory does not grow. Nested use leaves the outer block in charge.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_one(
    scenario: Scenario, seed: int, rep: int, point: str = "base", event_log: bool = False
) -> RunResult:
    """Simulate one replication and tabulate it (a picklable top-level function)."""
    with paused_gc():
        return _run_one(scenario, seed, rep, point, event_log)


def _run_one(
    scenario: Scenario, seed: int, rep: int, point: str, event_log: bool = False
) -> RunResult:
    out = simulate(scenario, seed, rep, event_log=event_log)
    # the model around the records (processes, people, rosters) is a web of reference cycles
    # that only the collector frees; with collection paused every object of the run is still in
    # the youngest generation, so collecting that one alone frees it for a few milliseconds
    gc.collect(0)
    out.ticket_records.release_draws()  # the tables read only what the records keep
    tables = build_tables(out, point)
    wip_area = out.wip_area_window
    del out  # the records are in the tables now; free them before the KPIs' copies
    kpis = run_kpis(
        tables,
        scenario.warmup_days,
        scenario.horizon_days,
        scenario.company.employees,
        wip_area,
        desk_team=scenario.flow.desk,
    )
    runs = {"scenario": scenario.name, "point": point, "rep": rep, "seed": seed} | kpis
    tables["runs"] = Columns({name: infer_column([value]) for name, value in runs.items()})
    return RunResult(tables)


def run_task(task: RunTask) -> RunResult:
    """Run a RunTask (the unit an executor maps over)."""
    result = run_one(task.scenario, task.seed, task.rep, task.point, task.event_log)
    if not task.skip_tables:
        return result
    tables = result.columns
    return RunResult({name: tables[name] for name in tables if name not in task.skip_tables})


def replication_tasks(
    scenario: Scenario, reps: int, seed: int, point: str = "base"
) -> list[RunTask]:
    """Tasks for replications 0..reps-1 of one scenario."""
    return [RunTask(scenario, seed, rep, point) for rep in range(reps)]


def run_tasks(
    tasks: Sequence[RunTask],
    executor: Executor | None = None,
    quiet: bool = True,
) -> dict[str, pd.DataFrame]:
    """Run tasks on ``executor`` (serial if None) and concatenate their tables."""
    return concat_tables(r.tables for r in _results(tasks, executor, quiet))


def run_tasks_columns(
    tasks: Sequence[RunTask],
    executor: Executor | None = None,
    quiet: bool = True,
) -> dict[str, Columns]:
    """``run_tasks`` with the tables as numpy columns (no DataFrame is made)."""
    results = sorted(_results(tasks, executor, quiet), key=lambda r: _key_of(r.columns["runs"]))
    collected: dict[str, list[Columns]] = {}
    for result in results:
        for name, table in result.columns.items():
            collected.setdefault(name, []).append(table)
    out = {name: concat(parts) for name, parts in collected.items()}
    if "runs" in out:
        out["runs"] = complete_run_columns(out["runs"])
    return out


def _results(tasks: Sequence[RunTask], executor: Executor | None, quiet: bool) -> list[RunResult]:
    executor = executor if executor is not None else make_executor(jobs=1)
    results: list[RunResult] = []
    with executor:
        done = executor.map_unordered(run_task, tasks)
        for _task, result in progress(done, total=len(tasks), quiet=quiet or len(tasks) < 2):
            results.append(result)
    return results


def _key_of(runs: Columns) -> tuple[str, str, int]:
    return str(runs["scenario"][0]), str(runs["point"][0]), int(runs["rep"][0])


def run_replications(
    scenario: Scenario,
    reps: int | None = None,
    seed: int | None = None,
    jobs: int | None = 1,
    quiet: bool = True,
) -> dict[str, pd.DataFrame]:
    """Run ``reps`` replications of ``scenario`` and return every table, sorted by key."""
    tasks = replication_tasks(
        scenario,
        reps if reps is not None else scenario.replications,
        seed if seed is not None else scenario.seed,
    )
    jobs = min(jobs, len(tasks)) if jobs is not None else None
    return run_tasks(tasks, make_executor(jobs=jobs), quiet=quiet)


def concat_tables(parts: Iterable[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Concatenate per-run tables by name, in a deterministic (key-sorted) order."""
    import pandas as pd

    collected: dict[str, list[pd.DataFrame]] = {}
    # runs finish in any order; concatenating in key order makes the column order (the union
    # of every run's columns) independent of the executor
    for tables in sorted(parts, key=_run_sort_key):
        for name, frame in tables.items():
            collected.setdefault(name, []).append(frame)
    out = {}
    for name, frames in collected.items():
        frame = pd.concat(frames, ignore_index=True)
        order = frame.groupby(list(TABLE_KEYS), sort=True).ngroup().to_numpy()
        out[name] = frame.iloc[order.argsort(kind="stable")].reset_index(drop=True)
    if "runs" in out:
        out["runs"] = complete_runs(out["runs"])
    return out


def _run_sort_key(tables: dict[str, pd.DataFrame]) -> tuple[str, str, int]:
    first = tables["runs"].iloc[0]
    return str(first["scenario"]), str(first["point"]), int(first["rep"])
