"""``itsim compare BASE OTHER…``: arms on the same seeds, KPIs with CIs and paired deltas."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import click
import pandas as pd

from itsim.cli.kpi_view import KpiView, echo_json, kpi_options, records
from itsim.cli.options import RunOptions, run_options
from itsim.config.overrides import load_arms
from itsim.experiment.compare import Comparison, compare_scenarios
from itsim.experiment.executors import make_executor
from itsim.experiment.outputs import manifest, write_frame, write_outputs
from itsim.results.catalog import (
    LOWER_BOUND_NOTE,
    fmt_half,
    fmt_interval,
    fmt_number,
    fmt_value,
    label,
)
from itsim.results.stats import few_reps_warning

MARK = "*"


def fmt_delta(kpi: str, diff: float) -> str:
    """A signed difference in the KPI's unit (percentage points, to 0.01, for shares)."""
    return fmt_number(kpi, diff, sign="+", share_unit=" pt", pt_digits=2)


def fmt_delta_half(kpi: str, half: float) -> str:
    """The CI half-width of a difference (small share differences need two decimals)."""
    return fmt_half(kpi, half, pt_digits=2)


def render_comparison(result: Comparison, kpis: list[str] | None = None) -> str:
    """Per KPI, one line per arm: mean ± CI, and the paired difference to the base ± CI."""
    width = max(len(a) for a in result.arms) + 2
    base = result.arms[0]
    lines = [
        f"{'KPI / arm':<{width + 2}} {'mean':>14}  {'95% CI':<14} {'Δ vs ' + base:>16}  95% CI"
    ]
    summary = result.summary.set_index(["scenario", "kpi"])
    deltas = result.deltas.set_index(["arm", "kpi"]) if len(result.deltas) else pd.DataFrame()
    shown: list[Any] = kpis if kpis is not None else list(pd.unique(result.summary["kpi"]))
    for kpi in shown:
        lines.append(label(kpi))
        for arm in result.arms:
            row = summary.loc[(arm, kpi)]
            mean = fmt_value(kpi, row["mean"])
            half = fmt_interval(kpi, row["half_width"], row["lower"], row["upper"])
            text = f"  {arm:<{width}} {mean:>14}  {half:<14}"
            if (arm, kpi) in deltas.index:
                d = deltas.loc[(arm, kpi)]
                excludes_zero = d["lower"] > 0 or d["upper"] < 0
                text += f" {fmt_delta(kpi, d['diff']):>16}  {fmt_delta_half(kpi, d['half_width'])}"
                text += f" {MARK}" if excludes_zero else ""
            lines.append(text.rstrip())
    lines.append(f"\n{MARK} the 95% CI of the paired difference excludes zero")
    if any("≥" in label(k) for k in shown):
        lines.append(LOWER_BOUND_NOTE)
    return "\n".join(lines)


@click.command()
@click.argument("base")
@click.argument("others", nargs=-1, required=True)
@run_options
@kpi_options
def compare(base: str, others: tuple[str, ...], opts: RunOptions, view: KpiView) -> None:
    """Compare BASE with each OTHER scenario on the same seeds (common random numbers).

    Prints every KPI per arm with its 95% CI and the paired difference to BASE with its CI,
    marking differences whose CI excludes zero. --set KEY=VALUE applies to every arm that has
    KEY's block (an MSP setting leaves an arm without an MSP alone), --set ARM:KEY=VALUE to the
    arm named ARM only; replications and seed default to BASE's. With --out, writes the
    tables, summary.csv, deltas.csv and compare.png (cost against SLA attainment, and staff
    strain).
    """
    scenarios, notes = load_arms([base, *others], opts.overrides())
    for note in notes:
        click.echo(f"note: {note}", err=True)
    reps = opts.reps or scenarios[0].replications
    seed = scenarios[0].seed if opts.seed is None else opts.seed
    jobs, out, quiet = opts.jobs, opts.out, opts.quiet
    n_runs = reps * len(scenarios)
    started = time.perf_counter()
    executor = make_executor(jobs=min(jobs, n_runs) if jobs else None)
    result = compare_scenarios(scenarios, reps, seed, executor, quiet=quiet)
    elapsed = time.perf_counter() - started
    kpis = view.choose(pd.unique(result.summary["kpi"]), None)
    if view.as_json:
        _echo_json(result, kpis, reps, seed)
    else:
        click.echo(
            f"{len(scenarios)} arms x {reps} replications, seed {seed} "
            f"(same seeds in every arm), {elapsed:.1f} s"
        )
        click.echo(render_comparison(result, kpis))
        warning = few_reps_warning(reps)
        if warning:
            click.echo(warning)
    if out:
        out_dir = Path(out)
        info = manifest(scenarios, seed, reps, {"elapsed_seconds": round(elapsed, 2)})
        write_outputs(out_dir, result.tables, scenarios, result.summary, info)
        write_frame(out_dir / "deltas.csv", result.deltas)
        from itsim.analysis.plots.compare import comparison_figure  # matplotlib only when asked

        comparison_figure(result.summary, result.arms, out_dir / "compare.png")
        if not view.as_json:
            click.echo(f"\nwrote {out_dir}/")


def _echo_json(result: Comparison, kpis: list[str] | None, reps: int, seed: int) -> None:
    summary, deltas = result.summary, result.deltas
    if kpis is not None:
        summary, deltas = summary[summary["kpi"].isin(kpis)], deltas[deltas["kpi"].isin(kpis)]
    echo_json({"arms": result.arms, "replications": reps, "seed": seed,
               "summary": records(summary), "deltas": records(deltas)})  # fmt: skip
