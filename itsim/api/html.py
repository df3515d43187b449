"""Small HTML tables of KPI summaries, for notebooks (``_repr_html_``) and the web app."""

from __future__ import annotations

import html
import math

import pandas as pd

from itsim.api.present import diff_half_text, diff_text, half_text, kpi_label, value_text

STYLE = (
    "<style>.itsim-kpis td,.itsim-kpis th{padding:2px 10px;text-align:right}"
    ".itsim-kpis td:first-child,.itsim-kpis th:first-child{text-align:left}</style>"
)


def _row(cells: list[str]) -> str:
    return "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>"


def _table(title: str, header: list[str], rows: list[str]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    return (
        f"{STYLE}<div class='itsim-result'><p><b>{html.escape(title)}</b></p>"
        f"<table class='itsim-kpis'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def summary_table(summary: pd.DataFrame, title: str) -> str:
    """One row per KPI: label, mean, 95% CI half-width."""
    rows = [
        _row([kpi_label(kpi), value_text(kpi, mean), half_text(kpi, half)])
        for kpi, mean, half in zip(
            summary["kpi"].astype(str), summary["mean"].astype(float),
            summary["half_width"].astype(float), strict=True,
        )
    ]  # fmt: skip
    return _table(title, ["KPI", "mean", "95% CI"], rows)


def delta_text(kpi: str, diff: float, half: float) -> str:
    """A paired difference with its half-width, e.g. ``+2.50 pt ± 0.80 pt``; ``*`` marks a
    CI that excludes zero."""
    if diff is None or math.isnan(diff):
        return ""
    star = " *" if not math.isnan(half) and abs(diff) > half else ""
    return f"{diff_text(kpi, diff)} {diff_half_text(kpi, half)}".rstrip() + star


def _pairs(frame: pd.DataFrame, key: str, value: str) -> dict[tuple[str, str], tuple[float, float]]:
    """``(arm, kpi) → (value, half_width)`` from a summary or deltas frame."""
    return {
        (str(a), str(k)): (float(v), float(h))
        for a, k, v, h in zip(frame[key], frame["kpi"], frame[value], frame["half_width"],
                              strict=True)
    }  # fmt: skip


def comparison_table(
    summary: pd.DataFrame, deltas: pd.DataFrame, arms: list[str], kpis: list[str], title: str
) -> str:
    """Per KPI one row: each arm's mean ± CI, and each other arm's paired difference to the
    first arm."""
    means = _pairs(summary, "scenario", "mean")
    diffs = _pairs(deltas, "arm", "diff") if len(deltas) else {}
    header = ["KPI", *arms, *[f"Δ {arm} vs {arms[0]}" for arm in arms[1:]]]
    rows = []
    for kpi in kpis:
        cells = [kpi_label(kpi)]
        for arm in arms:
            mean, half = means.get((arm, kpi), (math.nan, math.nan))
            cells.append(f"{value_text(kpi, mean)} {half_text(kpi, half)}".strip())
        for arm in arms[1:]:
            diff, half = diffs.get((arm, kpi), (math.nan, math.nan))
            cells.append(delta_text(kpi, diff, half))
        rows.append(_row(cells))
    return _table(title + "  (* the 95% CI of the difference excludes zero)", header, rows)
