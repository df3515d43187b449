"""The calibration report: Markdown with the cleaning counts, the fits, the fidelity table and
figures (PNG)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from itsim.analysis.calibrate.check import comparable_observed
from itsim.analysis.calibrate.distfit import DistFit
from itsim.analysis.calibrate.emit import EmitOptions
from itsim.analysis.calibrate.pipeline import CalibrationResult

SEPARATION = """Resolution time = queueing + effort + pauses, and the fit keeps them apart.
*Effort* is hands-on time: working hours (08:00-18:00, Mon-Fri) in Active / In Progress, counting at
most one working hour of each active interval (a ticket left active longer is held while its
analyst works on others). *Pauses* (waiting on the user, a vendor or anything else) are simulated
as pauses: the ticket leaves the analyst, waits its drawn hours, and re-enters the same team's
queue; their probability is fitted per priority, separately for tickets the first line resolves
and tickets it escalates. *Queueing* is not an input: the simulator makes it from staffing. Each
resolver group that takes escalations becomes a team, sized from its offered load at the target
utilisation (headcount rounded to whole people, the rest of their time on other duties via
`productivity`); the first line is sized for its busiest hour and works 24x7 when the log resolves
tickets out of hours. Fits and comparison use the same steady window of the log, and simulated
tickets are censored where the log is (resolved before its last event)."""

WHY = """How to read a miss: a priority's median sits where fast first-line tickets meet slow
escalated or paused ones, so it moves with small changes in those shares. A miss means the model
lacks a mechanism the log shows, named below per priority."""

MIN_ASSESSED = 30  # fewer observed tickets than this: a median is too imprecise to compare


def miss_lines(result: CalibrationResult, fidelity: pd.DataFrame) -> list[str]:
    """One line per priority whose simulated p50 misses the target, saying why."""
    tickets = comparable_observed(result.calibration, result.tickets)
    done = tickets[tickets["resolved"]]
    paused = done[[f"pause_{k}_count" for k in ("user", "vendor", "other")]].sum(axis=1) > 0
    lines = []
    for row in fidelity[fidelity["ok"] == "no"].itertuples():
        priority = str(row.metric).split()[-1]
        own = done[done["priority"] == priority]
        if len(own) < MIN_ASSESSED:
            lines.append(f"- {priority}: not assessed, only {len(own)} tickets in the window.")
            continue
        plain = own[~own["escalated"] & ~paused[own.index]]["resolve_hours"]
        head = (
            f"- {priority}: not reproduced (observed p50 {row.observed:.3g} h, simulated "
            f"{row.simulated:.3g} h). "
        )
        observed, simulated = float(row.observed), float(row.simulated)  # type: ignore[arg-type]
        if float(plain.median()) >= 0.5 * observed or simulated < observed:
            lines.append(head + _held_reason(priority, plain))
        else:
            lines.append(head + _escalated_reason(priority, own))
    return lines


def _held_reason(priority: str, plain: pd.Series) -> str:
    return (
        f"In the log, {priority} tickets the first line resolved without escalation or pause "
        f"still took a median {plain.median():.3g} h (p75 {plain.quantile(0.75):.3g} h): time "
        "held but not worked, which a model that works a ticket as soon as someone is free "
        "does not produce."
    )


def _escalated_reason(priority: str, own: pd.DataFrame) -> str:
    escalated = own[own["escalated"]]["resolve_hours"]
    return (
        f"{len(escalated) / len(own):.0%} of {priority} tickets were escalated and the log "
        f"resolved them in a median {escalated.median():.3g} h: its resolver groups put them "
        "ahead of other work, while the model's groups serve in arrival order (the log's "
        "queue states do not show urgent tickets served first overall)."
    )


def write_report(
    folder: Path,
    result: CalibrationResult,
    fidelity: pd.DataFrame | None,
    options: EmitOptions,
    command: str = "",
) -> Path:
    """Write ``folder/calibration.md`` and its figures; return the Markdown path."""
    folder.mkdir(parents=True, exist_ok=True)
    figures = [_profile_figure(folder, result), _resolution_figure(folder, result)]
    cal = result.calibration
    parts = [
        f"# Calibration report: {Path(result.source).name}",
        f"Command: `{command}`" if command else "",
        "## Data cleaning",
        _table(pd.Series(result.counts, name="count").rename_axis("item").reset_index()),
        "## Demand",
        f"Steady window {cal.window_start:%Y-%m-%d} to {cal.window_end:%Y-%m-%d}: "
        f"{cal.tickets_in_window} tickets, {cal.rate_per_hour:.3f} per hour; "
        f"{cal.start_up_weeks_dropped} leading week(s) left out as a start-up transient. "
        "Fitted trend "
        f"{cal.growth_per_year:+.1%} a year (not applied: too short a window to extrapolate).",
        _table(pd.DataFrame([cal.priority_mix]).round(4)),
        "## Flow",
        f"Escalation share {cal.escalation_share:.3f}; by priority "
        f"{ {k: round(v, 3) for k, v in cal.escalation_by_priority.items()} }; reopen share "
        f"{cal.reopen_share:.4f}; share of escalated tickets reaching L3: "
        f"{cal.tier3_share_of_escalated}.",
        _routing(cal.level_routing, "Moves between support lines (row: from)"),
        _routing(cal.group_routing, "Busiest first groups: kept or passed on"),
        "## How resolution time is split",
        SEPARATION,
        "## Fitted distributions (hours; best by AIC, KS distance to the data)",
        _fits_table(result),
        "## Fidelity (observed vs simulated)",
        _table(fidelity) if fidelity is not None else "Not run (use `--check`).",
        WHY if fidelity is not None else "",
        "\n".join(miss_lines(result, fidelity)) if fidelity is not None else "",
        *[f"![{name}]({name})" for name in figures],
        _attribution(result.source),
    ]
    path = folder / "calibration.md"
    path.write_text("\n\n".join(p for p in parts if p) + "\n", encoding="utf-8")
    return path


def _fits_table(result: CalibrationResult) -> str:
    cal, rows = result.calibration, []
    groups = {f"handle {k}": v for k, v in cal.handle.items()}
    groups |= {f"effort {k}": v for k, v in cal.effort.items()}
    groups["resolution (output)"] = cal.resolution
    for what, fits in groups.items():
        for priority, fit in fits.items():
            rows.append({"what": what, "priority": priority} | _fit_row(fit))
    for kind, pause in cal.pauses.items():
        hours = pause["hours"]
        row = {"what": f"pause {kind} (p={pause['probability']:.3f})", "priority": "all"}
        rows.append(row | (_fit_row(hours) if isinstance(hours, DistFit) else {}))
    return _table(pd.DataFrame(rows))


def _fit_row(fit) -> dict:
    return {
        "dist": fit.dist,
        "mean": fit.mean_hours,
        "cv": fit.cv,
        "median data": fit.median_hours,
        "KS": fit.ks,
        "n": fit.n,
    }


def _routing(matrix: dict[str, dict[str, float]], title: str) -> str:
    if not matrix:
        return ""
    return f"{title}:\n\n" + _table(pd.DataFrame(matrix).T.fillna(0.0).round(3).reset_index())


def _table(frame: pd.DataFrame) -> str:
    def cell(value: object) -> str:
        return f"{value:.4g}" if isinstance(value, float) else str(value)

    head = "| " + " | ".join(map(str, frame.columns)) + " |"
    rule = "|" + "---|" * len(frame.columns)
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([head, rule, *body])


def _profile_figure(folder: Path, result: CalibrationResult) -> str:
    fig, ax = plt.subplots(figsize=(9, 3))
    ax.plot(np.arange(168), result.calibration.week_profile, lw=1)
    ax.set(
        xlabel="hour of week (Monday 00:00 = 0)",
        ylabel="relative arrival rate",
        title="Arrivals by hour of the week (mean 1)",
    )
    return _save(fig, folder, "week_profile.png")


def _resolution_figure(folder: Path, result: CalibrationResult) -> str:
    fig, ax = plt.subplots(figsize=(6, 4))
    done = result.tickets[result.tickets["resolved"]]
    for priority, hours in done.groupby("priority")["resolve_hours"]:
        values = np.sort(np.maximum(hours.to_numpy(dtype=float), 1.0 / 60.0))
        ax.step(values, np.arange(1, values.size + 1) / values.size, label=str(priority))
    ax.set(
        xscale="log",
        xlabel="resolution time (hours)",
        ylabel="share resolved",
        title="Observed resolution time by priority",
    )
    ax.legend()
    return _save(fig, folder, "resolution_ecdf.png")


def _save(fig, folder: Path, name: str) -> str:
    fig.tight_layout()
    fig.savefig(folder / name, dpi=110)
    plt.close(fig)
    return name


def _attribution(source: str) -> str:
    provenance = Path(source).parent / "PROVENANCE.md"
    note = f"Data: `{Path(source).name}`."
    if provenance.is_file():
        note += f" Source, licence and citation: see `{provenance}`."
    return "## Data attribution\n\n" + note
