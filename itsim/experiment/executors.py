"""Executors: run many independent simulation runs, serially, in processes, or on Dask.

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

import concurrent.futures as cf
import logging
import os
import signal
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Any, Self, TypeVar

from itsim.experiment.worker import worker_context

T = TypeVar("T")
R = TypeVar("R")

#: Tasks kept in flight per worker: enough to keep workers busy, few enough to cancel quickly.
IN_FLIGHT_PER_WORKER = 2

DASK_MISSING = (
    "the Dask executor needs the optional extra: pip install 'itsim[dask]' "
    "(dask[distributed] is not importable)"
)


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


def _ignore_sigint() -> None:
    """Worker initializer: Ctrl-C is handled by the parent, which then stops the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _available_cpus() -> int:
    """CPUs this process may use (respects affinity masks where the OS reports them)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


class ProcessExecutor(Executor):
    """Run tasks in a local pool of worker processes.

    Parameters
    ----------
    jobs : int or None
        Worker processes; ``None`` uses every available CPU.
    start_method : str
        multiprocessing start method; ``"spawn"`` (default) behaves the same on every OS.
    """

    def __init__(self, jobs: int | None = None, start_method: str = "spawn") -> None:
        if jobs is not None and jobs < 1:
            raise ValueError(f"jobs must be >= 1, got {jobs}")
        self._jobs = jobs or _available_cpus()
        self._start_method = start_method
        self._pool: cf.ProcessPoolExecutor | None = None

    @property
    def workers(self) -> int:
        return self._jobs

    def start(self) -> None:
        if self._pool is None:
            self._pool = cf.ProcessPoolExecutor(
                max_workers=self._jobs,
                mp_context=worker_context(self._start_method),
                initializer=_ignore_sigint,
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
        return _bounded_map(
            lambda task: pool.submit(fn, task),
            lambda pending: cf.wait(pending, return_when=cf.FIRST_COMPLETED)[0],
            tasks,
            lambda: self._jobs * IN_FLIGHT_PER_WORKER,
        )


def _terminate_workers(pool: cf.ProcessPoolExecutor) -> None:
    """Stop running work now: runs in flight are lost, finished runs were already yielded."""
    if hasattr(pool, "terminate_workers"):  # Python >= 3.14
        pool.terminate_workers()
        return
    processes: dict[int, Any] = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        if process.is_alive():
            process.terminate()


_END: Any = object()


def _bounded_map(
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


class DaskExecutor(Executor):
    """Run tasks on a Dask cluster: an existing scheduler or a local cluster started here.

    Parameters
    ----------
    scheduler_address : str or None
        Address of a running scheduler, e.g. ``"tcp://10.0.0.5:8786"``. Workers must have
        itsim (and the same versions of its dependencies) installed.
    local_workers : int or None
        Start a ``LocalCluster`` with this many single-threaded worker processes. When neither
        argument is given a local cluster with one worker per available CPU is started.
    """

    def __init__(self, scheduler_address: str | None = None, local_workers: int | None = None):
        if scheduler_address and local_workers:
            raise ValueError("give either a scheduler address or a local worker count, not both")
        if local_workers is not None and local_workers < 1:
            raise ValueError(f"local_workers must be >= 1, got {local_workers}")
        self._address = scheduler_address
        self._local_workers = local_workers
        self._client: Any = None
        self._cluster: Any = None

    @property
    def workers(self) -> int:
        if self._client is None:
            return self._local_workers or 1
        threads = self._client.nthreads()
        return max(1, sum(threads.values()))

    def start(self) -> None:
        if self._client is not None:
            return
        distributed = _import_distributed()
        if self._address:
            self._client = distributed.Client(self._address)
            return
        self._cluster = distributed.LocalCluster(
            n_workers=self._local_workers or _available_cpus(),
            processes=True,
            threads_per_worker=1,
            dashboard_address=None,
            silence_logs=logging.ERROR,  # cancelling on Ctrl-C is expected, not a warning
        )
        self._client = distributed.Client(self._cluster)

    def close(self, cancel: bool = False) -> None:
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    def map_unordered(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[tuple[T, R]]:
        self.start()
        client = self._client
        distributed = _import_distributed()
        return _bounded_map(
            lambda task: client.submit(fn, task, pure=False),
            lambda pending: distributed.wait(pending, return_when="FIRST_COMPLETED").done,
            tasks,
            lambda: self.workers * IN_FLIGHT_PER_WORKER,
        )


def _import_distributed() -> Any:
    """Import dask.distributed lazily so the base install does not need it."""
    try:
        import dask.distributed as distributed
    except ImportError as exc:
        raise ImportError(DASK_MISSING) from exc
    return distributed


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
