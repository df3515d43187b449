"""``itsim sensitivity FILE --kpi KPI…``: which assumptions move the answer; does any flip it?"""

from __future__ import annotations

import shlex
import sys
import time
from pathlib import Path
from typing import Any

import click
import pandas as pd

from itsim.cli.options import RunOptions, run_options
from itsim.config.load import scenario_to_yaml
from itsim.config.overrides import load_arms
from itsim.errors import InputError
from itsim.experiment.decision_spec import parse_vary
from itsim.experiment.executors import make_executor
from itsim.experiment.store import write_json, write_text
from itsim.results.catalog import fmt_half, fmt_number, label

DEFAULT_OUT = Path("itsim-out")
DEFAULT_KPIS = ("annual_cost_usd", "sla_resolve_P2")
DEFAULT_REPS = 3
SHOWN = 10


@click.command()
@click.argument("file")
@click.option(
    "--kpi",
    "kpis",
    multiple=True,
    metavar="KPI",
    help="KPI to explain (repeatable; default: annual cost and P2 resolve SLA).",
)
@click.option(
    "--vary",
    "varies",
    multiple=True,
    metavar="KEY=LOW..HIGH",
    help="Swing a key between two absolute values too (repeatable).",
)
@click.option("--against", metavar="ARM", help="A scenario compared with FILE: report flips.")
@click.option(
    "--only",
    "prefixes",
    multiple=True,
    metavar="PREFIX",
    help="Swing only the register's keys that start with PREFIX (repeatable).",
)
@click.option(
    "--register",
    type=click.Path(dir_okay=False, exists=True),
    help="The assumptions register (default: docs/assumptions.md).",
)
@run_options
def sensitivity(file: str, kpis: tuple[str, ...], varies: tuple[str, ...], against: str | None,
                prefixes: tuple[str, ...], register: str | None,
                opts: RunOptions) -> None:  # fmt: skip
    """Swing every estimate-graded default (grade E in the register) one at a time.

    A pure estimate swings by ±50% of its value, a partly sourced one (V / E) by ±25%; every
    swing runs on FILE's seeds (--reps each, default 3), so each change is a paired
    difference. Ranks the assumptions by how far they move each --kpi; with --against ARM,
    says whether any swing flips the sign of ARM's difference to FILE. Writes ranking.csv,
    one tornado-KPI.png per KPI and decision.json to --out.
    """
    from itsim.analysis.assumptions import estimates, read_register
    from itsim.analysis.plots.decisions import tornado_figure
    from itsim.analysis.sensitivity import Swing, run_sensitivity, swings_for

    files = [file, against] if against else [file]
    arms, notes = load_arms(files, opts.overrides())
    for note in notes:
        click.echo(f"note: {note}", err=True)
    base = arms[0]
    resolved = base.model_dump(mode="json")
    found = estimates(read_register(Path(register) if register else None), resolved)
    found = [e for e in found if not prefixes or e.key.startswith(prefixes)]
    swings = swings_for(found, resolved) + [_absolute(text, Swing) for text in varies]
    if not swings:
        raise InputError("--only", ",".join(prefixes), "no estimate to swing")
    chosen = list(kpis or DEFAULT_KPIS)
    reps = opts.reps or DEFAULT_REPS
    seed = base.seed if opts.seed is None else opts.seed
    started = time.perf_counter()
    result = run_sensitivity(base, swings, chosen, reps, seed, make_executor(jobs=opts.jobs),
                             against=arms[1] if against else None)  # fmt: skip
    elapsed = time.perf_counter() - started
    out_dir = Path(opts.out) if opts.out else DEFAULT_OUT / f"{base.name}-sensitivity"
    out_dir.mkdir(parents=True, exist_ok=True)
    result.ranking.to_csv(out_dir / "ranking.csv", index=False)
    write_text(out_dir / "scenario.yaml", scenario_to_yaml(base))
    for kpi in chosen:
        tornado_figure(result.ranking[result.ranking["kpi"] == kpi], kpi,
                       out_dir / f"tornado-{kpi}.png")  # fmt: skip
    record = decision_record(result, base.name, arms[1].name if against else None, chosen, reps,
                             seed, elapsed)  # fmt: skip
    write_json(out_dir / "decision.json", record)
    for line in result.skipped:
        click.echo(f"note: skipped {line}", err=True)
    click.echo(render(record, result.ranking))
    click.echo(f"\nwrote {out_dir}/  (report: itsim report {out_dir})")


def _absolute(text: str, swing_type: Any) -> Any:
    variable = parse_vary(text)
    if variable.kind == "choice":
        raise InputError("--vary", variable.key, "give an absolute LOW..HIGH range")
    middle = (variable.low + variable.high) / 2
    return swing_type(variable.key, "given", middle, variable.low, variable.high)


def decision_record(result: Any, base: str, arm: str | None, kpis: list[str], reps: int,
                    seed: int, elapsed: float) -> dict[str, Any]:  # fmt: skip
    """The decision.json content of a sensitivity run."""
    ranking = result.ranking
    top = {kpi: ranking[ranking["kpi"] == kpi].head(3)["key"].tolist() for kpi in kpis}
    flips = ranking[ranking["flips"]]["key"].unique().tolist() if "flips" in ranking else []
    return {
        "kind": "sensitivity", "command": shlex.join(["itsim", *sys.argv[1:]]),
        "base": base, "against": arm, "kpis": kpis,
        "question": f"which assumptions move {', '.join(label(k) for k in kpis)} in {base}"
                    + (f", and does any flip its comparison with {arm}?" if arm else "?"),
        "top_assumptions": top, "flips": flips, "assumptions": int(ranking["key"].nunique()),
        "skipped": result.skipped, "reps": reps, "runs": result.runs,
        "simulated_years": round(result.simulated_years, 2),
        "elapsed_seconds": round(elapsed, 1), "seed": seed,
    }  # fmt: skip


def render(record: dict[str, Any], ranking: pd.DataFrame) -> str:
    """The console answer: per KPI, the assumptions that move it most."""
    lines = [
        f"sensitivity: {record['question']}",
        f"{record['assumptions']} assumptions x 2 swings x {record['reps']} reps on common random "
        f"numbers: {record['runs']} runs, {record['simulated_years']:g} simulated years, "
        f"{record['elapsed_seconds']:g} s",
    ]
    for kpi in record["kpis"]:
        of_kpi = ranking[ranking["kpi"] == kpi]
        rows = of_kpi[of_kpi["span"] > 0].head(SHOWN)
        given = fmt_number(kpi, of_kpi["kpi_as_given"].iloc[0]) if len(of_kpi) else "-"
        lines.append(f"\n{label(kpi)}  (as given: {given})")
        if rows.empty:
            lines.append("  no assumption swung here moves it")
        width = max((len(k) for k in rows["key"]), default=0)
        for rank, row in enumerate(rows.itertuples(), start=1):
            low = _delta(kpi, row.delta_low, row.delta_low_half_width)
            high = _delta(kpi, row.delta_high, row.delta_high_half_width)
            flip = "  FLIPS" if getattr(row, "flips", False) else ""
            text = f"  {rank:>2} {row.key:<{width}} {row.grade:<6} low {low:<24} high {high}"
            lines.append(text + flip)
        unmoved = int((of_kpi["span"] == 0).sum())
        if unmoved and not rows.empty:
            lines.append(f"  ({unmoved} other assumptions do not move it)")
    if record["against"]:
        flips = record["flips"]
        lines.append(f"\nflips the comparison with {record['against']}: "
                     + (", ".join(flips) if flips else "none"))  # fmt: skip
    return "\n".join(lines)


def _delta(kpi: str, mean: float, half: float) -> str:
    return f"{fmt_number(kpi, mean, sign='+', share_unit=' pt')} {fmt_half(kpi, half)}".strip()
