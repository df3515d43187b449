"""The sections of the HTML report: each function takes the report data and returns HTML.

A section that cannot be drawn from the folder's tables says so in a clearly marked note
instead of leaving a gap.
"""

from __future__ import annotations

import html
import json
import math
from types import SimpleNamespace

import pandas as pd

from itsim.analysis.plots import operations, sweep
from itsim.analysis.report_data import (
    COST_KPI,
    RANKED_KPIS,
    SLA_KPI,
    ReportData,
    daily_series,
    kpi_means_table,
    variant_labels,
)
from itsim.analysis.report_html import (
    cell,
    compact_label,
    figure_html,
    fmt_diff,
    note,
    table_html,
)
from itsim.experiment.grid import short_names
from itsim.results.catalog import label
from itsim.results.paired import rank_arms

MAX_RANK_ROWS = 20


def kpi_section(data: ReportData) -> str:
    """KPI means with 95% CI half-widths, one row per variant (Pareto ones highlighted)."""
    table = kpi_means_table(data)
    kpis = list(table.columns[2:])
    rows, classes = [], []
    for record in table.to_dict("records"):
        variant = str(record["variant"])
        cells = [html.escape(variant), str(record["runs"])]
        cells += [cell(str(k), *record[k]) for k in kpis]
        rows.append(cells)
        classes.append("pareto" if variant in data.pareto and len(data.variants) > 1 else "")
    caption = "<p>Mean over replications and 95% confidence half-width (Student t)."
    if len(data.variants) > 1:
        caption += " Highlighted variants are Pareto-optimal on cost and SLA attainment."
    return caption + "</p>" + table_html(["variant", "runs", *map(label, kpis)], rows, classes)


def sla_cost_section(data: ReportData) -> str:
    """Scatter of SLA attainment against annual cost with the Pareto front."""
    if SLA_KPI not in set(data.summary["kpi"]) or COST_KPI not in set(data.summary["kpi"]):
        return note("Not available: the runs table lacks SLA attainment or annual cost.")
    table = pd.DataFrame({
        "cost": data.means(COST_KPI), "cost_half": data.half_widths(COST_KPI),
        "sla": data.means(SLA_KPI), "sla_half": data.half_widths(SLA_KPI),
    })  # fmt: skip
    fig = sweep.sla_vs_cost(table, data.pareto, {v: compact_label(v) for v in data.variants})
    listed = ", ".join(data.pareto) or "none"
    keys = data.folder.grid_keys
    legend = (
        f" Points are labelled with the values of {' / '.join(short_names(keys).values())}."
        if keys
        else ""
    )
    caption = f"Pareto-optimal (cheapest first): {listed}.{legend}"
    return figure_html(fig, "SLA attainment against annual cost", caption)


def trajectories_section(data: ReportData) -> str:
    """Headcount per team over time (team_daily) and burnout (staff_daily, when present)."""
    parts = []
    team_daily = _team_daily(data, ["team", "day", "headcount"])
    if team_daily is None:
        parts.append(note("Headcount trajectory not available: no team_daily table."))
    else:
        series = team_daily.groupby(["variant", "team", "day"])["headcount"].mean()
        frame = series.rename("value").reset_index()
        fig = operations.team_lines(
            frame, "people", "Headcount by team, stacked (mean over replications)", stacked=True
        )
        parts.append(figure_html(fig, "headcount trajectories"))
    parts.append(_burnout(data))
    return "".join(parts)


def _burnout(data: ReportData) -> str:
    folder = data.folder
    if not folder.has("staff_daily"):
        return note(
            "Burnout trajectory not available: these results have no staff_daily table "
            "(people are not modelled with energy and burnout in this run)."
        )
    staff = folder.table("staff_daily")
    if "energy" not in staff:
        return note("Burnout trajectory not available: staff_daily has no energy column.")
    staff = staff.assign(variant=variant_labels(staff))
    staff = staff[staff["variant"].isin(data.shown)]
    frame = staff.groupby(["variant", "team", "day"])["energy"].mean().rename("value")
    if frame.dropna().empty:
        return note(
            "Burnout trajectory not available: people are not modelled with energy and burnout "
            "in this run (the scenario's people block is off)."
        )
    fig = operations.team_lines(
        frame.reset_index(), "mean energy", "Energy by team (1 = rested; low values mean burnout)"
    )
    return figure_html(fig, "burnout trajectories")


def _team_daily(data: ReportData, columns: list[str]) -> pd.DataFrame | None:
    if not data.folder.has("team_daily"):
        return None
    frame = data.folder.table("team_daily", columns)
    frame = frame.assign(variant=variant_labels(frame))
    return frame[frame["variant"].isin(data.shown)]


def _shown_caption(data: ReportData) -> str:
    if len(data.shown) == len(data.variants):
        return ""
    shown, total = len(data.shown), len(data.variants)
    return f"Showing {shown} of {total} variants, spread over the Pareto front."


def backlog_section(data: ReportData) -> str:
    """Open tickets queued at the end of each day, summed over teams."""
    if not data.folder.has("team_daily"):
        return note("Not available: no team_daily table.")
    frame = data.folder.table("team_daily", ["team", "day", "backlog"])
    series = daily_series(frame, "backlog", data.shown)
    fig = operations.daily_lines(
        series,
        data.shown,
        "tickets waiting in team queues",
        "Backlog at day end (mean and 95% CI over replications)",
        data.warmup_days,
    )
    return figure_html(fig, "backlog over time", _shown_caption(data))


def utilisation_section(data: ReportData) -> str:
    """Utilisation per team (runs table) and by hour of week (team_hour_of_week table)."""
    teams = sorted(
        str(c).removeprefix("utilisation_") for c in data.runs if str(c).startswith("utilisation_")
    )
    parts = []
    if teams:
        means = pd.DataFrame(
            {v: [data.means(f"utilisation_{t}")[v] for t in teams] for v in data.shown}, index=teams
        )
        halves = pd.DataFrame(
            {v: [data.half_widths(f"utilisation_{t}")[v] for t in teams] for v in data.shown},
            index=teams,
        )
        keep = means.notna().any(axis=1)
        fig = operations.utilisation_by_team(means[keep], halves[keep], data.shown)
        parts.append(figure_html(fig, "utilisation by team", _shown_caption(data)))
    else:
        parts.append(note("Utilisation by team not available: no utilisation KPIs."))
    parts.append(_hour_of_week(data))
    return "".join(parts)


def _hour_of_week(data: ReportData) -> str:
    if not data.folder.has("team_hour_of_week"):
        return note("Utilisation by hour of week not available: no team_hour_of_week table.")
    table = data.folder.table("team_hour_of_week")
    table = table.assign(variant=variant_labels(table))
    # the middle of the Pareto front: neither the cheapest (often overloaded) nor the dearest
    variant = data.pareto[len(data.pareto) // 2] if data.pareto else data.variants[0]
    part = table[table["variant"] == variant]
    sums = part.groupby(["team", "hour_of_week"])[["busy_hours", "available_hours"]].sum()
    fig = operations.utilisation_hour_of_week(sums.reset_index(), variant)
    caption = "Busy ÷ on-shift person-hours in each hour of the week, over the measured window."
    return figure_html(fig, "utilisation by hour of week", caption)


def response_section(data: ReportData) -> str:
    """KPI against each numeric swept parameter, with 95% CI bands."""
    points, keys = data.folder.points, data.folder.grid_keys
    numeric = [k for k in keys if all(_is_number(p.get(k)) for p in points.values())]
    if not numeric:
        why = "no grid was swept" if not keys else "no swept parameter is numeric"
        return note(f"Not applicable: {why}, so there is no response curve to draw.")
    short = short_names(keys)
    figures = [
        figure_html(
            sweep.response_curves(data.summary, points, key, short[key]), f"response to {key}"
        )
        for key in numeric
    ]
    return "".join(figures)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def ranking_section(data: ReportData) -> str:
    """Arms ranked on a few KPIs: paired t-tests against the best, Holm-adjusted."""
    if len(data.variants) < 2:
        return note("Not applicable: one variant only, nothing to rank.")
    parts = [
        "<p>Each variant is compared with the best one by mean, pairing replications "
        "that share seeds (common random numbers); p-values are Holm-adjusted over the "
        "family of comparisons. <em>same as best</em> = not significantly different "
        "at the 5% level.</p>"
    ]
    for kpi, higher in RANKED_KPIS:
        if kpi not in data.runs:
            continue
        ranked = rank_arms(data.runs, kpi, higher, arm_col="variant", pair_cols=("rep",))
        parts.append(
            f"<h3>{html.escape(label(kpi))} ({'higher' if higher else 'lower'} is better)</h3>"
        )
        parts.append(_ranking_table(ranked, kpi))
    return "".join(parts)


def _ranking_table(ranked: pd.DataFrame, kpi: str) -> str:
    rows = []
    for record in ranked.head(MAX_RANK_ROWS).to_dict("records"):
        r = SimpleNamespace(**{str(k): v for k, v in record.items()})
        p = "" if math.isnan(r.p_holm_vs_best) else f"{r.p_holm_vs_best:.3g}"
        diff = "" if r.rank == 1 else html.escape(fmt_diff(kpi, r.diff_vs_best))
        rows.append(
            [
                html.escape(str(r.arm)),
                str(r.rank),
                cell(kpi, r.mean, r.half_width),
                diff,
                p,
                "yes" if r.same_as_best else "no",
                str(r.n_better),
            ]
        )
    more = len(ranked) - MAX_RANK_ROWS
    tail = f"<p>… and {more} more variants.</p>" if more > 0 else ""
    header = ["variant", "rank", "mean", "vs best", "p (Holm)", "same as best", "# better"]
    return table_html(header, rows) + tail


def about_section(data: ReportData) -> str:
    """Command, seed, replications, versions and the folder's tables."""
    manifest = data.folder.manifest
    facts = [
        ("folder", str(data.folder.root)),
        ("command", str(manifest.get("command", "unknown"))),
        ("seed", str(manifest.get("seed", ""))),
        ("replications", str(manifest.get("replications", ""))),
        ("warm-up days", str(data.warmup_days)),
        ("tables", ", ".join(data.folder.table_names())),
        ("versions", json.dumps(manifest.get("versions", {}))),
    ]
    rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td><code>{html.escape(v)}</code></td></tr>"
        for k, v in facts
    )
    return f'<table class="facts"><tbody>{rows}</tbody></table>'
