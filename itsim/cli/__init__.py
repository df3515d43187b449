"""The ``itsim`` command line: thin commands over the library; no model logic here."""

from __future__ import annotations

import sys
from typing import Any

import click

from itsim import __version__
from itsim.errors import InputError

EXIT_BAD_INPUT = 2


class ItsimGroup(click.Group):
    """A click group that turns bad input into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_BAD_INPUT)


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
    from itsim.cli.web_cmd import web

    main.add_command(web)  # the web app (extra itsim[web])


_register()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
