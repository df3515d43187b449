"""The ``itsim`` command line: thin commands over the library; no model logic here."""

from __future__ import annotations

import sys
from typing import Any

import click

from itsim import __version__
from itsim.cli.errors import one_line_errors
from itsim.cli.lazy import LazyGroup
from itsim.experiment.worker import use_system_allocator_for_arrow

use_system_allocator_for_arrow()  # before any command imports pandas


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
@click.version_option(__version__, prog_name="itsim")
def main() -> None:
    """Simulate an IT department run as a business: SLA attainment, cost and burnout."""


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
