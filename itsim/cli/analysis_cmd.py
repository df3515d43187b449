"""``itsim report``, ``itsim warmup`` and ``itsim reps``: output analysis commands."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import click
import pandas as pd

from itsim.cli.options import SEED, scenario_overrides
from itsim.config.load import load_scenario
from itsim.errors import InputError
from itsim.experiment.executors import make_executor

SET_OPTION = click.option(
    "--set", "sets", multiple=True, metavar="KEY=VALUE", help="Override a scenario value."
)
JOBS_OPTION = click.option(
    "--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: every core)."
)


@click.command()
@click.argument("folder", type=click.Path(file_okay=False))
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False),
    help="HTML file to write [default: FOLDER/report.html].",
)
@click.option("--xlsx", is_flag=True, help="Also export the tables to an Excel workbook.")
def report(folder: str, out: str | None, xlsx: bool) -> None:
    """Write one self-contained HTML report of an output FOLDER.

    Optimise, breakeven, sensitivity and compare folders get the decision-first report (the
    question, the answer and its confidence on page one; prints cleanly to PDF); run and
    sweep folders the KPI report.
    """
    from itsim.analysis.decision_report import is_decision_folder, write_decision_report

    root = Path(folder)
    if not root.is_dir():
        raise InputError(folder, "", "folder not found")
    if is_decision_folder(root):
        written = write_decision_report(root, Path(out) if out else None, xlsx)
    else:
        from itsim.analysis.decision_report import write_xlsx
        from itsim.analysis.report import write_report

        written = write_report(folder, out)
        if xlsx:
            write_xlsx(root, written.with_suffix(".xlsx"))
    click.echo(f"wrote {written}" + (f" and {written.with_suffix('.xlsx')}" if xlsx else ""))


@click.command()
@click.argument("file", required=False)
@click.option(
    "--reps",
    "-n",
    type=click.IntRange(min=2),
    default=5,
    show_default=True,
    help="Replications to average.",
)
@click.option("--days", type=click.IntRange(min=10), help="Horizon in days.")
@click.option("--seed", "-s", type=SEED, help="Seed (default: the scenario's).")
@SET_OPTION
@JOBS_OPTION
def warmup(
    file: str | None,
    reps: int,
    days: int | None,
    seed: int | None,
    sets: tuple[str, ...],
    jobs: int | None,
) -> None:
    """Advise warmup_days for FILE: MSER-5 on daily backlog and utilisation from an empty start."""
    from itsim.analysis.warmup import warmup_advice
    from itsim.experiment.runner import replication_tasks, run_tasks

    scenario = load_scenario(file, scenario_overrides(days, 0, sets))
    current = load_scenario(file, scenario_overrides(days, None, sets)).warmup_days
    tasks = replication_tasks(scenario, reps, scenario.seed if seed is None else seed)
    tables = run_tasks(tasks, make_executor(jobs=min(jobs or reps, reps)), quiet=True)
    advice = warmup_advice(tables["team_daily"])
    click.echo(
        f"{scenario.name}: MSER-5 over {reps} replications x {scenario.horizon_days} "
        "days from an empty start"
    )
    for row in advice.per_series.itertuples(index=False):
        flag = "  (no steady state: at the search limit)" if row.at_limit else ""
        click.echo(f"  {row.series:<32} truncate after day {row.truncate_day:>4}{flag}")
    click.echo(f"advice: warmup_days: {advice.warmup_days}   (scenario has {current})")
    if not advice.steady:
        click.echo(
            "warning: some series did not settle; run longer (--days) or check that "
            "the department is not overloaded",
            err=True,
        )


@click.command()
@click.argument("source", required=False)
@click.option(
    "--kpi",
    "kpis",
    multiple=True,
    metavar="KPI=REL",
    required=True,
    help="Target relative 95% CI half-width, e.g. sla_resolve_all=0.01 (repeatable).",
)
@click.option("--max-reps", type=click.IntRange(min=3), default=100, show_default=True)
@click.option("--seed", "-s", type=SEED, help="Seed (default: the scenario's).")
@click.option("--days", type=click.IntRange(min=1), help="Horizon in days.")
@SET_OPTION
@JOBS_OPTION
def reps(
    source: str | None,
    kpis: tuple[str, ...],
    max_reps: int,
    seed: int | None,
    days: int | None,
    sets: tuple[str, ...],
    jobs: int | None,
) -> None:
    """Replications needed for target CI widths (Hoad, Robinson & Davies 2010).

    SOURCE is a run or sweep output folder (analyse its runs) or a scenario (run replications
    in batches until every --kpi target is confirmed, up to --max-reps).
    """
    from itsim.analysis.replications import needed_from_runs, run_until_precise
    from itsim.experiment.folder import ResultsFolder

    targets = dict(_parse_target(text) for text in kpis)
    if source is not None and Path(source).is_dir():
        runs = ResultsFolder(source).table("runs")
        _check_kpis(runs.columns, targets)
        needed = needed_from_runs(runs, targets)
    else:
        scenario = load_scenario(source, scenario_overrides(days, None, sets))
        executor = make_executor(jobs=jobs)
        _runs, needed = run_until_precise(
            scenario,
            scenario.seed if seed is None else seed,
            targets,
            executor,
            max_reps,
            executor.workers,
        )
    _print_needed(needed)


def _print_needed(needed: pd.DataFrame) -> None:
    for record in needed.to_dict("records"):
        row = SimpleNamespace(**{str(k): v for k, v in record.items()})
        verdict = (
            f"needs {row.needed}"
            if row.needed == row.needed and row.needed
            else (f"not yet confirmed with {row.have}")
        )
        click.echo(
            f"  {row.scenario} {row.point} {row.kpi} ±{100 * row.target:g}%: {verdict} "
            f"(now ±{100 * row.rel_half_width:.2f}% after {row.have})"
        )


def _parse_target(text: str) -> tuple[str, float]:
    kpi, _, value = text.partition("=")
    try:
        target = float(value)
    except ValueError:
        raise InputError(
            "--kpi", kpi, f"target must be a number like 0.05, got {value!r}"
        ) from None
    if not 0 < target < 1:
        raise InputError("--kpi", kpi, f"target must be between 0 and 1, got {target}")
    return kpi.strip(), target


def _check_kpis(columns: object, targets: dict[str, float]) -> None:
    for kpi in targets:
        if kpi not in columns:  # type: ignore[operator]
            raise InputError("--kpi", kpi, "no such KPI in the runs table")
