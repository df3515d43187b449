"""What the HTML report shows, computed from a results folder: variants, KPI summaries with
CIs, the Pareto set of SLA against cost, the variants drawn in time-series figures.

A *variant* is one (scenario, point) pair: an arm of an experiment at one grid point. Its label
is the point for a one-arm sweep, the scenario for a one-point run, or both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import yaml
from scipy import stats

from itsim.experiment.folder import ResultsFolder
from itsim.results import catalog
from itsim.results.stats import kpi_columns, summarise

COST_KPI = "annual_cost_usd"
SLA_KPI = "sla_resolve_all"
#: KPIs the arms are ranked on, and whether higher is better (from the KPI catalogue).
RANKED_KPIS = tuple(
    (kpi, catalog.direction(kpi) == "higher")
    for kpi in ("sla_resolve_all", "wait_hours_mean", "annual_cost_usd")
)
#: Most variants drawn in one time-series figure.
MAX_SHOWN = 6


@dataclass
class ReportData:
    """Everything the report draws, already reduced from the folder's tables."""

    folder: ResultsFolder
    runs: pd.DataFrame  # the runs table plus a ``variant`` column
    summary: pd.DataFrame  # variant, scenario, point, kpi, mean, half_width, lower, upper, n
    variants: list[str]
    pareto: list[str]
    shown: list[str]
    scenario: dict[str, Any] = field(default_factory=dict)

    @property
    def warmup_days(self) -> int:
        """Warm-up length of the (base) scenario, days."""
        return int(self.scenario.get("warmup_days", 0))

    def means(self, kpi: str) -> pd.Series:
        """Mean of ``kpi`` per variant (index: variant, in report order)."""
        table = self.summary[self.summary["kpi"] == kpi].set_index("variant")
        return table["mean"].reindex(self.variants)

    def half_widths(self, kpi: str) -> pd.Series:
        """95% CI half-width of ``kpi`` per variant."""
        table = self.summary[self.summary["kpi"] == kpi].set_index("variant")
        return table["half_width"].reindex(self.variants)


def load_report_data(folder: ResultsFolder) -> ReportData:
    """Read the runs table and reduce it to what the report shows."""
    runs = folder.table("runs")
    labels = variant_labels(runs)
    runs = runs.assign(variant=labels)
    variants = _ordered_variants(runs, folder)
    summary = _summary(runs)
    pareto = pareto_variants(summary, variants)
    shown = choose_shown(variants, pareto)
    return ReportData(folder, runs, summary, variants, pareto, shown, _scenario(folder))


def variant_labels(frame: pd.DataFrame) -> pd.Series:
    """Readable variant label of every row: point, scenario, or ``scenario · point``."""
    one_scenario = frame["scenario"].nunique() == 1
    one_point = frame["point"].nunique() == 1
    if one_scenario:
        return frame["point"].astype(str) if not one_point else frame["scenario"].astype(str)
    if one_point:
        return frame["scenario"].astype(str)
    return frame["scenario"].astype(str) + " · " + frame["point"].astype(str)


def _ordered_variants(runs: pd.DataFrame, folder: ResultsFolder) -> list[str]:
    """Arms in manifest order, then points in grid order (labels sort badly: 10 < 2)."""
    arms = list(folder.manifest.get("arms") or {})
    points = list(folder.points)
    pairs = runs.drop_duplicates("variant")[["scenario", "point", "variant"]]

    def rank(row: Any) -> tuple[int, int, str]:
        arm = arms.index(row.scenario) if row.scenario in arms else len(arms)
        point = points.index(row.point) if row.point in points else len(points)
        return arm, point, row.variant

    return [str(row.variant) for row in sorted(pairs.itertuples(index=False), key=rank)]


def _summary(runs: pd.DataFrame) -> pd.DataFrame:
    frames = []
    kpis = [k for k in kpi_columns(runs) if k != "variant"]
    for (variant, scenario, point), group in runs.groupby(["variant", "scenario", "point"]):
        frame = summarise(group, kpis)
        frame.insert(0, "point", str(point))
        frame.insert(0, "scenario", str(scenario))
        frame.insert(0, "variant", str(variant))
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def pareto_variants(summary: pd.DataFrame, variants: list[str]) -> list[str]:
    """Variants not dominated on (lower cost, higher SLA attainment), cheapest first.

    A variant is dominated when another costs no more and attains no less, and is strictly
    better on one of the two. Variants without both KPIs are left out.
    """
    wide = summary.pivot_table(index="variant", columns="kpi", values="mean")
    if COST_KPI not in wide or SLA_KPI not in wide:
        return []
    table = wide[[COST_KPI, SLA_KPI]].dropna()
    cost, sla = table[COST_KPI].to_numpy(), table[SLA_KPI].to_numpy()
    keep = []
    for i, name in enumerate(table.index):
        better = (cost <= cost[i]) & (sla >= sla[i]) & ((cost < cost[i]) | (sla > sla[i]))
        if not better.any():
            keep.append(str(name))
    cost_of = dict(zip(map(str, table.index), cost.tolist(), strict=True))
    return sorted(keep, key=lambda v: (cost_of[v], variants.index(v)))


def choose_shown(variants: list[str], pareto: list[str], limit: int = MAX_SHOWN) -> list[str]:
    """Variants drawn in time-series figures: all if few, else up to ``limit`` Pareto ones."""
    if len(variants) <= limit:
        return list(variants)
    pool = pareto or variants
    if len(pool) <= limit:
        return list(pool)
    picks = np.linspace(0, len(pool) - 1, limit).round().astype(int)
    return [pool[i] for i in sorted(set(picks.tolist()))]


def _scenario(folder: ResultsFolder) -> dict[str, Any]:
    for path in sorted(folder.root.glob("scenario*.yaml")):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        return loaded if isinstance(loaded, dict) else {}
    return {}


def kpi_means_table(data: ReportData, kpis: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Wide table: one row per variant, mean and half-width columns per KPI present.

    ``kpis`` defaults to the catalogue's ``report`` view.
    """
    measured = list(pd.unique(data.summary["kpi"]))
    chosen = kpis if kpis is not None else catalog.in_view(measured, "report")
    present = [k for k in chosen if k in set(measured)]
    rows = []
    for variant in data.variants:
        row: dict[str, Any] = {
            "variant": variant,
            "runs": int((data.runs.variant == variant).sum()),
        }
        for kpi in present:
            row[kpi] = (data.means(kpi)[variant], data.half_widths(kpi)[variant])
        rows.append(row)
    return pd.DataFrame(rows, columns=["variant", "runs", *present])


def daily_series(
    team_daily: pd.DataFrame, column: str, variants: list[str], how: str = "sum"
) -> pd.DataFrame:
    """Per variant and day: mean over replications of the team-total (or team-mean) ``column``.

    Returns columns variant, day, mean, half_width (95% CI across replications).
    """
    frame = team_daily.assign(variant=variant_labels(team_daily))
    frame = frame[frame["variant"].isin(variants)]
    per_rep = frame.groupby(["variant", "rep", "day"])[column].agg(how).reset_index()
    stats_ = per_rep.groupby(["variant", "day"])[column].agg(["mean", "std", "count"])
    count = stats_["count"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = stats.t.ppf(0.975, count - 1)
        half = np.where(count > 1, t * stats_["std"].to_numpy() / np.sqrt(count), np.nan)
    out = stats_.reset_index()[["variant", "day", "mean"]]
    out["half_width"] = half
    return out
