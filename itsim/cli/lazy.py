"""A click group that imports a command's module only when that command runs.

Commands pull in very different libraries (``calibrate`` loads ``scipy.stats``, ``report``
loads matplotlib); importing every command at start-up made each short run pay for all of them.
The group also ends a process started from the shell without interpreter teardown: once the
command is done and its output flushed, freeing every object one by one (a large share of a
short run's time) only delays the exit.
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

import click

from itsim.experiment.worker import exit_now


class LazyGroup(click.Group):
    """A group whose commands are given as ``{"name": "package.module:attribute"}``.

    Parameters
    ----------
    lazy_commands : mapping of str to str
        Command name to the import path of its ``click.Command``.
    """

    def __init__(self, *args: Any, lazy_commands: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands)
        self.from_shell = False  # set by main: the process ends with the command

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            module_name, _, attribute = self.lazy_commands[cmd_name].partition(":")
            with frozen_imports(self.from_shell):
                command = getattr(importlib.import_module(module_name), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def main(self, args: Sequence[str] | None = None, *more: Any, **kwargs: Any) -> Any:
        """Run the group; from the shell (``args`` None), exit without interpreter teardown.

        Callers that pass ``args`` (test runners) or ``standalone_mode=False`` get click's usual
        behaviour.
        """
        if args is not None or not kwargs.get("standalone_mode", True):
            return super().main(args, *more, **kwargs)
        self.from_shell = True
        try:
            super().main(args, *more, **kwargs)
        except SystemExit as done:
            _exit_now(done.code)
        _exit_now(0)


@contextmanager
def frozen_imports(freeze: bool) -> Iterator[None]:
    """Import with the cyclic garbage collector paused; with ``freeze``, exempt what is loaded.

    A command's libraries (pandas, the scenario schema) make a few hundred thousand objects
    that live as long as the process: the collector's passes over them while they load find
    almost nothing to free, and ``gc.freeze`` keeps every later pass from walking them again.
    Freezing is for a process that ends with its command (``itsim`` from the shell): in a
    longer-lived one (a test runner) it would keep whatever garbage exists then for good.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()


def _exit_now(code: object) -> NoReturn:
    """End the process with SystemExit's ``code``, skipping interpreter teardown."""
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # what SystemExit("message") prints
        code = 1
    exit_now(code or 0)
