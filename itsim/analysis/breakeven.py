"""Break-even: the lever value at which an arm's KPI equals the base's, with a CI on the root.

The arm runs at ``points`` values of one lever, every value on the same ``(seed, rep)`` pairs
as the base (common random numbers), giving a response curve of the paired difference
``d(x) = KPI_arm(x) - KPI_base`` with a pointwise 95% CI. The *gain* is ``d`` for a KPI where
more is better and ``-d`` where less is better. The break-even is where the mean gain crosses
zero (linear between the two levels around the sign change). Its CI is the set of lever values
where zero lies inside the pointwise band: from the crossing of one band edge to the other's
(an edge that does not cross inside the range leaves that side of the CI open at the range's
end). When the mean gain keeps one sign over the whole range the arm "always" or "never" pays
off in range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from itsim.config.schema import Scenario
from itsim.experiment.candidates import Evaluator
from itsim.experiment.executors import Executor
from itsim.results.kpi_info import direction
from itsim.results.stats import mean_ci

Status = Literal["crosses", "always", "never"]


@dataclass
class BreakEven:
    """A break-even answer: the curve, the root and its CI (None where they do not exist)."""

    levels: np.ndarray
    gain_mean: np.ndarray
    gain_lower: np.ndarray
    gain_upper: np.ndarray
    status: Status
    root: float | None = None
    root_low: float | None = None
    root_high: float | None = None
    open_low: bool = False  # the CI runs past the low end of the range
    open_high: bool = False

    def pays_below_root(self) -> bool:
        """Whether the arm gains at lever values below the root (e.g. a fee)."""
        return bool(self.gain_mean[0] > 0)


def paired_gain(diffs: np.ndarray, higher_is_better: bool) -> tuple[np.ndarray, np.ndarray]:
    """Mean gain and CI half-width per level from paired differences (levels x reps)."""
    sign = 1.0 if higher_is_better else -1.0
    stats = [mean_ci(sign * row) for row in np.asarray(diffs, dtype=float)]
    return np.array([m for m, _ in stats]), np.array([h for _, h in stats])


def find_root(levels: np.ndarray, mean: np.ndarray, half: np.ndarray) -> BreakEven:
    """The break-even of a gain curve (see the module docstring)."""
    x = np.asarray(levels, dtype=float)
    half = np.nan_to_num(np.asarray(half, dtype=float), nan=0.0)
    lower, upper = mean - half, mean + half
    found = BreakEven(x, mean, lower, upper, "always")
    if np.all(mean > 0):
        return found
    if np.all(mean < 0):
        found.status = "never"
        return found
    found.status = "crosses"
    found.root = _crossing(x, mean)
    edges = [c for c in (_crossing(x, lower), _crossing(x, upper)) if c is not None]
    inside = x[(lower <= 0) & (upper >= 0)]
    candidates = [*edges, *inside.tolist(), found.root]
    found.root_low, found.root_high = min(candidates), max(candidates)
    found.open_low = bool(lower[0] <= 0 <= upper[0])
    found.open_high = bool(lower[-1] <= 0 <= upper[-1])
    return found


def _crossing(x: np.ndarray, y: np.ndarray) -> float | None:
    """The first x where y changes sign (linear between levels), or None."""
    for i in range(len(x) - 1):
        a, b = y[i], y[i + 1]
        if a == 0:
            return float(x[i])
        if math.isfinite(a) and math.isfinite(b) and (a < 0) != (b < 0):
            return float(x[i] + (x[i + 1] - x[i]) * a / (a - b))
    return float(x[-1]) if y[-1] == 0 else None


def curve_frame(result: BreakEven, base_mean: float, arm_means: np.ndarray) -> pd.DataFrame:
    """The response curve as a table: level, gain mean and CI, and both arms' means."""
    return pd.DataFrame({
        "level": result.levels, "gain_mean": result.gain_mean,
        "gain_lower": result.gain_lower, "gain_upper": result.gain_upper,
        "arm_mean": arm_means, "base_mean": base_mean,
    })  # fmt: skip


def levels_between(low: float, high: float, points: int, integers: bool) -> np.ndarray:
    """``points`` evenly spaced lever values from ``low`` to ``high`` (unique integers if asked)."""
    values = np.linspace(low, high, points)
    return np.unique(np.round(values)).astype(int) if integers else values


@dataclass
class BreakEvenRun:
    """A break-even measured on the model: the answer, both arms' means and its cost."""

    result: BreakEven
    lever: str
    kpi: str
    base_mean: float
    arm_means: np.ndarray
    reps: int
    runs: int
    simulated_years: float


def run_breakeven(
    base: Scenario, arm: Scenario, lever: str, levels: np.ndarray, kpi: str, reps: int,
    seed: int, executor: Executor,
) -> BreakEvenRun:  # fmt: skip
    """Run the base once and the arm at every lever value, all on the same seeds."""
    higher = direction(kpi) != "lower"
    on_base = Evaluator(base, seed, executor, [kpi])
    on_arm = Evaluator(arm, seed, executor, [kpi])
    with executor:
        reference = on_base.evaluate({}, reps).values(kpi, reps)
        values = [c.values(kpi, reps) for c in
                  on_arm.evaluate_many([{lever: _plain(x)} for x in levels], reps)]  # fmt: skip
    diffs = np.array([v - reference for v in values])
    mean, half = paired_gain(diffs, higher)
    arm_means = np.array([float(np.nanmean(v)) for v in values])
    runs = on_base.runs + on_arm.runs
    years = on_base.simulated_years() + on_arm.simulated_years()
    return BreakEvenRun(find_root(levels, mean, half), lever, kpi, float(np.nanmean(reference)),
                        arm_means, reps, runs, years)  # fmt: skip


def _plain(value: float | np.generic) -> float | int:
    """A numpy scalar as the Python number a scenario key takes."""
    return value.item() if isinstance(value, np.generic) else value


def answer(record: dict[str, Any]) -> str:
    """The break-even in one sentence."""
    arm, lever = record["arm"], record["lever"]
    low, high = record["range"]
    span = f"{lever} = {fmt_level(low)}..{fmt_level(high)}"
    if record["status"] == "always":
        return f"{arm} always pays off in range {span}"
    if record["status"] == "never":
        return f"{arm} never pays off in range {span}"
    lo, hi = record["root_ci"]
    left = "≤ " if record["root_ci_open"][0] else ""
    right = " or more" if record["root_ci_open"][1] else ""
    side = "below" if record["pays_below_root"] else "above"
    return (f"break-even at {lever} = {fmt_level(record['root'])} (95% CI {left}"
            f"{fmt_level(lo)} to {fmt_level(hi)}{right}); {arm} pays off {side} it")  # fmt: skip


def fmt_level(value: float) -> str:
    """A lever value: thousands separated and no exponent for large values, else 4 digits."""
    from itsim.analysis.decision_tables import fmt_plain

    return fmt_plain(value)
