"""Pictures of the workforce: energy per person, headcount and vacancies, backlog over time.

Each function takes tidy tables (``staff_daily``, ``headcount_daily``, ``team_daily``) and returns
a matplotlib Figure; ``save_run_plots`` writes the three PNGs of an ``itsim run --plots``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from itsim.analysis.plots import new_figure, save

BURNOUT_LINE = 0.3  # the default burnout threshold, drawn for reference


def energy_figure(staff_daily: pd.DataFrame, rep: int | None = None) -> Figure:
    """Energy of every person of one replication (thin lines), and the mean of all (thick)."""
    fig, ax = new_figure()
    if staff_daily.empty:
        ax.set_title("energy per person (people model off)")
        return fig
    rep = int(staff_daily["rep"].min()) if rep is None else rep
    one = staff_daily[staff_daily["rep"] == rep]
    for (_team, _person), rows in one.groupby(["team", "person"], sort=True):
        ax.plot(rows["day"], rows["energy"], linewidth=0.7, alpha=0.5)
    mean = staff_daily.groupby("day")["energy"].mean()
    ax.plot(mean.index, mean.to_numpy(), color="black", linewidth=2.2, label="mean, all reps")
    ax.axhline(BURNOUT_LINE, color="red", linestyle="--", linewidth=1, label="burnout threshold")
    ax.set(xlabel="day", ylabel="energy (0-1)", ylim=(0, 1.02),
           title=f"energy per person (replication {rep}) and mean over replications")  # fmt: skip
    ax.legend(loc="lower left")
    return fig


def headcount_figure(headcount_daily: pd.DataFrame) -> Figure:
    """Mean headcount (solid) and vacancies (dashed) per team over the replications."""
    fig, ax = new_figure()
    if headcount_daily.empty:
        ax.set_title("headcount (people model off)")
        return fig
    means = headcount_daily.groupby(["team", "day"])[["headcount", "vacancies"]].mean()
    for team, rows in means.groupby(level="team", sort=True):
        days = rows.index.get_level_values("day")
        line = ax.plot(days, rows["headcount"], linewidth=1.6, label=f"{team} headcount")[0]
        ax.plot(days, rows["vacancies"], linestyle="--", color=line.get_color(),
                label=f"{team} vacancies")  # fmt: skip
    ax.set(xlabel="day", ylabel="people (mean over replications)",
           title="headcount and vacancies per team")  # fmt: skip
    ax.legend(loc="center right", fontsize="small")
    return fig


def backlog_figure(team_daily: pd.DataFrame) -> Figure:
    """Mean queue length at day end per team over the replications."""
    fig, ax = new_figure()
    means = team_daily.groupby(["team", "day"])["backlog"].mean()
    for team, rows in means.groupby(level="team", sort=True):
        ax.plot(rows.index.get_level_values("day"), rows.to_numpy(), label=str(team))
    ax.set(xlabel="day", ylabel="jobs queued at day end (mean over replications)",
           title="backlog per team")  # fmt: skip
    ax.legend(loc="upper left")
    return fig


def save_run_plots(tables: Mapping[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """Write energy.png, headcount.png and backlog.png into ``out_dir``; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    empty = pd.DataFrame()
    return [
        save(energy_figure(tables.get("staff_daily", empty)), out_dir / "energy.png"),
        save(headcount_figure(tables.get("headcount_daily", empty)), out_dir / "headcount.png"),
        save(backlog_figure(tables["team_daily"]), out_dir / "backlog.png"),
    ]
