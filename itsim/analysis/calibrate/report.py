"""The calibration report: Markdown with the cleaning counts, the fits, the fidelity table and
figures (PNG)."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from itsim.analysis.calibrate.check import observed_in, scored_span
from itsim.analysis.calibrate.distfit import DistFit
from itsim.analysis.calibrate.emit import EmitOptions
from itsim.analysis.calibrate.holding import paused
from itsim.analysis.calibrate.pipeline import CalibrationResult

SEPARATION = """Resolution time = pick-up + effort + holding + pauses, and the fit keeps them
apart. *Effort* is hands-on time: the first hour of each Active / In Progress interval, whenever
it falls; people work it at full speed. *Holding* is the rest of the active time (a
ticket held while its analyst works on others) and *pick-up* the time queued before someone takes
it: both are fitted per stage (desk resolving, desk escalating, tier 2) and priority, separately
for tickets that also pause, and simulated as timers that occupy no one, with an office-hours part
run on the business clock and an off-hours part for what that clock does not span. *Pauses*
(waiting on the user, a vendor or anything else) are simulated as pauses, or (the default) fitted
into the holding of the stage that resolved the ticket. *Delay classes* keep the parts of one
ticket together: by default *speed classes*, the fit-period tickets cut by their total delay
within each stratum the simulator knows at arrival (escalated or not, paused or not), each class
with its own delays; or one class per busy first-line group. The teams' own queueing
comes on top from staffing: each resolver group that takes escalations is a team sized from its
offered load at the target utilisation; the first line is sized for its busiest hour and works
24x7 when the log resolves tickets out of hours. Simulated tickets are censored where the log is
(resolved before its last event)."""

WHY = """How to read the table: *observed* is the scored tickets (held out with `--holdout`, else
the fit window); *persistence* uses the fit period's own observed value as the forecast. The CDF
error is the largest gap in the share resolved within 1, 8, 24 and 168 h. A p50 whose bootstrap
interval (90%) is wider than ±25% is reported, not assessed."""

MIN_ASSESSED = 30  # fewer observed tickets than this: a median is too imprecise to compare


def miss_lines(result: CalibrationResult, fidelity: pd.DataFrame) -> list[str]:
    """One line per priority whose resolution times miss their target, saying why."""
    tickets = observed_in(result.tickets, scored_span(result.calibration))
    done = tickets[tickets["resolved"]]
    lines = []
    missed = fidelity[(fidelity["ok"] == "no") & (fidelity["priority"] != "")]
    for priority, rows in missed.groupby("priority", sort=False):
        own = done[done["priority"] == priority]
        what = ", ".join(
            f"{r.metric} {r.simulated:.3g} (observed {r.observed:.3g}, target {r.target})"
            for r in rows.itertuples()
        )
        plain = own[~own["escalated"] & ~paused(own)]["resolve_hours"]
        lines.append(f"- {priority}: not reproduced ({what}). " + _reason(own, plain))
    return lines


def _reason(own: pd.DataFrame, plain: pd.Series) -> str:
    if plain.empty:
        return "Every scored ticket of this priority was escalated or paused."
    return (
        f"Scored tickets the first line resolved without escalation or pause took a median "
        f"{plain.median():.3g} h (p75 {plain.quantile(0.75):.3g} h); "
        f"{own['escalated'].mean():.0%} were escalated, {paused(own).mean():.0%} paused."
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
        "## Warnings" if result.warnings else "",
        "\n".join(f"- {line}" for line in result.warnings),
        "## Data cleaning",
        _table(pd.Series(result.counts, name="count").rename_axis("item").reset_index()),
        "## Demand",
        f"Office day {cal.office_week.open_hour:g}-{cal.office_week.close_hour:g} h, "
        "Monday-Friday. "
        f"Fit window {cal.window_start:%Y-%m-%d} to {cal.window_end:%Y-%m-%d %H:%M}: "
        f"{cal.tickets_in_window} tickets, {cal.rate_per_hour:.3f} per hour over the week; "
        f"{_start_up(cal)} left out as a start-up transient. "
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
        "## Holding and pick-up delays (timers that occupy no one)",
        delays_table(cal),
        _classes_table(cal),
        _sla_section(cal),
        _holdout_line(cal),
        "## Fidelity (observed vs simulated, beside persistence)",
        _table(fidelity) if fidelity is not None else "Not run (use `--check`).",
        WHY if fidelity is not None else "",
        "\n".join(miss_lines(result, fidelity)) if fidelity is not None else "",
        *[f"![{name}]({name})" for name in figures],
        _attribution(result.source),
    ]
    if fidelity is not None:
        write_fidelity_json(folder / "fidelity.json", result, fidelity, command)
    path = folder / "calibration.md"
    path.write_text("\n\n".join(p for p in parts if p) + "\n", encoding="utf-8")
    return path


def _holdout_line(cal) -> str:
    if cal.holdout_start is None:
        return "No holdout: the check scores the fit window itself (use `--holdout`)."
    return (
        f"Held out: tickets opened {cal.holdout_start:%Y-%m-%d %H:%M} to "
        f"{cal.holdout_end:%Y-%m-%d %H:%M}, left out of every fit and scored below."
    )


def delays_table(cal) -> str:
    """Fitted holding and pick-up delays: share delayed and mean hours per part."""
    rows = []
    for what, fitted in (("holding", cal.holding), ("pick-up", cal.pickup)):
        for stage, by_priority in fitted.items():
            for priority, delay in by_priority.items():
                for case, part in _variants(delay):
                    rows.append({"delay": what + case, "stage": stage, "priority": priority}
                                | _delay_row(part))  # fmt: skip
    return _table(pd.DataFrame(rows)) if rows else "None fitted."


def _start_up(cal) -> str:
    """The leading weeks (or, in a short window, days) dropped as a start-up transient."""
    if cal.start_up_days_dropped:
        return f"{cal.start_up_days_dropped} leading day(s)"
    return f"{cal.start_up_weeks_dropped} leading week(s)"


def _classes_table(cal) -> str:
    if not cal.delay_classes:
        return ""
    rows = [{"class": key, "tickets": c["n"], "what": c["group"]}
            | {f"share {p}": v for p, v in c["share"].items()}
            | {f"share {p} escalated": v for p, v in c.get("share_escalated", {}).items()}
            for key, c in cal.delay_classes.items()]  # fmt: skip
    pauses = " Pauses are fitted into the holding." if cal.pauses_folded else ""
    return (
        "Delay classes (each with its own holding and pick-up; the table above is the fit over "
        "all tickets, used for a ticket no class takes; shares are of each priority's tickets "
        f"that did not pause, resolved at the first line or escalated).{pauses}"
        "\n\n" + _table(pd.DataFrame(rows))
    )


def _variants(delay: dict) -> list[tuple[str, dict]]:
    out = []
    for when, case in (("", delay), (", paused", delay.get("paused"))):
        for start, part in (("", case), (", after hours", (case or {}).get("after_hours"))):
            if part:
                out.append((when + start, part))
    return out


def _delay_row(part: dict) -> dict:
    office, off = part.get("office_hours"), part.get("off_hours")
    return {
        "n": part["n"],
        "share with office part": part["probability"],
        "mean office h": office.mean_hours if office else 0.0,
        "share with off-hours part": part["off_hours_probability"],
        "mean off-hours h": off.mean_hours if off else 0.0,
    }


def _sla_section(cal) -> str:
    if not cal.sla_targets:
        return ""
    frame = pd.DataFrame(cal.sla_targets).T.reset_index(names="priority")
    return "## Resolve targets from `made_sla`\n\n" + _table(frame)


def write_fidelity_json(
    path: Path, result: CalibrationResult, fidelity: pd.DataFrame, command: str
) -> None:
    """``fidelity.json``: the fidelity rows and the spans they compare."""
    cal = result.calibration
    spans: dict[str, list[pd.Timestamp | None]] = {
        "fit": [cal.window_start, cal.window_end],
        "holdout": [cal.holdout_start, cal.holdout_end],
    }
    clean = fidelity.astype(object).where(fidelity.notna(), None)
    payload = {
        "source": Path(result.source).name,
        "command": command,
        "spans": {k: [None if t is None else t.isoformat() for t in v] for k, v in spans.items()},
        "rows": clean.to_dict(orient="records"),
        "warnings": result.warnings,
    }
    path.write_text(json.dumps(payload, indent=2, default=float) + "\n", encoding="utf-8")


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
