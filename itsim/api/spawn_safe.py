"""Worker processes that are safe to start from a script without an ``if __name__ ==
"__main__":`` guard, and from notebooks.

Under the ``spawn`` start method every worker re-runs the parent's main module before it takes
work. A script that calls ``itsim.run(..., jobs=2)`` at top level then starts the simulation
again inside each worker, which multiprocessing refuses ("An attempt has been made to start a
new process before the current process has finished its bootstrapping phase"), and the parent
sees ``BrokenProcessPool``. itsim's tasks are top-level functions of the package, so workers
never need the main module: while workers are started, :func:`main_module_hidden` hides from
multiprocessing where the main module came from, and the workers skip re-running it.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from itsim.experiment.executors import Executor, ProcessExecutor, SerialExecutor

T = TypeVar("T")
R = TypeVar("R")

_MISSING: Any = object()
# nested and concurrent users (threads of a web server) share one hiding: the first one in
# hides, the last one out restores
_lock = threading.Lock()
_state: dict[str, Any] = {"depth": 0, "saved": {}}


@contextmanager
def main_module_hidden() -> Iterator[None]:
    """Hide ``__main__.__file__`` and ``__main__.__spec__`` from workers started meanwhile.

    multiprocessing's spawn reads both to decide whether a worker re-imports the main module
    (``multiprocessing.spawn.get_preparation_data``); without them, it does not. Both are put
    back when the last user leaves.
    """
    with _lock:
        if _state["depth"] == 0:
            _state["saved"] = _hide(sys.modules.get("__main__"))
        _state["depth"] += 1
    try:
        yield
    finally:
        with _lock:
            _state["depth"] -= 1
            if _state["depth"] == 0:
                _restore(sys.modules.get("__main__"), _state["saved"])


def _hide(main: Any) -> dict[str, Any]:
    if main is None:
        return {}
    saved = {name: getattr(main, name, _MISSING) for name in ("__file__", "__spec__")}
    vars(main).pop("__file__", None)
    main.__spec__ = None
    return saved


def _restore(main: Any, saved: dict[str, Any]) -> None:
    if main is None:
        return
    for name, value in saved.items():
        if value is _MISSING:
            vars(main).pop(name, None)
        else:
            setattr(main, name, value)


class ScriptSafeProcessExecutor(ProcessExecutor):
    """A :class:`ProcessExecutor` whose workers never re-run the caller's main module."""

    def start(self) -> None:
        with main_module_hidden():
            super().start()

    def map_unordered(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[tuple[T, R]]:
        # the pool starts workers on demand as tasks are submitted, so keep main hidden
        # for as long as tasks are being handed out
        with main_module_hidden():
            yield from super().map_unordered(fn, tasks)


def api_executor(jobs: int | None, runs: int) -> Executor:
    """Serial for one run or ``jobs=1``; otherwise script-safe worker processes.

    Parameters
    ----------
    jobs : int or None
        Worker processes; None uses every available CPU (never more than ``runs``).
    runs : int
        How many runs will be mapped (no more workers than runs are started).
    """
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be >= 1, got {jobs}")
    workers = ScriptSafeProcessExecutor(jobs).workers
    workers = min(workers, runs)
    if workers <= 1:
        return SerialExecutor()
    return ScriptSafeProcessExecutor(workers)


def warm_executor(jobs: int | None) -> Executor:
    """An executor to keep open across calls: in-process for ``jobs=1``, else script-safe
    worker processes (None: one per CPU)."""
    return SerialExecutor() if jobs == 1 else ScriptSafeProcessExecutor(jobs)
