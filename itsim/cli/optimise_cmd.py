"""``itsim optimise FILE --vary … --target … --minimise …``: the best scenario meeting targets."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

import click

from itsim.cli.options import RunOptions, run_options
from itsim.config.load import load_scenario
from itsim.experiment.decision_spec import objectives_from, parse_target, parse_vary
from itsim.experiment.executors import make_executor
from itsim.results.catalog import fmt_half, fmt_value, label

DEFAULT_OUT = Path("itsim-out")
SEARCH_REPS = 3


@click.command()
@click.argument("file")
@click.option(
    "--vary",
    "varies",
    multiple=True,
    required=True,
    metavar="KEY=LOW..HIGH|V1,V2,…",
    help="A decision variable: integers LOW..HIGH, a continuous range, or choices.",
)
@click.option(
    "--target",
    "targets",
    multiple=True,
    metavar="'KPI>=X'",
    help="A requirement on a KPI's mean (repeatable), e.g. 'sla_resolve_P2>=0.9'.",
)
@click.option("--minimise", multiple=True, metavar="KPI", help="KPI to minimise (repeatable).")
@click.option("--maximise", multiple=True, metavar="KPI", help="KPI to maximise (repeatable).")
@click.option(
    "--budget",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="Distinct candidates to simulate in the search (run again with a larger "
    "budget to add candidates).",
)
@click.option(
    "--final-reps",
    type=click.IntRange(min=2),
    help="Replications of each finalist (default: max(10, 3 x --reps)).",
)
@click.option(
    "--finalists",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Best candidates given the final replications.",
)
@run_options
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="Run on an existing Dask cluster.")
@click.option(
    "--dask-local",
    type=click.IntRange(min=1),
    metavar="N",
    help="Start a local Dask cluster with N workers.",
)
def optimise(file: str, varies: tuple[str, ...], targets: tuple[str, ...],
             minimise: tuple[str, ...], maximise: tuple[str, ...], budget: int,
             final_reps: int | None, finalists: int, opts: RunOptions, scheduler: str | None,
             dask_local: int | None) -> None:  # fmt: skip
    """Find the values of the --vary keys that best meet the objectives and every --target.

    Each candidate runs --reps replications (default 3) on common random numbers; optuna's TPE
    (NSGA-II for several objectives) proposes candidates; the best few then run --final-reps
    replications and a screening step picks among them. Writes DIR/best.yaml (or closest.yaml
    when no candidate meets the targets), trials.csv, finalists.csv, decision.json and the
    resumable study (study.db). Exit 0 also when the targets are unreachable.
    """
    from itsim.experiment.optimise import OptimiseSpec
    from itsim.experiment.optimise import optimise as run_optimise
    from itsim.experiment.optimise_outputs import write_optimisation

    scenario = load_scenario(file, opts.overrides())
    reps = opts.reps or SEARCH_REPS
    spec = OptimiseSpec(
        variables=[parse_vary(text) for text in varies],
        targets=[parse_target(text) for text in targets],
        objectives=objectives_from(minimise, maximise),
        budget=budget, reps=reps, final_reps=final_reps or max(10, 3 * reps),
        finalists=finalists, seed=scenario.seed if opts.seed is None else opts.seed,
    )  # fmt: skip
    out_dir = Path(opts.out) if opts.out else DEFAULT_OUT / f"{scenario.name}-optimise"
    try:
        executor = make_executor(jobs=opts.jobs, scheduler=scheduler, dask_local=dask_local)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    result = run_optimise(scenario, spec, executor, out_dir, quiet=opts.quiet)
    record = write_optimisation(out_dir, result, shlex.join(["itsim", *sys.argv[1:]]))
    click.echo(render_decision(record))
    click.echo(f"\nwrote {out_dir}/  (report: itsim report {out_dir})")


def render_decision(record: dict[str, Any]) -> str:
    """The console answer of an optimisation."""
    from itsim.experiment.optimise_outputs import periods_text

    lines = [
        f"optimise: {record['question']}",
        f"{record['trials']} trials ({record['distinct_candidates']} distinct candidates) x "
        f"{record['search_reps']} reps, finalists x {record['final_reps']} reps: "
        f"{record['runs']} runs, {record['simulated_years']:g} simulated years, "
        f"{record['elapsed_seconds']:g} s",
    ]
    if record["status"] == "recommended":
        pick = record["recommendation"]
        lines.append(f"recommended: {pick['candidate']}")
    else:
        pick = record["closest"]
        lines.append("unreachable: no candidate meets every target")
        lines.append(
            f"  closest: {pick['candidate']}; fails {', '.join(record['failing_targets'])}"
        )
    shown = {k: v for k, v in pick["kpis"].items() if v["mean"] == v["mean"]}  # not NaN
    width = max((len(label(k)) for k in shown), default=10) + 2
    for kpi, value in shown.items():
        text = f"  {label(kpi):<{width}} {fmt_value(kpi, value['mean']):>14}  "
        lines.append((text + fmt_half(kpi, value["half_width"])).rstrip())
    for target, share in record["p_target_met"].items():
        conf = record["confidence_mean_meets_target"][target]
        lines.append(f"  {target}: met in {100 * share:.0f}% of {periods_text(record)}; "
                     f"P(mean meets) {100 * conf:.1f}%")  # fmt: skip
    if record["tied_with_pick"]:
        lines.append(f"  statistically tied with: {'; '.join(record['tied_with_pick'])}")
    if record["at_range_edge"]:
        lines.append(f"  at the end of its range (widen it): {'; '.join(record['at_range_edge'])}")
    binding = record["binding_target"]
    lines.append(f"  binding target: {binding}" if binding else "  no target binds")
    return "\n".join(lines)
