"""``itsim breakeven BASE ARM --lever KEY --range LOW..HIGH``: where ARM starts or stops paying."""

from __future__ import annotations

import shlex
import sys
import time
from pathlib import Path
from typing import Any

import click

from itsim.cli.options import RunOptions, run_options
from itsim.config.load import scenario_to_yaml
from itsim.config.overrides import load_arms
from itsim.errors import InputError
from itsim.experiment.decision_spec import parse_vary
from itsim.experiment.executors import make_executor
from itsim.experiment.store import write_json, write_text
from itsim.results.catalog import fmt_number, label

DEFAULT_OUT = Path("itsim-out")
DEFAULT_KPI = "net_value_usd"
DEFAULT_REPS = 5


@click.command()
@click.argument("base")
@click.argument("arm")
@click.option("--lever", required=True, metavar="KEY", help="The ARM's scenario key to vary.")
@click.option("--range", "span", required=True, metavar="LOW..HIGH", help="The lever's range.")
@click.option(
    "--on",
    "kpi",
    default=DEFAULT_KPI,
    show_default=True,
    metavar="KPI",
    help="The KPI that must break even.",
)
@click.option(
    "--points",
    type=click.IntRange(min=3),
    default=6,
    show_default=True,
    help="Lever values on the response curve.",
)
@run_options
def breakeven(base: str, arm: str, lever: str, span: str, kpi: str, points: int,
              opts: RunOptions) -> None:  # fmt: skip
    """The value of ARM's --lever at which ARM's KPI equals BASE's (default: net value).

    The lever changes in ARM only; every lever value runs on the same seeds as BASE (common
    random numbers, --reps each, default 5), and the root of the paired difference gets a 95%
    CI. Says "always" or "never pays off in range" when the curve does not cross zero. Writes
    curve.csv, breakeven.png and decision.json to --out.
    """
    from itsim.analysis.breakeven import curve_frame, levels_between, run_breakeven
    from itsim.analysis.plots.decisions import breakeven_figure

    variable = parse_vary(f"{lever}={span}")
    if variable.kind == "choice":
        raise InputError("--range", span, "must be LOW..HIGH")
    (base_s, arm_s), notes = load_arms([base, arm], opts.overrides())
    for note in notes:
        click.echo(f"note: {note}", err=True)
    levels = levels_between(variable.low, variable.high, points, variable.kind == "int")
    reps = opts.reps or DEFAULT_REPS
    seed = base_s.seed if opts.seed is None else opts.seed
    started = time.perf_counter()
    run = run_breakeven(
        base_s, arm_s, lever, levels, kpi, reps, seed, make_executor(jobs=opts.jobs)
    )
    elapsed = time.perf_counter() - started
    out_dir = Path(opts.out) if opts.out else DEFAULT_OUT / f"{arm_s.name}-breakeven"
    out_dir.mkdir(parents=True, exist_ok=True)
    curve = curve_frame(run.result, run.base_mean, run.arm_means)
    curve.to_csv(out_dir / "curve.csv", index=False)
    breakeven_figure(curve, lever, kpi, run.result.root, out_dir / "breakeven.png")
    for name, scenario in (("base", base_s), ("arm", arm_s)):
        write_text(out_dir / f"scenario-{name}.yaml", scenario_to_yaml(scenario))
    record = decision_record(run, base_s.name, arm_s.name, seed, elapsed)
    write_json(out_dir / "decision.json", record)
    click.echo(render(record, curve))
    click.echo(f"\nwrote {out_dir}/  (report: itsim report {out_dir})")


def decision_record(run: Any, base: str, arm: str, seed: int, elapsed: float) -> dict[str, Any]:
    """The decision.json content of a break-even."""
    result = run.result
    return {
        "kind": "breakeven", "command": shlex.join(["itsim", *sys.argv[1:]]),
        "base": base, "arm": arm, "lever": run.lever, "kpi": run.kpi,
        "question": f"at what {run.lever} does {arm} break even with {base} on {label(run.kpi)}?",
        "status": result.status, "root": result.root,
        "root_ci": [result.root_low, result.root_high],
        "root_ci_open": [result.open_low, result.open_high],
        "pays_below_root": result.pays_below_root() if result.status == "crosses" else None,
        "range": [float(result.levels[0]), float(result.levels[-1])],
        "reps": run.reps, "runs": run.runs, "simulated_years": round(run.simulated_years, 2),
        "elapsed_seconds": round(elapsed, 1), "seed": seed,
    }  # fmt: skip


def render(record: dict[str, Any], curve: Any) -> str:
    """The console answer: the response curve and the break-even sentence."""
    from itsim.analysis.breakeven import answer, fmt_level

    kpi = record["kpi"]
    lines = [
        f"breakeven: {record['question']}",
        f"{len(curve)} lever values x {record['reps']} reps on common random numbers: "
        f"{record['runs']} runs, {record['simulated_years']:g} simulated years, "
        f"{record['elapsed_seconds']:g} s",
        f"  {'lever':>12}  {'gain vs ' + record['base']:>18}  95% CI",
    ]
    for row in curve.itertuples():
        gain = fmt_number(kpi, row.gain_mean, sign="+", share_unit=" pt")
        band = (f"{fmt_number(kpi, row.gain_lower, share_unit=' pt')} .. "
                f"{fmt_number(kpi, row.gain_upper, share_unit=' pt')}")  # fmt: skip
        lines.append(f"  {fmt_level(row.level):>12}  {gain:>18}  {band}")
    lines.append(answer(record))
    return "\n".join(lines)
