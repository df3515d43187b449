"""``itsim run``: replications of one scenario, KPI summary with 95% CIs, output folder."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import click
import numpy as np

from itsim.cli.kpi_view import KpiView, echo_json, kpi_options, records
from itsim.cli.options import RunOptions, run_options
from itsim.cli.show import render_summary
from itsim.config.load import load_scenario
from itsim.experiment.executors import make_executor
from itsim.experiment.outputs import PER_TICKET_TABLES, manifest, write_frame, write_outputs
from itsim.experiment.runner import replication_tasks, run_tasks_columns
from itsim.results.columns import Columns
from itsim.results.stats import few_reps_warning, load_t_quantile, summary_columns

DEFAULT_OUT = Path("itsim-out")


@click.command()
@click.argument("file", required=False)
@run_options
@kpi_options
@click.option("--plots", is_flag=True, help="Also save energy, headcount and backlog PNGs.")
@click.option(
    "--event-log",
    is_flag=True,
    help="Also write event_log.csv: one row per ticket event (arrival, queue, work "
    "start and end per person, depart) in the columns vidigi animates.",
)
@click.option("--tables", "all_tables", is_flag=True,
              help="Also write tickets.parquet, one row per ticket (the KPIs are the same "
                   "without it).")  # fmt: skip
def run(
    file: str | None,
    opts: RunOptions,
    view: KpiView,
    plots: bool,
    event_log: bool,
    all_tables: bool,
) -> None:
    """Run FILE (default: the bundled baseline) and print KPIs with 95% confidence intervals."""
    scenario = load_scenario(file, opts.overrides())
    reps = opts.reps or scenario.replications
    seed = scenario.seed if opts.seed is None else opts.seed
    jobs, out = opts.jobs, opts.out
    skipped = () if all_tables else PER_TICKET_TABLES
    tasks = [
        replace(t, event_log=event_log, skip_tables=skipped)
        for t in replication_tasks(scenario, reps, seed)
    ]
    started = time.perf_counter()
    if reps > 1:
        load_t_quantile()  # before the workers fork: they share it
    executor = make_executor(jobs=min(jobs, reps) if jobs else (None if reps > 1 else 1))
    # numpy columns all the way to the files: the command never imports pandas
    tables = run_tasks_columns(tasks, executor, quiet=opts.quiet)
    elapsed = time.perf_counter() - started
    summary = summary_columns(tables["runs"])
    out_dir = Path(out) if out else DEFAULT_OUT / scenario.name
    info = manifest([scenario], seed, reps, {"elapsed_seconds": round(elapsed, 2)})
    write_outputs(out_dir, tables, [scenario], summary, info)
    if event_log:
        write_frame(out_dir / "event_log.csv", tables["event_log"])
    if plots:
        from itsim.analysis.plots.people import save_run_plots  # matplotlib only when asked

        save_run_plots({name: table.to_pandas() for name, table in tables.items()}, out_dir)
    kpis = view.choose(summary["kpi"], None)
    if view.as_json:
        shown = summary if kpis is None else _rows_of(summary, kpis)
        echo_json({"scenario": scenario.name, "replications": reps, "seed": seed,
                   "out": str(out_dir), "summary": records(shown)})  # fmt: skip
        return
    click.echo(
        f"{scenario.name}: {reps} replications x {scenario.horizon_days} days "
        f"(warm-up {scenario.warmup_days}), seed {seed}, {elapsed:.1f} s"
    )
    click.echo(render_summary(summary, kpis))
    warning = few_reps_warning(reps)
    if warning:
        click.echo(warning)
    click.echo(f"\nwrote {out_dir}/")


def _rows_of(summary: Columns, kpis: list[str]) -> Columns:
    """The summary rows of ``kpis``, in that order."""
    position = {kpi: i for i, kpi in enumerate(summary["kpi"].tolist())}
    return summary.rows(np.array([position[k] for k in kpis], dtype=np.int64))
