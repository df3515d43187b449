"""Worker processes that end without interpreter teardown, and the shared quick exit.

A worker that has run its last simulation has nothing left to save once multiprocessing's own
exit steps have run (results sent, queues flushed, standard streams flushed). Tearing the
interpreter down then only frees every object and module one by one: about 0.3 CPU-s per
process with pandas loaded, spent while the parent waits for its workers to stop.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import sys
from multiprocessing.context import BaseContext, SpawnContext, SpawnProcess
from typing import NoReturn


def exit_now(code: int = 0) -> NoReturn:
    """Run the ``atexit`` hooks, flush the standard streams and end the process at once.

    Temporary files, logging and library hooks registered with ``atexit`` are still cleaned
    up; only the freeing of objects and modules is skipped.
    """
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # a closed pipe (``itsim ... | head``) has nothing left to save
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


class QuickExitSpawnProcess(SpawnProcess):
    """A spawned process that exits with its own exit code as soon as its work is done."""

    def _bootstrap(self, parent_sentinel: int | None = None) -> int:
        # the base method runs the target, multiprocessing's exit function and the stream
        # flush, and returns the exit code that spawn_main would pass to sys.exit
        exit_now(super()._bootstrap(parent_sentinel))  # type: ignore[misc]


class QuickExitSpawnContext(SpawnContext):
    """The ``spawn`` start method with :class:`QuickExitSpawnProcess` workers."""

    Process = QuickExitSpawnProcess


def worker_context(start_method: str) -> BaseContext:
    """A multiprocessing context for worker pools; ``spawn`` workers skip teardown.

    Forked children already end with ``os._exit``; other methods are returned unchanged.
    """
    if start_method == "spawn":
        return QuickExitSpawnContext()
    return multiprocessing.get_context(start_method)
