"""The decision report of an ``itsim compare`` folder: which arm beats the base, and on what.

An arm is better (worse) on a KPI when the 95% CI of its paired difference to the base lies
wholly on the KPI's better (worse) side; the rest are "no clear difference".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from itsim.analysis.decision_tables import (
    diff_cell,
    kpi_cell,
    png_uri,
    records,
    section,
    table,
    text,
)
from itsim.results.catalog import label
from itsim.results.kpi_info import direction

#: KPIs of page one, in order (those measured).
HEADLINE = (
    "sla_resolve_P1",
    "sla_resolve_P2",
    "sla_resolve_all",
    "wait_hours_mean",
    "utilisation_desk",
    "occupancy_desk",
    "share_burned_out",
    "turnover_rate",
    "annual_cost_usd",
    "net_value_usd",
)
GROUPS = (
    ("priority", "Service levels by priority", ("sla_resolve_", "sla_response_")),
    ("utilisation", "Utilisation and occupancy", ("utilisation_", "occupancy_")),
    (
        "people",
        "Burnout and turnover",
        (
            "share_burned_out",
            "mean_energy",
            "turnover_rate",
            "departures",
            "overtime_hours",
            "sick_days",
        ),
    ),
    ("cost", "Cost by category", ("cost_",)),
)


def compare_record(root: Path) -> dict[str, Any]:
    """The decision record of a compare folder (from its manifest and deltas)."""
    manifest = pd.read_json(root / "manifest.json", typ="series")
    arms = list(manifest["scenarios"])
    return {
        "kind": "compare",
        "base": arms[0],
        "arms": arms,
        "command": manifest["command"],
        "seed": manifest.get("seed"),
        "reps": manifest.get("replications"),
        "elapsed_seconds": manifest.get("elapsed_seconds"),
        "question": f"Is {' or '.join(arms[1:])} better than {arms[0]}, and on what?",
    }


def verdicts(deltas: pd.DataFrame, arm: str) -> tuple[list[str], list[str]]:
    """KPIs where ``arm`` is clearly better, and clearly worse, than the base."""
    better: list[str] = []
    worse: list[str] = []
    for row in records(deltas[deltas["arm"] == arm]):
        if _is_category(str(row["kpi"])):
            continue  # the cost categories add up to the annual cost, judged once
        side = direction(str(row["kpi"]))
        if side is None or not (row["lower"] > 0 or row["upper"] < 0):
            continue
        good = (row["lower"] > 0) == (side == "higher")
        (better if good else worse).append(str(row["kpi"]))
    return better, worse


def compare_page(root: Path, record: dict[str, Any]) -> dict[str, Any]:
    """Page one (verdict per arm, headline table) and the grouped difference tables."""
    summary, deltas = pd.read_csv(root / "summary.csv"), pd.read_csv(root / "deltas.csv")
    base, others = record["arms"][0], record["arms"][1:]
    lines = []
    for arm in others:
        better, worse = verdicts(deltas, arm)
        lines.append(f"{arm} vs {base}: better on {_names(better)}; worse on {_names(worse)}")
    confidence = [
        *lines,
        f"{record['reps']} replications per arm on the same seeds; a KPI "
        "counts only when the 95% CI of the paired difference excludes zero.",
    ]
    counts = [
        f"{arm}: better on {len(verdicts(deltas, arm)[0])} KPIs, worse on "
        f"{len(verdicts(deltas, arm)[1])}"
        for arm in others
    ]
    answer = lines[0].split(": ", 1)[1] if len(lines) == 1 else "; ".join(counts)
    headline = [
        _difference_table(
            summary, deltas, record["arms"], [k for k in HEADLINE if k in set(summary["kpi"])]
        )
    ]
    sections = []
    for sid, title, prefixes in GROUPS:
        kpis = [
            k
            for k in pd.unique(summary["kpi"])
            if str(k).startswith(prefixes) and not str(k).startswith("cost_per_")
        ]
        if kpis:
            sections.append(
                section(
                    sid, title, tables=[_difference_table(summary, deltas, record["arms"], kpis)]
                )
            )
    monthly = monthly_section(root, record["arms"])
    if monthly is not None:
        sections.append(monthly)
    every = list(pd.unique(summary["kpi"]))
    sections.append(
        section(
            "all",
            "Every KPI: paired differences to the base",
            tables=[_difference_table(summary, deltas, record["arms"], every)],
            figure=png_uri(root / "compare.png"),
        )
    )
    return {
        "answer": f"{others[0]} vs {base}: {answer}" if len(lines) == 1 else answer,
        "warn": False,
        "confidence": confidence,
        "headline": headline,
        "sections": sections,
    }


def _is_category(kpi: str) -> bool:
    return kpi.startswith("cost_") and not kpi.startswith("cost_per_")


def _names(kpis: list[str]) -> str:
    return ", ".join(label(k) for k in kpis) if kpis else "nothing"


def _difference_table(
    summary: pd.DataFrame, deltas: pd.DataFrame, arms: list[str], kpis: list[Any]
) -> dict[str, Any]:
    means = summary.set_index(["scenario", "kpi"])
    diffs = deltas.set_index(["arm", "kpi"])
    columns = ["KPI", arms[0]] + [c for arm in arms[1:] for c in (arm, f"Δ {arm}")]
    rows = []
    for kpi in kpis:
        cells = [text(label(kpi)), _level(means, arms[0], kpi)]
        for arm in arms[1:]:
            cells.append(_level(means, arm, kpi))
            d = diffs.loc[(arm, kpi)] if (arm, kpi) in diffs.index else None
            cells.append(diff_cell(kpi, d["diff"], d["half_width"]) if d is not None else text(""))
        rows.append(cells)
    return table(columns, rows)


def _level(means: pd.DataFrame, arm: str, kpi: Any) -> tuple[str, str]:
    if (arm, kpi) not in means.index:
        return text("")
    row = means.loc[(arm, kpi)]
    return kpi_cell(str(kpi), row["mean"], row["half_width"])


HOURS_PER_MONTH = 8760.0 / 12


def monthly_sla(tickets: pd.DataFrame) -> pd.DataFrame:
    """Resolve-SLA attainment per arm and month: mean over replications and its 95% CI."""
    from itsim.results.stats import mean_ci

    frame = tickets.dropna(subset=["sla_resolve_met"]).assign(
        month=lambda t: (t["created_hours"] // HOURS_PER_MONTH).astype(int) + 1,
        met=lambda t: t["sla_resolve_met"].astype(float),
    )
    per_rep = frame.groupby(["scenario", "month", "rep"])["met"].mean().reset_index()
    rows = []
    for (arm, month), group in per_rep.groupby(["scenario", "month"]):
        mean, half = mean_ci(group["met"].to_numpy())
        rows.append({"scenario": arm, "month": month, "mean": mean, "half_width": half})
    return pd.DataFrame(rows)


def monthly_section(root: Path, arms: list[str]) -> dict[str, Any] | None:
    """Month by month: when does the service break, and in which arm?"""
    path = root / "tickets.parquet"
    if not path.is_file():
        return None
    columns = ["scenario", "rep", "created_hours", "sla_resolve_met"]
    monthly = monthly_sla(pd.read_parquet(path, columns=columns))
    if monthly.empty:
        return None
    from itsim.analysis.decision_tables import figure_uri
    from itsim.analysis.plots.decisions import monthly_figure

    wide = monthly.pivot(index="month", columns="scenario", values="mean")
    halves = monthly.pivot(index="month", columns="scenario", values="half_width")
    present = [a for a in arms if a in wide]
    means = wide[present].to_numpy(dtype=float)
    hws = halves[present].to_numpy(dtype=float)
    rows = [
        [
            text(str(month)),
            *[kpi_cell("sla_resolve_all", means[i, j], hws[i, j]) for j in range(len(present))],
        ]
        for i, month in enumerate(wide.index)
    ]
    return section(
        "monthly",
        "Month by month: when does it break?",
        "Resolve-SLA attainment of the tickets created in each month (warm-up "
        "included), mean over replications with its 95% CI.",
        [table(["month", *present], rows)],
        figure=figure_uri(monthly_figure(monthly, present)),
    )
