"""An executor wrapper that reports progress and can leave a warm pool open between calls."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from itsim.experiment.executors import Executor

T = TypeVar("T")
R = TypeVar("R")

#: Called after each finished run with (runs done, runs in total).
ProgressFn = Callable[[int, int], None]


class ReportingExecutor(Executor):
    """Delegate to ``inner``, calling ``progress(done, total)`` as each run finishes.

    Parameters
    ----------
    inner : Executor
        The executor that runs the tasks.
    progress : callable, optional
        Receives (runs done, runs in total) after every finished run.
    keep_open : bool
        Leave ``inner`` running when the caller is done with it (a pool kept warm by a web
        app between clicks); it is still closed when a run fails or is cancelled.
    """

    def __init__(
        self, inner: Executor, progress: ProgressFn | None = None, keep_open: bool = False
    ) -> None:
        self._inner = inner
        self._progress = progress
        self._keep_open = keep_open

    @property
    def workers(self) -> int:
        return self._inner.workers

    def start(self) -> None:
        self._inner.start()

    def close(self, cancel: bool = False) -> None:
        if cancel or not self._keep_open:
            self._inner.close(cancel=cancel)

    def map_unordered(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[tuple[T, R]]:
        todo = list(tasks)
        for done, pair in enumerate(self._inner.map_unordered(fn, todo), start=1):
            if self._progress is not None:
                self._progress(done, len(todo))
            yield pair
