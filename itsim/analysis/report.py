"""``itsim report``: one self-contained HTML file from a run or sweep output folder.

The file opens offline: figures are PNGs embedded as base64 data URIs and the only styling is
an inline stylesheet. Sections (each an ``<section id=...>``): KPI table with CIs, SLA against
cost with the Pareto front, headcount and burnout trajectories, backlog over time, utilisation
by team and by hour of week, response curves, ranking of arms, and how the results were made.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pandas as pd

from itsim.analysis import report_sections as sections
from itsim.analysis.report_data import load_report_data
from itsim.errors import OutputError
from itsim.experiment.folder import ResultsFolder
from itsim.experiment.store import write_text

STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#222;
 background:#fafafa;line-height:1.45}
main{max-width:1100px;margin:0 auto;padding:1.5rem 2rem 3rem;background:#fff}
h1{font-size:1.6rem;margin:.2rem 0 .3rem}h2{font-size:1.2rem;margin-top:2.2rem;
 border-bottom:2px solid #e3e3e3;padding-bottom:.25rem}
.sub{color:#666;margin:0 0 1rem}nav a{margin-right:.9rem;font-size:.9rem;color:#2563a6}
table{border-collapse:collapse;font-size:.82rem;margin:.6rem 0 1rem}
th,td{padding:.28rem .55rem;border-bottom:1px solid #e6e6e6;text-align:right;white-space:nowrap}
th{background:#f3f5f8;position:sticky;top:0;white-space:normal;vertical-align:bottom}td:first-child,th:first-child{text-align:left}
tr.pareto td:first-child{font-weight:600;color:#c0392b}
.ci{color:#888;font-size:.75rem}
.facts td{text-align:left;white-space:normal;word-break:break-word}
.scroll{max-height:32rem;overflow:auto}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.85rem;color:#555}
.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.5rem .8rem;font-size:.9rem}
code{background:#f1f1f1;padding:0 .25rem;border-radius:3px}
"""


def write_report(folder_path: str | Path, output: str | Path | None = None) -> Path:
    """Render the report of ``folder_path`` to ``output`` (default ``<folder>/report.html``)."""
    folder = ResultsFolder(folder_path)
    target = Path(output) if output is not None else folder.root / "report.html"
    if target.is_dir():
        raise OutputError(str(target), "is a folder; give the HTML file to write")
    write_text(target, render_report(folder))  # atomic; a bad path is one OutputError line
    return target


def render_report(folder: ResultsFolder) -> str:
    """The complete HTML document of one results folder."""
    data = load_report_data(folder)
    parts = [
        ("kpis", "KPIs with 95% confidence intervals", sections.kpi_section(data)),
        ("sla-cost", "SLA attainment against cost", sections.sla_cost_section(data)),
        ("trajectories", "Headcount and burnout", sections.trajectories_section(data)),
        ("backlog", "Backlog over time", sections.backlog_section(data)),
        ("utilisation", "Utilisation by team and hour of week", sections.utilisation_section(data)),
        ("response", "Response curves", sections.response_section(data)),
        ("ranking", "Ranking of arms", sections.ranking_section(data)),
        ("about", "How these results were made", sections.about_section(data)),
    ]
    nav = "".join(f'<a href="#{sid}">{html.escape(title)}</a>' for sid, title, _ in parts)
    body = "".join(
        f'<section id="{sid}"><h2>{html.escape(title)}</h2>{content}</section>'
        for sid, title, content in parts
    )
    title = _title(folder, data.runs)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{STYLE}</style></head><body><main>"
        f"<h1>{html.escape(title)}</h1><p class=sub>{html.escape(_subtitle(data.runs))}</p>"
        f"<nav>{nav}</nav>{body}</main></body></html>\n"
    )


def _title(folder: ResultsFolder, runs: pd.DataFrame) -> str:
    name = folder.manifest.get("experiment") or ", ".join(map(str, runs["scenario"].unique()))
    kind = "sweep" if folder.is_sweep else "run"
    return f"itsim {kind} report: {name}"


def _subtitle(runs: pd.DataFrame) -> str:
    variants = runs[["scenario", "point"]].drop_duplicates()
    reps = runs.groupby(["scenario", "point"])["rep"].nunique()
    rep_text = f"{reps.min()}" if reps.min() == reps.max() else f"{reps.min()}-{reps.max()}"
    made = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{len(runs)} runs: {len(variants)} variant(s) x {rep_text} replications; rendered {made}"
    )
