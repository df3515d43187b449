"""What :func:`itsim.run` returns: every table as a DataFrame, the KPI summary with 95% CIs,
plot helpers, and an HTML view for notebooks.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from itsim.api import html
from itsim.api.present import headline
from itsim.config.load import scenario_to_yaml
from itsim.config.schema import Scenario
from itsim.experiment.outputs import manifest, write_outputs

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class Estimate:
    """A KPI across replications: mean and 95% confidence interval, in the KPI's unit."""

    kpi: str
    mean: float
    half_width: float
    lower: float
    upper: float
    n: int


def estimate(summary: pd.DataFrame, kpi: str) -> Estimate:
    """The row of ``summary`` for ``kpi`` (KeyError naming the KPIs there are)."""
    rows = summary[summary["kpi"] == kpi]
    if rows.empty:
        known = ", ".join(summary["kpi"].head(12))
        raise KeyError(f"no KPI {kpi!r} in this result (some there are: {known}, ...)")
    row = rows.iloc[0]
    return Estimate(
        kpi, float(row["mean"]), float(row["half_width"]), float(row["lower"]),
        float(row["upper"]), int(row["n"]),
    )  # fmt: skip


@dataclass
class Result:
    """Replications of one scenario.

    Attributes
    ----------
    scenario : Scenario
        The fully resolved scenario that ran (overrides applied).
    seed : int
        The experiment seed; replication ``r`` ran on ``(seed, r)``.
    reps : int
        Replications run.
    tables : dict of DataFrame
        Every table by name (``tickets``, ``team_daily``, ``staff_daily``, ``costs``, ``runs``…),
        each keyed by ``scenario``, ``point`` and ``rep``.
    summary : DataFrame
        One row per KPI: kpi, label, mean, half_width, lower, upper (95% CI), n.
    elapsed_seconds : float
        Wall-clock time of the replications.
    """

    scenario: Scenario
    seed: int
    reps: int
    tables: dict[str, pd.DataFrame]
    summary: pd.DataFrame
    elapsed_seconds: float

    @property
    def runs(self) -> pd.DataFrame:
        """One row of KPIs per replication."""
        return self.tables["runs"]

    @property
    def tickets(self) -> pd.DataFrame:
        """One row per ticket of every replication."""
        return self.tables["tickets"]

    @property
    def event_log(self) -> pd.DataFrame:
        """One row per ticket event (run with ``event_log=True``; see docs/api.md)."""
        if "event_log" not in self.tables:
            raise KeyError("no event log in this result: run with event_log=True")
        return self.tables["event_log"]

    def kpi(self, name: str) -> Estimate:
        """One KPI's mean and 95% CI, e.g. ``result.kpi("sla_resolve_all").mean``."""
        return estimate(self.summary, name)

    def headline(self) -> pd.DataFrame:
        """The summary rows worth a first look, in display order."""
        frame = self.summary.set_index("kpi")
        return frame.loc[headline(self.summary)].reset_index()

    def scenario_yaml(self) -> str:
        """The resolved scenario as YAML (every default written out); runs with ``itsim run``."""
        return scenario_to_yaml(self.scenario)

    def save(self, out_dir: str | Path) -> Path:
        """Write the output folder ``itsim run --out`` writes (Parquet tables, CSVs, manifest)."""
        info = manifest([self.scenario], self.seed, self.reps,
                        {"elapsed_seconds": round(self.elapsed_seconds, 2)})  # fmt: skip
        return write_outputs(Path(out_dir), self.tables, [self.scenario], self.summary, info)

    def report_html(self) -> str:
        """The self-contained HTML report of ``itsim report`` for this result."""
        from itsim.analysis.report import write_report

        with tempfile.TemporaryDirectory(prefix="itsim-report-") as tmp:
            folder = self.save(Path(tmp) / self.scenario.name)
            return write_report(folder).read_text(encoding="utf-8")

    def plot_backlog(self) -> Figure:
        """Mean jobs queued at day end per team over the year."""
        from itsim.analysis.plots.people import backlog_figure

        return backlog_figure(self.tables["team_daily"])

    def plot_burnout(self) -> Figure:
        """Energy per person (one replication) and the mean over replications."""
        from itsim.analysis.plots.people import energy_figure

        return energy_figure(self.tables.get("staff_daily", pd.DataFrame()))

    def plot_headcount(self) -> Figure:
        """Mean headcount and vacancies per team over the year."""
        from itsim.analysis.plots.people import headcount_figure

        return headcount_figure(self.tables.get("headcount_daily", pd.DataFrame()))

    def plot_utilisation(self) -> Figure:
        """Utilisation of each team by hour of the week, summed over replications."""
        from itsim.analysis.plots.operations import utilisation_hour_of_week

        table = self.tables["team_hour_of_week"]
        summed = table.groupby(["team", "hour_of_week"], as_index=False)[
            ["busy_hours", "available_hours"]
        ].sum()
        return utilisation_hour_of_week(summed, self.scenario.name)

    def _repr_html_(self) -> str:
        title = (f"{self.scenario.name}: {self.reps} replications × {self.scenario.horizon_days} "
                 f"days (warm-up {self.scenario.warmup_days}), seed {self.seed}")  # fmt: skip
        return html.summary_table(self.headline(), title)

    def __repr__(self) -> str:
        return (f"Result({self.scenario.name!r}, reps={self.reps}, seed={self.seed}, "
                f"kpis={len(self.summary)}, tables={sorted(self.tables)})")  # fmt: skip
