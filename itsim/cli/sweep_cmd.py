"""``itsim sweep``: a grid of scenario values (or an experiment file) into a resumable store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import numpy as np

from itsim.cli.kpi_view import KpiView, echo_json, kpi_options, records
from itsim.cli.options import RunOptions, run_options
from itsim.config.experiment_schema import Grid
from itsim.config.load import load_scenario
from itsim.config.overrides import parse_arm_override
from itsim.errors import InputError
from itsim.experiment.executors import Executor, make_executor
from itsim.experiment.grid import parse_grid_option
from itsim.experiment.store import StoreMismatchError
from itsim.experiment.sweep import (
    SweepOutcome,
    SweepPlan,
    is_experiment_file,
    plan_from_experiment,
    plan_from_grid,
    run_sweep,
)
from itsim.results import catalog
from itsim.results.catalog import fmt_half, fmt_value
from itsim.results.columns import Columns

DEFAULT_OUT = Path("itsim-out")
EXIT_INTERRUPTED = 130
#: Damaged runs listed by --verify (the count is always given).
MAX_LISTED = 20


@click.command()
@click.argument("file")
@click.option(
    "--grid",
    "grids",
    multiple=True,
    metavar="KEY=V1,V2,...",
    help="Sweep a scenario key over values (or LOW..HIGH integers); repeat for a "
    "full factorial, e.g. --grid teams.desk.headcount=3..6.",
)
@run_options
@kpi_options
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="Run on an existing Dask cluster.")
@click.option(
    "--dask-local",
    type=click.IntRange(min=1),
    metavar="N",
    help="Start a local Dask cluster with N workers.",
)
@click.option(
    "--verify",
    is_flag=True,
    help="Only check the sweep output folder FILE: list runs whose files differ from their "
    "commit records (exit 1 if any; a rerun of the sweep redoes them).",
)
def sweep(
    file: str,
    grids: tuple[str, ...],
    opts: RunOptions,
    view: KpiView,
    scheduler: str | None,
    dask_local: int | None,
    verify: bool,
) -> None:
    """Sweep FILE over --grid values, or run the experiment file FILE; resumable.

    FILE is a scenario (or a bundled name such as baseline) swept with --grid, or an experiment
    file (base scenario, arms, grid, replications, seed). Every finished run is stored at once
    in the output folder; running the same command again skips the runs already there, and
    redoes any whose stored files were damaged.
    """
    if verify:
        verify_folder(Path(file))
        return
    factors = dict(parse_grid_option(text) for text in grids)
    plan = _plan(file, factors, opts.overrides())
    plan = _with_cli_values(plan, opts.reps, opts.seed)
    for note in plan.notes:
        click.echo(f"note: {note}", err=True)
    jobs, out, quiet = opts.jobs, opts.out, opts.quiet
    out_dir = Path(out) if out else DEFAULT_OUT / plan.name
    runs = plan.replications * len(plan.points) * len(plan.arm_names)
    executor = _executor(jobs, scheduler, dask_local, runs)
    try:
        outcome = run_sweep(plan, out_dir, executor, quiet=quiet)
    except StoreMismatchError as exc:
        raise InputError(str(out_dir), "", str(exc).removeprefix(f"{out_dir} ")) from None
    except KeyboardInterrupt:
        stored = len(_stored_keys(out_dir))
        click.echo(
            f"\ninterrupted: {stored} of {runs} runs stored in {out_dir}/; "
            "run the same command to resume",
            err=True,
        )
        raise SystemExit(EXIT_INTERRUPTED) from None
    _report_outcome(plan, outcome, out_dir, view)


def _report_outcome(plan: SweepPlan, outcome: SweepOutcome, out_dir: Path, view: KpiView) -> None:
    summary = outcome.summary if outcome.summary is not None else Columns({})
    available = list(dict.fromkeys(summary["kpi"].tolist())) if "kpi" in summary else []
    kpis: list[str] = []
    if outcome.total:
        kpis = view.choose(available, catalog.in_view(available, "sweep")) or []
    if view.as_json:
        shown = summary.rows(np.isin(summary["kpi"], kpis)) if "kpi" in summary else summary
        echo_json({"name": plan.name, "runs": outcome.total, "seed": plan.seed,
                   "out": str(out_dir), "summary": records(shown)})  # fmt: skip
        return
    click.echo(
        f"{plan.name}: {len(plan.arm_names)} arm(s) x {len(plan.points)} point(s) x "
        f"{plan.replications} replications = {outcome.total} runs ({outcome.skipped} already "
        f"stored, {outcome.ran} run now{_redone(outcome.redone)}), seed {plan.seed}, "
        f"{outcome.elapsed_seconds:.1f} s"
    )
    if outcome.total:
        click.echo(render_points(summary, tuple(kpis or ())))
    click.echo(f"\nwrote {out_dir}/  (report: itsim report {out_dir})")


def _redone(redone: int) -> str:
    return f", {redone} of them redone because their stored files were damaged" if redone else ""


def verify_folder(root: Path) -> None:
    """Print the check of a sweep store; exit 1 when a run is damaged."""
    from itsim.experiment.store import ResultStore
    from itsim.experiment.verify import damaged_runs

    if not (root / "done").is_dir():
        raise InputError(str(root), "", "not a sweep output folder (no done/ records)")
    store = ResultStore(root)
    total, damaged = len(store.completed_keys()), damaged_runs(store)
    for damage in damaged[:MAX_LISTED]:
        click.echo(f"damaged: {damage.key}: {damage.reason}")
    if len(damaged) > MAX_LISTED:
        click.echo(f"... and {len(damaged) - MAX_LISTED} more")
    if damaged:
        click.echo(f"error: {root}: {len(damaged)} of {total} runs damaged; run the sweep "
                   "command again to redo them", err=True)  # fmt: skip
        raise SystemExit(1)
    click.echo(f"{root}: {total} runs, every file matches its commit record")


def _plan(file: str, factors: dict[str, list[Any]], overrides: list[str]) -> SweepPlan:
    if is_experiment_file(file):
        extra_set = [parse_arm_override(text) for text in overrides]
        extra_grid = Grid(factorial=factors) if factors else None
        return plan_from_experiment(file, extra_set, extra_grid)
    if not factors:
        raise click.UsageError("give at least one --grid KEY=V1,V2,... (or an experiment file)")
    return plan_from_grid(load_scenario(file, overrides), factors)


def _with_cli_values(plan: SweepPlan, reps: int | None, seed: int | None) -> SweepPlan:
    from dataclasses import replace

    return replace(
        plan,
        replications=reps if reps is not None else plan.replications,
        seed=seed if seed is not None else plan.seed,
    )


def _executor(
    jobs: int | None, scheduler: str | None, dask_local: int | None, runs: int
) -> Executor:
    if jobs is None and not scheduler and dask_local is None and runs < 2:
        jobs = 1
    try:
        return make_executor(jobs=jobs, scheduler=scheduler, dask_local=dask_local)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def _stored_keys(out_dir: Path) -> set[str]:
    """Finished runs in the store (read after an interrupt)."""
    from itsim.experiment.store import ResultStore

    return ResultStore(out_dir).completed_keys()


def render_points(summary: Columns, kpis: tuple[str, ...] | None = None) -> str:
    """One line per (scenario, point): a few KPI means with their 95% CI half-widths.

    ``kpis`` defaults to the catalogue's ``sweep`` view.
    """
    measured = list(dict.fromkeys(summary["kpi"].tolist()))
    chosen = kpis if kpis is not None else catalog.in_view(measured, "sweep")
    present = [k for k in chosen if k in set(measured)]
    rows = zip(*(summary[c].tolist() for c in ("scenario", "point", "kpi", "mean", "half_width")),
               strict=True)  # fmt: skip
    values: dict[tuple[str, str], dict[str, tuple[float, float]]] = {}
    for scenario, point, kpi, mean, half in rows:
        values.setdefault((scenario, point), {})[kpi] = (mean, half)
    lines = []
    for (scenario, point), of in values.items():
        shown = [k for k in present if k in of]
        cells = [f"{k}={fmt_value(k, of[k][0])} {fmt_half(k, of[k][1])}" for k in shown]
        lines.append(f"  {scenario} {point}: " + "; ".join(cells))
    return "\n".join(lines)
