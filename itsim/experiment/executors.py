"""Executors: run many independent simulation runs, serially, in processes, or on Dask.

The interface and the serial executor are in :mod:`itsim.experiment.executor_base`, the Dask
executor in :mod:`itsim.experiment.dask_executor`; this module adds the local process pool and
:func:`make_executor`, which picks one from command-line options.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from itsim.experiment.dask_executor import DASK_MISSING, DaskExecutor
from itsim.experiment.executor_base import (
    IN_FLIGHT_PER_WORKER,
    Executor,
    R,
    SerialExecutor,
    T,
    available_cpus,
    bounded_map,
)
from itsim.experiment.worker import worker_context

__all__ = [
    "DASK_MISSING",
    "DaskExecutor",
    "Executor",
    "ProcessExecutor",
    "SerialExecutor",
    "default_start_method",
    "make_executor",
]

#: How often a process-pool worker checks that the process that started it is still alive.
PARENT_POLL_SECONDS = 1.0


def _start_worker(parent_pid: int) -> None:
    """Worker initializer: leave Ctrl-C to the parent, and exit when the parent is gone.

    A parent killed outright (SIGKILL, out of memory) cannot stop its pool; without the watch
    its workers would go on running and committing runs no one collects.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch = threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True)
    watch.start()


def _exit_with_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)  # the parent is gone: a run in flight is lost, finished runs are stored


class ProcessExecutor(Executor):
    """Run tasks in a local pool of worker processes.

    Parameters
    ----------
    jobs : int or None
        Worker processes; ``None`` uses every available CPU.
    start_method : str or None
        multiprocessing start method; None (default) picks :func:`default_start_method`.
    """

    def __init__(self, jobs: int | None = None, start_method: str | None = None) -> None:
        if jobs is not None and jobs < 1:
            raise ValueError(f"jobs must be >= 1, got {jobs}")
        self._jobs = jobs or available_cpus()
        self._start_method = start_method
        self._pool: cf.ProcessPoolExecutor | None = None

    @property
    def workers(self) -> int:
        return self._jobs

    def start(self) -> None:
        if self._pool is None:
            method = self._start_method or default_start_method()
            self._pool = cf.ProcessPoolExecutor(
                max_workers=self._jobs,
                mp_context=worker_context(method),
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )

    def close(self, cancel: bool = False) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if cancel:
            _terminate_workers(pool)
        try:
            pool.shutdown(wait=True, cancel_futures=cancel)
        except BaseException:  # e.g. a second Ctrl-C while waiting: still leave no workers
            _terminate_workers(pool)
            raise

    def map_unordered(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[tuple[T, R]]:
        self.start()
        pool = self._pool
        assert pool is not None
        return bounded_map(
            lambda task: pool.submit(fn, task),
            lambda pending: cf.wait(pending, return_when=cf.FIRST_COMPLETED)[0],
            tasks,
            lambda: self._jobs * IN_FLIGHT_PER_WORKER,
        )


#: Modules whose import means Arrow has read or written a file in this process, and so may
#: have started its own (non-Python) I/O and CPU thread pools.
ARROW_IO_MODULES = ("pyarrow.parquet", "pyarrow.dataset", "pyarrow.csv", "pyarrow.feather")


def default_start_method() -> str:
    """``fork`` on Linux from a process that runs no other thread, else ``spawn``.

    A forked worker starts with the libraries and the model already imported, where a spawned
    one spends most of a second importing them again: on a short run or a sweep over two
    cores that start-up is a fifth of the wall time. Forking a process that runs other threads
    can leave a lock held for ever in the child, so workers are spawned when Python threads
    run (notebooks, the web app, a progress bar's monitor) or when Arrow has done file I/O
    here (its thread pools are invisible to ``threading``; ``itsim sweep`` reads its store
    before it starts workers), and on every system but Linux. Runs give the same tables
    either way.
    """
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return "spawn"
    if any(name in sys.modules for name in ARROW_IO_MODULES):
        return "spawn"
    return "fork"


def _terminate_workers(pool: cf.ProcessPoolExecutor) -> None:
    """Stop running work now: runs in flight are lost, finished runs were already yielded."""
    if hasattr(pool, "terminate_workers"):  # Python >= 3.14
        pool.terminate_workers()
        return
    processes: dict[int, Any] = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        if process.is_alive():
            process.terminate()


def make_executor(
    jobs: int | None = None, scheduler: str | None = None, dask_local: int | None = None
) -> Executor:
    """Choose an executor from command-line style options.

    Parameters
    ----------
    jobs : int or None
        Local worker processes; ``1`` runs serially, ``None`` uses every available CPU.
    scheduler : str or None
        Dask scheduler address (``--scheduler tcp://HOST:PORT``).
    dask_local : int or None
        Start a local Dask cluster with this many workers (``--dask-local N``).

    Raises
    ------
    ValueError
        When options conflict (Dask options together, or with ``jobs``) or ``jobs < 1``.
    """
    if scheduler or dask_local is not None:
        if jobs is not None:
            raise ValueError("--jobs cannot be combined with --scheduler or --dask-local")
        return DaskExecutor(scheduler_address=scheduler, local_workers=dask_local)
    if jobs is not None and jobs < 1:
        raise ValueError(f"--jobs must be >= 1, got {jobs}")
    if jobs == 1:
        return SerialExecutor()
    return ProcessExecutor(jobs)
