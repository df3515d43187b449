"""One-at-a-time sensitivity: which assumptions move a KPI most, and does any flip a comparison?

Every estimate of the register (:mod:`itsim.analysis.assumptions`), and every ``--vary`` key,
is set low and then high while everything else stays as given; each swing runs the same
``(seed, rep)`` pairs as the scenario itself, so a KPI's change is a paired difference with a
tight CI. Assumptions are ranked by the span between their low and high change. With an
``against`` arm, the swing is applied to both arms (where the arm has the key) and a flip is a
change of sign of the arm's mean difference to the scenario.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from itsim.analysis.assumptions import Estimate, get_dotted
from itsim.config.overrides import block_exists
from itsim.config.schema import Scenario
from itsim.errors import InputError
from itsim.experiment.candidates import Evaluator
from itsim.experiment.executors import Executor
from itsim.results.stats import mean_ci


@dataclass(frozen=True)
class Swing:
    """One assumption's low and high values (absolute)."""

    key: str
    grade: str
    value: float
    low: float
    high: float


def swings_for(estimates: Sequence[Estimate], resolved: Mapping[str, Any]) -> list[Swing]:
    """Low and high values of every estimate with a non-zero value (integers stay integers)."""
    found = []
    for est in estimates:
        value = get_dotted(resolved, est.key)
        if not value:
            continue  # a zero has no relative swing (give an absolute one with --vary)
        low, high = value * (1 - est.swing), value * (1 + est.swing)
        if isinstance(value, int):
            low, high = min(round(low), value - 1), max(round(high), value + 1)
        found.append(Swing(est.key, est.grade, value, low, high))
    return found


@dataclass
class Sensitivity:
    """The ranking table, the swings skipped (invalid values) and the cost of the answer."""

    ranking: pd.DataFrame
    skipped: list[str]
    runs: int
    simulated_years: float


def run_sensitivity(
    base: Scenario, swings: Sequence[Swing], kpis: Sequence[str], reps: int, seed: int,
    executor: Executor, against: Scenario | None = None,
) -> Sensitivity:  # fmt: skip
    """Run every swing (and the scenario as given) on common random numbers and rank them."""
    valid, skipped = _valid(base, swings)
    evaluators = [Evaluator(base, seed, executor, kpis)]
    if against is not None:
        evaluators.append(Evaluator(against, seed, executor, kpis))
    with executor:
        measured = [_measure(ev, valid, reps, first=i == 0) for i, ev in enumerate(evaluators)]
    rows = [_row(i, s, kpi, measured, reps) for kpi in kpis for i, s in enumerate(valid)]
    ranking = pd.DataFrame(rows)
    if len(ranking):
        ranking = ranking.sort_values(["kpi", "span"], ascending=[True, False], kind="stable")
    runs = sum(ev.runs for ev in evaluators)
    years = sum(ev.simulated_years() for ev in evaluators)
    return Sensitivity(ranking.reset_index(drop=True), skipped, runs, years)


def _valid(base: Scenario, swings: Sequence[Swing]) -> tuple[list[Swing], list[str]]:
    """The swings whose low and high values both give a valid scenario."""
    valid, skipped = [], []
    for swing in swings:
        try:
            for value in (swing.low, swing.high):
                _apply(base, swing.key, value)
        except InputError as exc:
            skipped.append(f"{swing.key}: {exc.message}")
            continue
        valid.append(swing)
    return valid, skipped


def _apply(scenario: Scenario, key: str, value: float) -> Scenario:
    from itsim.config.load import apply_overrides

    return apply_overrides(scenario, {key: value})


def _measure(ev: Evaluator, swings: Sequence[Swing], reps: int, first: bool) -> dict[str, Any]:
    """Each swing's candidate (and the unswung one) for one arm; keys the arm lacks stay put."""
    resolved = ev.base.model_dump(mode="json")
    params: list[dict[str, Any]] = [{}] + [
        {s.key: v} if first or block_exists(resolved, s.key) else {}
        for s in swings for v in (s.low, s.high)
    ]  # fmt: skip
    found = ev.evaluate_many(params, reps)
    return {"base": found[0], "swings": found[1:]}


def _row(
    i: int, swing: Swing, kpi: str, measured: list[dict[str, Any]], reps: int
) -> dict[str, Any]:
    """The KPI's paired change at swing ``i``'s low and high value."""
    own = measured[0]
    low_c, high_c = own["swings"][2 * i], own["swings"][2 * i + 1]
    reference = own["base"].values(kpi, reps)
    d_low = mean_ci(low_c.values(kpi, reps) - reference)
    d_high = mean_ci(high_c.values(kpi, reps) - reference)
    row = {"kpi": kpi, "key": swing.key, "grade": swing.grade, "value": swing.value,
           "low": swing.low, "high": swing.high, "kpi_as_given": float(np.nanmean(reference)),
           "delta_low": d_low[0], "delta_low_half_width": d_low[1],
           "delta_high": d_high[0], "delta_high_half_width": d_high[1],
           "span": abs(d_high[0] - d_low[0])}  # fmt: skip
    if len(measured) > 1:
        row |= _flip(kpi, reps, measured, 2 * i)
    return row


def _flip(kpi: str, reps: int, measured: list[dict[str, Any]], at: int) -> dict[str, Any]:
    """The arm's difference to the scenario as given, at the low and the high swing."""
    own, arm = measured

    def diff(a: Any, b: Any) -> float:
        return float(np.nanmean(a.values(kpi, reps) - b.values(kpi, reps)))

    nominal = diff(arm["base"], own["base"])
    at_low = diff(arm["swings"][at], own["swings"][at])
    at_high = diff(arm["swings"][at + 1], own["swings"][at + 1])
    flips = any(math.copysign(1, d) != math.copysign(1, nominal) for d in (at_low, at_high))
    return {"arm_diff_as_given": nominal, "arm_diff_low": at_low, "arm_diff_high": at_high,
            "flips": bool(flips and nominal != 0)}  # fmt: skip
