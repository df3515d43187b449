"""The executor interface, the serial executor and the bounded map every executor uses.

Every executor has the same small interface: use it as a context manager and call
``map_unordered(fn, tasks)``, which yields ``(task, result)`` pairs as runs finish (completion
order, not submission order). ``fn`` must be a picklable top-level callable taking one task, so
the same code works under the ``spawn`` start method and on remote Dask workers; results are
identical on every executor because each run is seeded from its task alone.

At most a few tasks per worker are in flight at a time, so memory stays bounded on long sweeps
and an interrupt has little to cancel. On ``KeyboardInterrupt`` (or any exception, or the caller
leaving the loop early) pending work is cancelled and the workers are shut down; every pair that
was already yielded belongs to the caller, who is expected to have stored it.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Any, Self, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Tasks kept in flight per worker: enough to keep workers busy, few enough to cancel quickly.
IN_FLIGHT_PER_WORKER = 2


class Executor(ABC):
    """Common interface: a context manager with ``map_unordered``."""

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close(cancel=exc_type is not None)

    def start(self) -> None:  # noqa: B027 - optional hook; serial has nothing to start
        """Acquire workers (idempotent)."""

    def close(self, cancel: bool = False) -> None:  # noqa: B027 - optional hook
        """Release workers; with ``cancel`` stop running work instead of waiting for it."""

    @property
    def workers(self) -> int:
        """Number of runs that can execute at once."""
        return 1

    @abstractmethod
    def map_unordered(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[tuple[T, R]]:
        """Run ``fn(task)`` for every task; yield ``(task, result)`` as each run finishes."""


class SerialExecutor(Executor):
    """Run tasks one after another in this process (debugging, profiling, tiny sweeps)."""

    def map_unordered(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[tuple[T, R]]:
        for task in tasks:
            yield task, fn(task)


def available_cpus() -> int:
    """CPUs this process may use (respects affinity masks where the OS reports them)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


_END: Any = object()


def bounded_map(
    submit: Callable[[T], Any],
    wait_some: Callable[[set[Any]], Iterable[Any]],
    tasks: Iterable[T],
    max_in_flight: Callable[[], int],
) -> Iterator[tuple[T, Any]]:
    """Keep up to ``max_in_flight()`` futures running; yield results as they complete.

    The limit is re-read at every refill, so a Dask cluster that gains workers gets more work.

    ``submit(task)`` returns a future with ``result()``, ``exception()`` and ``cancel()``;
    ``wait_some(pending)`` blocks until at least one pending future is done and returns the done
    ones. If a run fails, the other runs finished by then are yielded before its error is raised.
    """
    task_iter = iter(tasks)
    in_flight: dict[Any, T] = {}
    exhausted = False
    try:
        while True:
            limit = max(1, max_in_flight())
            while not exhausted and len(in_flight) < limit:
                task = next(task_iter, _END)
                if task is _END:
                    exhausted = True
                else:
                    in_flight[submit(task)] = task
            if not in_flight:
                return
            failed = None
            for future in wait_some(set(in_flight)):
                task = in_flight.pop(future)
                if future.exception() is not None:
                    failed = failed or future  # yield the other finished runs first
                else:
                    yield task, future.result()
            if failed is not None:
                failed.result()  # re-raises the run's exception
    finally:
        for future in in_flight:
            future.cancel()
