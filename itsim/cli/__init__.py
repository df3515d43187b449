"""The ``itsim`` command line: thin commands over the library; no model logic here."""

from __future__ import annotations

import sys
from typing import Any

import click

from itsim import __version__
from itsim.cli.errors import one_line_errors


class ItsimGroup(click.Group):
    """A click group that reports every error as one line on stderr (see ``cli/errors.py``)."""

    def invoke(self, ctx: click.Context) -> Any:
        with one_line_errors(ctx):
            return super().invoke(ctx)


@click.group(cls=ItsimGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="itsim")
def main() -> None:
    """Simulate an IT department run as a business: SLA attainment, cost and burnout."""


def _register() -> None:
    from itsim.cli.analysis_cmd import report, reps, warmup
    from itsim.cli.breakeven_cmd import breakeven
    from itsim.cli.calibrate_cmd import calibrate
    from itsim.cli.compare_cmd import compare
    from itsim.cli.config_cmd import schema, validate
    from itsim.cli.erlang_cmd import erlang
    from itsim.cli.optimise_cmd import optimise
    from itsim.cli.run_cmd import run
    from itsim.cli.sensitivity_cmd import sensitivity
    from itsim.cli.sweep_cmd import sweep

    for command in (run, validate, schema, erlang, calibrate, compare, sweep, report, warmup,
                    reps):  # fmt: skip
        main.add_command(command)
    for command in (optimise, breakeven, sensitivity):  # decisions
        main.add_command(command)


_register()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
