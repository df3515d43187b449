"""Compare arms: every scenario on the same (seed, rep) pairs, KPIs per arm with CIs, and the
paired difference of each arm to the first one (common random numbers make the pairs tight).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from itsim.config.schema import Scenario
from itsim.experiment.executors import Executor
from itsim.experiment.runner import RunTask, run_tasks
from itsim.results import catalog
from itsim.results.paired import compare_arms
from itsim.results.stats import summarise


@dataclass
class Comparison:
    """The outcome of a comparison.

    Attributes
    ----------
    arms : list of str
        Arm names, base first.
    tables : dict of DataFrame
        Every run's tables, concatenated (``scenario`` is the arm).
    summary : DataFrame
        One row per (scenario, kpi): mean, half_width, lower, upper, n.
    deltas : DataFrame
        One row per (arm, kpi) for every arm but the base: paired diff, half_width, lower,
        upper, p_value, p_holm (see :func:`itsim.analysis.output.compare_arms`).
    """

    arms: list[str]
    tables: dict[str, pd.DataFrame]
    summary: pd.DataFrame
    deltas: pd.DataFrame


def distinct_arms(scenarios: Sequence[Scenario]) -> list[Scenario]:
    """The scenarios with unique names (a repeated name gets ``-2``, ``-3``…)."""
    seen: dict[str, int] = {}
    out = []
    for scenario in scenarios:
        count = seen.get(scenario.name, 0) + 1
        seen[scenario.name] = count
        name = scenario.name if count == 1 else f"{scenario.name}-{count}"
        out.append(scenario if count == 1 else scenario.model_copy(update={"name": name}))
    return out


def comparison_tasks(scenarios: Sequence[Scenario], reps: int, seed: int) -> list[RunTask]:
    """Replications 0..reps-1 of every arm with the same seed, rep by rep."""
    return [RunTask(s, seed, rep) for rep in range(reps) for s in scenarios]


def shown_kpis(runs: pd.DataFrame) -> list[str]:
    """The KPIs to show: the catalogue's ``compare`` view, those some arm measured.

    A ``when_nonzero`` KPI (operating model, cost categories) is left out when every arm
    measured zero.
    """
    shown = []
    for kpi in catalog.in_view(runs.columns, "compare"):
        values = runs[kpi]
        if not values.notna().any():
            continue
        entry = catalog.lookup(kpi)
        if entry is not None and entry.when_nonzero and values.fillna(0).abs().sum() == 0:
            continue
        shown.append(kpi)
    return shown


def compare_scenarios(
    scenarios: Sequence[Scenario],
    reps: int,
    seed: int,
    executor: Executor | None = None,
    quiet: bool = True,
) -> Comparison:
    """Run every arm on the same seeds and compare each to the first."""
    arms = distinct_arms(scenarios)
    tables = run_tasks(comparison_tasks(arms, reps, seed), executor, quiet=quiet)
    names = [s.name for s in arms]
    runs = tables["runs"]
    # categories absent from an arm's ledger cost it nothing
    cost_cols = [c for c in runs.columns if c.startswith("cost_") and c.endswith("_usd")]
    runs[cost_cols] = runs[cost_cols].fillna(0.0)
    order = pd.Categorical(runs["scenario"], categories=names, ordered=True)
    runs = runs.iloc[np.lexsort((runs["rep"].to_numpy(), order.codes))].reset_index(drop=True)
    tables["runs"] = runs
    kpis = shown_kpis(runs)
    summary = pd.concat(
        [summarise(runs[runs["scenario"] == n], kpis).assign(scenario=n) for n in names],
        ignore_index=True,
    )
    summary = summary[["scenario", *[c for c in summary.columns if c != "scenario"]]]
    deltas = compare_arms(runs, kpis, arm_col="scenario", pair_cols=("rep",), baseline=names[0])
    return Comparison(names, tables, summary, deltas)
