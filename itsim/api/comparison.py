"""What :func:`itsim.compare` and :func:`itsim.sweep` return: tables, per-arm (or per-point)
KPI summaries with 95% CIs, paired differences, a plot helper and an HTML view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from itsim.api import html
from itsim.api.present import labelled
from itsim.api.result import Estimate, Result, estimate
from itsim.results.paired import compare_arms

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass
class CompareResult:
    """Arms run on the same (seed, rep) pairs, each compared with the first (the base).

    Attributes
    ----------
    arms : list of str
        Arm names, base first.
    seed, reps : int
        Experiment seed and replications per arm.
    tables : dict of DataFrame
        Every run's tables (``scenario`` is the arm).
    summary : DataFrame
        One row per (scenario, kpi): label, mean, half_width, lower, upper, n.
    deltas : DataFrame
        One row per (arm, kpi) for every arm but the base: label, n, mean, mean_baseline,
        paired diff (arm − base), half_width, lower, upper (of the diff), p_value, p_holm.
    elapsed_seconds : float
        Wall-clock time of every arm's replications.
    """

    arms: list[str]
    seed: int
    reps: int
    tables: dict[str, pd.DataFrame]
    summary: pd.DataFrame
    deltas: pd.DataFrame
    elapsed_seconds: float

    @property
    def base(self) -> str:
        """The arm every other arm is compared with."""
        return self.arms[0]

    @property
    def runs(self) -> pd.DataFrame:
        """One row of KPIs per arm and replication."""
        return self.tables["runs"]

    def kpi(self, name: str, arm: str | None = None) -> Estimate:
        """One arm's KPI (default: the base) with its 95% CI."""
        return estimate(self.summary[self.summary["scenario"] == (arm or self.base)], name)

    def delta(self, name: str, arm: str) -> Estimate:
        """The paired difference ``arm − base`` of a KPI with its 95% CI."""
        rows = self.deltas[self.deltas["arm"] == arm]
        return estimate(rows.drop(columns="mean").rename(columns={"diff": "mean"}), name)

    def plot(self) -> Figure:
        """Cost against SLA attainment (all, P1) per arm, and the strain on staff."""
        from itsim.analysis.plots.compare import comparison_plot

        return comparison_plot(self.summary, self.arms)

    def _repr_html_(self) -> str:
        kpis = list(pd.unique(self.summary["kpi"]))
        title = f"{len(self.arms)} arms × {self.reps} replications, seed {self.seed} (same seeds)"
        return html.comparison_table(self.summary, self.deltas, self.arms, kpis, title)


@dataclass
class SweepResult:
    """Grid points × replications of one scenario, every point on the same seeds.

    Attributes
    ----------
    points : DataFrame
        One row per point: its label and the value of every swept key.
    tables : dict of DataFrame
        Every run's tables (``point`` is the grid point's label).
    summary : DataFrame
        One row per (point, kpi): mean, half_width, lower, upper, n.
    """

    points: pd.DataFrame
    seed: int
    reps: int
    tables: dict[str, pd.DataFrame]
    summary: pd.DataFrame
    elapsed_seconds: float

    @property
    def runs(self) -> pd.DataFrame:
        """One row of KPIs per point and replication."""
        return self.tables["runs"]

    def table(self, kpi: str) -> pd.DataFrame:
        """One KPI at every point: the swept values, mean, lower and upper bound."""
        rows = self.summary[self.summary["kpi"] == kpi][["point", "mean", "lower", "upper"]]
        return self.points.merge(rows, on="point", how="left")

    def _repr_html_(self) -> str:
        title = f"{len(self.points)} points × {self.reps} replications, seed {self.seed}"
        return f"<p><b>{title}</b></p>" + self.points.to_html(index=False)


def paired_deltas(base: Result, other: Result, kpis: list[str] | None = None) -> pd.DataFrame:
    """Paired differences ``other − base`` per KPI, replication by replication, with 95% CIs.

    Both results must have run on the same seed and replications (common random numbers),
    e.g. two cached :func:`itsim.run` calls; columns as :attr:`CompareResult.deltas`.

    Raises
    ------
    ValueError
        The results ran on different seeds or replications.
    """
    if (base.seed, base.reps) != (other.seed, other.reps):
        raise ValueError(
            f"paired differences need the same seeds: base ran seed {base.seed} x {base.reps}, "
            f"the other seed {other.seed} x {other.reps}"
        )
    runs = pd.concat(
        [base.runs.assign(scenario="base"), other.runs.assign(scenario="other")],
        ignore_index=True,
    )
    shared = [k for k in (kpis or list(base.summary["kpi"])) if k in runs]
    return labelled(compare_arms(runs, shared, "scenario", ("rep",), baseline="base"))
