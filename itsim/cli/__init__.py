"""The ``itsim`` command line: thin commands over the library; no model logic here."""

from __future__ import annotations

import sys
from typing import Any

from itsim.experiment.process_env import configure_process

configure_process()  # before any command imports numpy or pyarrow

import click  # noqa: E402

from itsim.cli.errors import one_line_errors  # noqa: E402
from itsim.cli.lazy import LazyGroup  # noqa: E402


class ItsimGroup(LazyGroup):
    """A click group that reports every error as one line on stderr (see ``cli/errors.py``)."""

    def invoke(self, ctx: click.Context) -> Any:
        with one_line_errors(ctx):
            return super().invoke(ctx)


#: Each command's module is imported only when that command runs (see itsim/cli/lazy.py).
COMMANDS = {
    "run": "itsim.cli.run_cmd:run",
    "validate": "itsim.cli.config_cmd:validate",
    "schema": "itsim.cli.config_cmd:schema",
    "erlang": "itsim.cli.erlang_cmd:erlang",
    "calibrate": "itsim.cli.calibrate_cmd:calibrate",
    "compare": "itsim.cli.compare_cmd:compare",
    "sweep": "itsim.cli.sweep_cmd:sweep",
    "report": "itsim.cli.analysis_cmd:report",
    "warmup": "itsim.cli.analysis_cmd:warmup",
    "reps": "itsim.cli.analysis_cmd:reps",
    # decisions
    "optimise": "itsim.cli.optimise_cmd:optimise",
    "breakeven": "itsim.cli.breakeven_cmd:breakeven",
    "sensitivity": "itsim.cli.sensitivity_cmd:sensitivity",
    "web": "itsim.cli.web_cmd:web",  # the web app (extra itsim[web])
}


@click.group(
    cls=ItsimGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _param, asked: _print_version(ctx) if asked else None,
    help="Show the version and exit.",
)
def main() -> None:
    """Simulate an IT department run as a business: SLA attainment, cost and burnout."""


def _print_version(ctx: click.Context) -> None:
    """``itsim --version``: the version is read only when asked (see ``itsim.__version__``)."""
    import itsim

    click.echo(f"itsim, version {itsim.__version__}")
    ctx.exit()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
