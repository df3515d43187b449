"""Page one and the sections of the decision report, per kind of folder.

Each builder takes the folder and its ``decision.json`` record and returns the template's
context: the answer in one line, how sure it is, a headline table and the sections.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd

from itsim.analysis.decision_tables import (
    diff_cell,
    fmt_plain,
    kpi_cell,
    png_uri,
    records,
    section,
    share_cell,
    table,
    text,
)
from itsim.experiment.optimise_outputs import periods_text
from itsim.results.catalog import label


def optimise_page(root: Path, record: dict[str, Any]) -> dict[str, Any]:
    """Recommendation (or "unreachable"), finalists, the search and the binding target."""
    found = record["status"] == "recommended"
    pick = record["recommendation" if found else "closest"]
    if found:
        answer = f"Recommended: {pick['candidate']}"
    else:
        answer = (
            f"Unreachable: no candidate meets {', '.join(record['targets'])}. Closest: "
            f"{pick['candidate']}, which fails {', '.join(record['failing_targets'])}"
        )
    confidence = [
        f"{target}: met in {100 * share:.0f}% of {periods_text(record)}; "
        f"probability that the long-run mean meets it "
        f"{100 * record['confidence_mean_meets_target'][target]:.1f}%"
        for target, share in record["p_target_met"].items()
    ]
    if record["tied_with_pick"]:
        confidence.append(
            "Statistically tied with the pick (screening at 95%): "
            + "; ".join(record["tied_with_pick"])
        )
    if record.get("at_range_edge"):
        confidence.append(
            "At the end of its range, so a wider range may do better: "
            + "; ".join(record["at_range_edge"])
        )
    binding = record["binding_target"]
    confidence.append(
        f"Binding target: {binding} (the candidates better on "
        f"{record['objectives'][0].split()[-1]} miss it)"
        if binding and found
        else f"Most often missed target: {binding}"
        if binding
        else "No target binds: the pick is best even without the targets"
    )
    rows = [
        [text(label(k)), kpi_cell(k, v["mean"], v["half_width"])]
        for k, v in pick["kpis"].items()
        if _finite(v["mean"])
    ]
    headline = [table(["KPI", f"mean ± 95% CI ({record['final_reps']} reps)"], rows)]
    finalists = pd.read_csv(root / "finalists.csv")
    trials = pd.read_csv(root / "trials.csv")
    sections = [
        section(
            "finalists",
            "Finalists (more replications, same seeds)",
            "Each finalist ran the final replications on common random numbers; the pick is "
            "the best mean among those the screening keeps.",
            [_candidates(finalists, record)],
        ),
        section(
            "search",
            "The search",
            f"{record['trials']} optuna trials, "
            f"{record['distinct_candidates']} distinct candidates, {record['search_reps']} "
            "replications each.",
            [_candidates(trials, record, scroll=True)],
            figure=_trials_figure(trials, record),
            caption="Every candidate of the search: "
            "objective against the first target's KPI; feasible candidates in colour.",
        ),
    ]
    return {
        "answer": answer,
        "warn": not found,
        "confidence": confidence,
        "headline": headline,
        "sections": sections,
    }


def _finite(value: Any) -> bool:
    return value is not None and isinstance(value, (int, float)) and math.isfinite(value)


def _kpis_of(record: dict[str, Any]) -> list[str]:
    names = [o.split(" ", 1)[1] for o in record["objectives"]]
    names += [t.replace(">=", "<=").split("<=")[0] for t in record["targets"]]
    return list(dict.fromkeys(names))


def _candidates(frame: pd.DataFrame, record: dict[str, Any], scroll: bool = False) -> dict:
    kpis = [k for k in _kpis_of(record) if f"{k}_mean" in frame]
    targets = [c for c in frame.columns if c.startswith("p_met[")]
    columns = [
        "candidate",
        *[label(k) for k in kpis],
        *[f"P(met) {c[6:-1]}" for c in targets],
        "feasible",
    ]
    rows, classes = [], []
    for row in records(frame):
        cells = [text(row["candidate"])]
        cells += [kpi_cell(k, row[f"{k}_mean"], row[f"{k}_half_width"]) for k in kpis]
        cells += [share_cell(row[c]) for c in targets] + [text(row["feasible"])]
        rows.append(cells)
        classes.append("pick" if bool(row.get("pick", False)) else "")
    return table(columns, rows, classes=classes, scroll=scroll, text_columns=["candidate"])


def _trials_figure(trials: pd.DataFrame, record: dict[str, Any]) -> str:
    from itsim.analysis.decision_tables import figure_uri
    from itsim.analysis.plots.decisions import trials_figure

    kpis = [k for k in _kpis_of(record) if f"{k}_mean" in trials]
    if len(kpis) < 2:
        return ""
    pick = record.get("recommendation", record.get("closest", {})).get("candidate")
    name = "pick" if record["status"] == "recommended" else "closest"
    return figure_uri(trials_figure(trials, kpis[0], kpis[1], pick, name))


def breakeven_page(root: Path, record: dict[str, Any]) -> dict[str, Any]:
    """The break-even sentence, the response curve and its table."""
    from itsim.analysis.breakeven import answer, fmt_level

    kpi = record["kpi"]
    curve = pd.read_csv(root / "curve.csv")
    rows = [
        [
            text(fmt_level(r["level"])),
            diff_cell(kpi, r["gain_mean"], (r["gain_upper"] - r["gain_lower"]) / 2),
            kpi_cell(kpi, r["arm_mean"]),
            kpi_cell(kpi, r["base_mean"]),
        ]
        for r in records(curve)
    ]
    columns = [record["lever"], f"gain vs {record['base']}", record["arm"], record["base"]]
    confidence = [
        f"{record['reps']} replications per lever value, on the same seeds as {record['base']}; "
        "the CI of the break-even is where zero lies inside the pointwise 95% band.",
        f"Gain = change in {label(kpi)} that counts as better (its sign follows the KPI).",
    ]
    sections = [
        section(
            "curve",
            "Response curve",
            figure=png_uri(root / "breakeven.png"),
            caption="Mean gain of the arm over the base, with its 95% band.",
        )
    ]
    return {
        "answer": answer(record),
        "warn": record["status"] == "never",
        "confidence": confidence,
        "headline": [table(columns, rows, caption="The response curve")],
        "sections": sections,
    }


def sensitivity_page(root: Path, record: dict[str, Any]) -> dict[str, Any]:
    """The assumptions that move each KPI most, a tornado and a ranking per KPI."""
    ranking = pd.read_csv(root / "ranking.csv")
    first = record["kpis"][0]
    answer = f"{label(first)}: {_movers(ranking, first)}"
    confidence = [f"{label(k)}: {_movers(ranking, k)}" for k in record["kpis"][1:]]
    confidence.append(
        f"{record['assumptions']} assumptions swung one at a time (±50% for E, "
        f"±25% for a part-sourced grade), {record['reps']} paired replications each."
    )
    if record["against"]:
        flips = record["flips"]
        confidence.append(
            f"Swings that flip the comparison with {record['against']}: "
            + (", ".join(flips) if flips else "none")
        )
    sections = [
        section(
            f"kpi-{k}",
            f"What moves {label(k)}",
            tables=[_ranking(ranking[ranking["kpi"] == k], k)],
            figure=png_uri(root / f"tornado-{k}.png"),
            caption="One assumption at a time, low and high, paired with the scenario as given.",
        )
        for k in record["kpis"]
    ]
    return {
        "answer": answer,
        "warn": bool(record["flips"]),
        "confidence": confidence,
        "headline": [],
        "sections": sections,
    }


def _movers(ranking: pd.DataFrame, kpi: str, most: int = 3) -> str:
    """The assumptions that move ``kpi`` most, with their range of change."""
    rows = records(ranking[(ranking["kpi"] == kpi) & (ranking["span"] > 0)].head(most))
    if not rows:
        return "no assumption swung here moves it"
    parts = []
    for r in rows:
        low, high = sorted((r["delta_low"], r["delta_high"]))
        span = f"{diff_cell(kpi, low)[0]} to {diff_cell(kpi, high)[0]}"
        parts.append(f"{r['key']} ({span})")
    return "moved most by " + "; ".join(parts)


def _ranking(rows: pd.DataFrame, kpi: str) -> dict[str, Any]:
    columns = ["assumption", "grade", "as given", "low .. high", "change at low", "change at high"]
    flips = "flips" in rows
    cells = [
        [
            text(r["key"]),
            text(r["grade"]),
            text(fmt_plain(r["value"])),
            text(f"{fmt_plain(r['low'])} .. {fmt_plain(r['high'])}"),
            diff_cell(kpi, r["delta_low"], r["delta_low_half_width"]),
            diff_cell(kpi, r["delta_high"], r["delta_high_half_width"]),
        ]
        for r in records(rows)
    ]
    classes = ["flag" if flips and r["flips"] else "" for r in records(rows)]
    return table(columns, cells, classes=classes, text_columns=["assumption", "grade"])
