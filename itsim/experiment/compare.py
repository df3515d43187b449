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
from itsim.results.paired import compare_arms
from itsim.results.stats import summarise

#: KPIs shown by ``itsim compare`` (in this order) when present in the runs.
COMPARE_KPIS = (
    "sla_resolve_all", "sla_resolve_P1", "sla_resolve_P2", "sla_response_all",
    "wait_hours_mean", "resolve_hours_p90", "backlog_mean", "utilisation_desk",
    "deflected_share", "msp_resolved_share", "projects_delivered", "project_lead_time_days_mean",
    "value_delivered_usd", "annual_cost_usd", "cost_per_ticket_usd", "cost_per_employee_usd",
    "net_value_usd", "msp_credits_usd", "vendor_savings_usd",
)  # fmt: skip
#: KPIs shown only when some arm has a non-zero value (the operating model is on somewhere).
WHEN_NONZERO = ("deflected_share", "msp_resolved_share", "msp_credits_usd", "vendor_savings_usd")
#: KPIs of people and burnout (results/staff.py), shown in this order when the model reports them.
PEOPLE_KPIS = (
    "mean_energy", "mean_energy_desk", "share_burned_out", "share_burned_out_desk",
    "overtime_hours_per_fte_month", "departures", "departures_desk", "turnover_rate", "hires",
    "vacancy_days", "sick_days",
)  # fmt: skip


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
    """The KPIs to show: the comparison list, people KPIs and cost categories, if measured."""
    present = [
        k for k in COMPARE_KPIS
        if k in runs and runs[k].notna().any()
        and (k not in WHEN_NONZERO or runs[k].fillna(0).abs().sum() > 0)
    ]  # fmt: skip
    extra = [k for k in PEOPLE_KPIS if k in runs]
    costs = sorted(
        c for c in runs.columns
        if c.startswith("cost_") and c.endswith("_usd") and c not in COMPARE_KPIS
        and runs[c].fillna(0).abs().sum() > 0
    )  # fmt: skip
    return present + [k for k in extra if runs[k].notna().any()] + costs


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
