"""The command line's error boundary: every failure is one line on stderr, never a traceback.

Exit codes: 2 for bad input or a bad output path (the user can fix it), 1 when the system fails
(disk full, out of memory) or on an internal error, 130 after Ctrl-C. An internal error says
how to see the traceback (``ITSIM_TRACEBACK=1``), which is what a bug report needs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import click
from pydantic_core import ValidationError

from itsim.errors import (
    EXIT_BAD_INPUT,
    EXIT_FAILURE,
    MAX_MESSAGE_CHARS,
    InputError,
    OutputError,
    shorten,
)

EXIT_INTERRUPTED = 130
#: Room click needs before a message: ``Error: Invalid value for '--option' / '-o': ``.
CLICK_PREFIX_CHARS = 100
#: Set to show the traceback of an internal error instead of the one-line summary.
TRACEBACK_ENV = "ITSIM_TRACEBACK"


def fail(ctx: click.Context, message: str, exit_code: int) -> NoReturn:
    """Print ``error: message`` on stderr and leave with ``exit_code``."""
    click.echo(f"error: {message}", err=True)
    ctx.exit(exit_code)


@contextmanager
def one_line_errors(ctx: click.Context) -> Iterator[None]:
    """Turn any exception of a command into one line on stderr and an exit code."""
    try:
        yield
    except click.ClickException as exc:  # click prints it (usage errors exit 2): keep it short
        exc.message = shorten(exc.message, MAX_MESSAGE_CHARS - CLICK_PREFIX_CHARS)  # type: ignore[misc]
        raise
    except (click.exceptions.Exit, click.Abort):
        raise
    except InputError as exc:  # OutputError included; it carries its own exit code
        fail(ctx, str(exc), exc.exit_code)
    except ValidationError as exc:  # a value checked outside the scenario loader
        from itsim.config.messages import first_error  # the config package is heavy to import

        fail(ctx, str(first_error(exc, "<input>")), EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        click.echo("\ninterrupted", err=True)
        ctx.exit(EXIT_INTERRUPTED)
    except OSError as exc:
        error = OutputError.from_os_error(exc, action="")
        fail(ctx, str(error), error.exit_code)
    except MemoryError:
        fail(ctx, "out of memory (try fewer replications, a shorter horizon or --jobs 1)", 1)
    except RecursionError:
        fail(ctx, "input nested too deeply", EXIT_BAD_INPUT)
    except Exception as exc:
        if os.environ.get(TRACEBACK_ENV):
            raise
        cause = shorten(" ".join(str(exc).split()), 200)
        fail(
            ctx,
            f"internal error: {type(exc).__name__}: {cause} "
            f"(please report it; {TRACEBACK_ENV}=1 shows the traceback)",
            EXIT_FAILURE,
        )
