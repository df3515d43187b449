"""``itsim calibrate``: fit a scenario to a real ticket log and report how well it fits."""

from __future__ import annotations

from pathlib import Path

import click

from itsim.analysis.calibrate.emit import EmitOptions
from itsim.analysis.calibrate.officeday import parse_office_hours
from itsim.analysis.calibrate.pipeline import CalibrationResult, LogOptions, calibrate_log
from itsim.analysis.calibrate.readers import FORMAT_MAPS, parse_map
from itsim.analysis.calibrate.valuemap import value_maps
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
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Scenario file to write [default: calibrated-<LOG name>.yaml here].",
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
@click.option(
    "--delay-classes",
    type=click.Choice(["speed", "group", "none"]),
    default="speed",
    show_default=True,
    help="Classes of tickets with their own holding and pick-up delays: by total delay "
    "(speed), by first-line group (group), or one set for all (none).",
)
@click.option(
    "--pauses",
    type=click.Choice(["with-delays", "apart"]),
    default="with-delays",
    show_default=True,
    help="Fit logged pauses into the delay classes (with-delays) or simulate them as pauses "
    "drawn on their own (apart).",
)
@click.option(
    "--class-shares",
    type=click.Choice(["whole-day", "by-arrival"]),
    default="whole-day",
    show_default=True,
    help="Draw a speed class with the same shares at every hour (whole-day) or with shares "
    "for tickets opened in the office morning, afternoon and after hours (by-arrival).",
)
@click.option(
    "--base", default="validation/people_off", show_default=True, help="Scenario to extend."
)
@click.option(
    "--start-up",
    type=click.Choice(["drop", "keep"]),
    default="drop",
    show_default=True,
    help="Leave out (drop) or fit (keep) leading weeks that look like a start-up backlog.",
)
@click.option(
    "--holdout",
    type=click.FloatRange(0.0, 0.9),
    default=0.0,
    show_default=True,
    help="Share of the window's tickets (the last opened) left out of the fit and used to "
    "score --check against a persistence forecast.",
)
@click.option(
    "--state-map",
    "state_maps",
    multiple=True,
    metavar="LABEL=STATE",
    help="Say what a state label means (queued, active, waiting_user, waiting_vendor, "
    "waiting_other, resolved, closed, cancelled).",
)
@click.option(
    "--priority-map",
    "priority_maps",
    multiple=True,
    metavar="LABEL=Pn",
    help="Say which priority (P1..P4) a priority label means.",
)
@click.option(
    "--vocab",
    type=click.Path(dir_okay=False),
    default=None,
    help="YAML file with 'states:' and 'priorities:' label maps.",
)
@click.option(
    "--elapsed-only",
    is_flag=True,
    help="Accept an export with one row per ticket (no state history): fit arrivals, mix and "
    "whole resolution times only.",
)
@click.option(
    "--utc-offset",
    type=click.FloatRange(-14.0, 14.0),
    default=None,
    help="The log's times are UTC: hours to add for the office's local time.",
)
@click.option(
    "--office-hours",
    default=None,
    metavar="HH:MM-HH:MM",
    help="Office day for effort and holding [default: inferred from when the log is updated].",
)
def calibrate(
    log: str,
    fmt: str,
    maps: tuple[str, ...],
    output: str | None,
    report_dir: str | None,
    check: bool,
    reps: int,
    seed: int,
    work: str,
    utilisation: float,
    delay_classes: str,
    pauses: str,
    class_shares: str,
    base: str,
    start_up: str,
    holdout: float,
    state_maps: tuple[str, ...],
    priority_maps: tuple[str, ...],
    vocab: str | None,
    elapsed_only: bool,
    utc_offset: float | None,
    office_hours: str | None,
) -> None:
    """Fit a scenario to the ticket log LOG and write it with a calibration report.

    LOG is an event log or a ticket export (CSV). The scenario extends BASE and overrides demand,
    first-contact resolution, handle times, holding and pick-up delays, reopen probability and
    team sizes.
    """
    try:
        options = EmitOptions(
            base=base,
            work=work,
            utilisation=utilisation,
            drop_start_up=start_up == "drop",
            delay_classes=delay_classes,
            pauses=pauses,
            class_shares=class_shares,
        )
        how = LogOptions(
            column_map=parse_map(maps),
            maps=value_maps(state_maps, priority_maps, vocab),
            utc_offset_hours=utc_offset,
            office_week=parse_office_hours(office_hours) if office_hours else None,
            elapsed_only=elapsed_only,
            holdout=holdout,
        )
        result = calibrate_log(log, fmt, options=options, seed=seed, log_options=how)
        output = output or f"calibrated-{Path(log).stem}.yaml"
        for line in result.warnings:
            click.echo(f"warning: {line}", err=True)
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
        shown = fidelity.drop(columns=["low", "high"])
        click.echo(shown.to_string(index=False, float_format=lambda v: f"{v:.3g}"))


def _check(output: str, result: CalibrationResult, reps: int, seed: int):
    from itsim.analysis.calibrate.check import simulate_tickets
    from itsim.analysis.calibrate.fidelity import fidelity_table
    from itsim.config.load import load_scenario

    scenario = load_scenario(output)
    simulated = simulate_tickets(scenario, reps, seed)
    return fidelity_table(result.calibration, result.tickets, simulated, reps, seed)


def _command_line() -> str:
    import shlex
    import sys

    return "itsim " + " ".join(shlex.quote(a) for a in sys.argv[1:])
