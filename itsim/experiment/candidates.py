"""Candidates of a decision: a base scenario with some keys set, run on common random numbers.

Every candidate runs replications ``0..n-1`` with the same experiment seed, so candidates see
the same arrivals and differ only by the decision. Results are cached per candidate, so a
candidate proposed twice, or given more replications later, runs only the replications it lacks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from itsim.config.load import apply_overrides
from itsim.config.schema import Scenario
from itsim.experiment.executors import Executor
from itsim.experiment.runner import RunTask, run_one
from itsim.results.stats import mean_ci

DAYS_PER_YEAR = 365.0


def params_label(params: Mapping[str, Any]) -> str:
    """A candidate's name: ``key=value`` pairs in the order given."""
    return ", ".join(f"{key}={_fmt(value)}" for key, value in params.items())


def _fmt(value: Any) -> str:
    return f"{value:.6g}" if isinstance(value, float) else str(value)


@dataclass
class Candidate:
    """One candidate: the values of the decision variables and its KPIs per replication."""

    params: dict[str, Any]
    kpis: dict[str, list[float]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The candidate's name (its parameter values)."""
        return params_label(self.params)

    @property
    def reps(self) -> int:
        """Replications run so far."""
        return min((len(v) for v in self.kpis.values()), default=0)

    def values(self, kpi: str, reps: int | None = None) -> np.ndarray:
        """The KPI in replications ``0..reps-1`` (NaN where it was not measured)."""
        found = self.kpis.get(kpi, [math.nan] * self.reps)
        return np.asarray(found[: reps if reps is not None else len(found)], dtype=float)

    def mean(self, kpi: str, reps: int | None = None) -> float:
        """Mean of the KPI across replications."""
        return mean_ci(self.values(kpi, reps))[0]

    def half_width(self, kpi: str, reps: int | None = None) -> float:
        """95% CI half-width of the KPI's mean."""
        return mean_ci(self.values(kpi, reps))[1]


def kpi_row(task: RunTask) -> tuple[int, dict[str, float]]:
    """Run one replication and return its KPIs (a picklable top-level function)."""
    return task.rep, run_one(task.scenario, task.seed, task.rep, task.point).kpis


class Evaluator:
    """Runs candidates of one base scenario on an executor and caches their KPIs."""

    def __init__(self, base: Scenario, seed: int, executor: Executor, kpis: Sequence[str]):
        self.base, self.seed, self.executor = base, seed, executor
        self.kpis = list(dict.fromkeys(kpis))
        self.cache: dict[str, Candidate] = {}
        self.runs = 0  # replications simulated by this evaluator

    def scenario(self, params: Mapping[str, Any]) -> Scenario:
        """The base scenario with the candidate's values set (an InputError if invalid)."""
        return apply_overrides(self.base, dict(params))

    def add(self, candidate: Candidate) -> None:
        """Seed the cache with a candidate measured earlier (a resumed study)."""
        self.cache.setdefault(candidate.label, candidate)

    def evaluate(self, params: Mapping[str, Any], reps: int) -> Candidate:
        """The candidate with at least ``reps`` replications (running the missing ones)."""
        return self.evaluate_many([params], reps)[0]

    def evaluate_many(self, many: Sequence[Mapping[str, Any]], reps: int) -> list[Candidate]:
        """Several candidates, their missing replications run together on the executor."""
        found = [self.cache.setdefault(params_label(p), Candidate(dict(p))) for p in many]
        tasks = []
        for label in dict.fromkeys(c.label for c in found):  # each distinct candidate once
            candidate = self.cache[label]
            scenario = self.scenario(candidate.params)
            tasks += [RunTask(scenario, self.seed, rep, candidate.label)
                      for rep in range(candidate.reps, reps)]  # fmt: skip
        rows: dict[str, dict[int, dict[str, float]]] = {}
        for task, (rep, kpis) in self.executor.map_unordered(kpi_row, tasks):
            rows.setdefault(task.point, {})[rep] = kpis
        for label, by_rep in rows.items():
            self._append(self.cache[label], by_rep)
        self.runs += len(tasks)
        return found

    def _append(self, candidate: Candidate, by_rep: Mapping[int, Mapping[str, float]]) -> None:
        for rep in sorted(by_rep):  # replications in rep order, whatever order they finished in
            for kpi in self.kpis:
                value = by_rep[rep].get(kpi)
                number = math.nan if value is None else float(value)
                candidate.kpis.setdefault(kpi, []).append(number)

    def simulated_years(self) -> float:
        """Simulated time spent so far, in years of the scenario's horizon."""
        return self.runs * self.base.horizon_days / DAYS_PER_YEAR
