"""Options shared by the commands that run simulations."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import click

from itsim.config.types import MAX_SEED

F = Callable[..., Any]
#: ``--seed``: seeds are stored as signed 64-bit integers.
SEED = click.IntRange(min=0, max=MAX_SEED)


@dataclass(frozen=True)
class RunOptions:
    """The options every simulating command takes, gathered by :func:`run_options`."""

    reps: int | None
    seed: int | None
    days: int | None
    warmup_days: int | None
    jobs: int | None
    sets: tuple[str, ...]
    out: str | None
    quiet: bool

    def overrides(self) -> list[str]:
        """``--days``/``--warmup-days``/``--set`` as dotted scenario overrides."""
        return scenario_overrides(self.days, self.warmup_days, self.sets)


def scenario_overrides(
    days: int | None, warmup_days: int | None, sets: tuple[str, ...]
) -> list[str]:
    """``--days``/``--warmup-days`` as dotted overrides, before the user's ``--set`` values."""
    overrides = []
    if days is not None:
        overrides.append(f"horizon_days={days}")
    if warmup_days is not None:
        overrides.append(f"warmup_days={warmup_days}")
    return [*overrides, *sets]


def run_options(fn: F) -> F:
    """Decorate a command with the options every simulation run takes.

    The command receives them as one ``opts: RunOptions`` argument.
    """
    options = [
        click.option("--reps", "-n", type=click.IntRange(min=1),
                     help="Replications (default: the scenario's)."),
        click.option("--seed", "-s", type=SEED,
                     help="Experiment seed (default: the scenario's)."),
        click.option("--days", type=click.IntRange(min=1), help="Horizon in days."),
        click.option("--warmup-days", type=click.IntRange(min=0),
                     help="Warm-up days excluded from KPIs."),
        click.option("--jobs", "-j", type=click.IntRange(min=1),
                     help="Worker processes (default: every core)."),
        click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
                     help="Override a scenario value, e.g. teams.desk.headcount=6 (repeatable); "
                     "with several arms it sets the arms that have KEY's block, and "
                     "ARM:KEY=VALUE sets one arm."),
        click.option("--out", "-o", type=click.Path(file_okay=False), help="Output folder."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar."),
    ]  # fmt: skip

    @functools.wraps(fn)
    def gathered(*args: Any, **kwargs: Any) -> Any:
        names = RunOptions.__dataclass_fields__
        opts = RunOptions(**{name: kwargs.pop(name) for name in names})
        return fn(*args, opts=opts, **kwargs)

    command: F = gathered
    for option in reversed(options):
        command = option(command)
    return command
