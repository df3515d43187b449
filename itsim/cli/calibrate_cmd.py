"""``itsim calibrate``: fit a scenario to a real ticket log and report how well it fits."""

from __future__ import annotations

from pathlib import Path

import click

from itsim.analysis.calibrate.emit import EmitOptions
from itsim.analysis.calibrate.pipeline import calibrate_log
from itsim.analysis.calibrate.readers import FORMAT_MAPS, parse_map
from itsim.errors import InputError


@click.command("calibrate")
@click.argument("log", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMAT_MAPS)),
    required=True,
    help="Export format of LOG.",
)
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Map a column of LOG to a field (ticket_id, timestamp, state, priority, group, "
    "level, opened_at, resolved_at, seq, reassignment_count, reopen_count).",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), required=True, help="Scenario file to write."
)
@click.option(
    "--report",
    "report_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder for the Markdown report and figures [default: <output>_report].",
)
@click.option("--check", is_flag=True, help="Simulate the scenario and compare it with the log.")
@click.option(
    "--reps", type=click.IntRange(1), default=2, show_default=True, help="Replications for --check."
)
@click.option("--seed", type=int, default=1, show_default=True, help="Seed for fits and --check.")
@click.option(
    "--work",
    type=click.Choice(["touch", "active", "hold"]),
    default="touch",
    show_default=True,
    help="Handle time per stage: hands-on effort (touch), elapsed active time (active), or "
    "effort plus pauses folded in (hold).",
)
@click.option(
    "--utilisation",
    type=click.FloatRange(0.05, 0.99),
    default=0.85,
    show_default=True,
    help="Target utilisation used to size the teams.",
)
@click.option("--base", default="baseline", show_default=True, help="Scenario to extend.")
@click.option(
    "--start-up",
    type=click.Choice(["drop", "keep"]),
    default="drop",
    show_default=True,
    help="Leave out (drop) or fit (keep) leading weeks that look like a start-up backlog.",
)
def calibrate(
    log: str,
    fmt: str,
    maps: tuple[str, ...],
    output: str,
    report_dir: str | None,
    check: bool,
    reps: int,
    seed: int,
    work: str,
    utilisation: float,
    base: str,
    start_up: str,
) -> None:
    """Fit a scenario to the ticket log LOG and write it with a calibration report.

    LOG is an event log or a ticket export (CSV). The scenario extends BASE and overrides demand,
    first-contact resolution, handle times, reopen probability and team sizes.
    """
    try:
        options = EmitOptions(
            base=base, work=work, utilisation=utilisation, drop_start_up=start_up == "drop"
        )
        result = calibrate_log(log, fmt, parse_map(maps), options, seed=seed)
        Path(output).write_text(result.scenario_text, encoding="utf-8")
        fidelity = _check(output, result, reps, seed) if check else None
        folder = Path(report_dir or f"{Path(output).with_suffix('')}_report")
        from itsim.analysis.calibrate.report import write_report

        report = write_report(folder, result, fidelity, options, command=_command_line())
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(exc.exit_code) from None
    click.echo(f"wrote {output} and {report}")
    if fidelity is not None:
        click.echo(fidelity.to_string(index=False, float_format=lambda v: f"{v:.3g}"))


def _check(output: str, result, reps: int, seed: int):
    from itsim.analysis.calibrate.check import fidelity_table, simulate_tickets
    from itsim.config.load import load_scenario

    scenario = load_scenario(output)
    simulated = simulate_tickets(scenario, reps, seed)
    return fidelity_table(result.calibration, result.tickets, simulated)


def _command_line() -> str:
    import shlex
    import sys

    return "itsim " + " ".join(shlex.quote(a) for a in sys.argv[1:])
