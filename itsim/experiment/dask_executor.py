"""Run tasks on a Dask cluster: an existing scheduler or a local cluster started here.

The address is checked before anything starts, the connection gives up after
``CONNECT_TIMEOUT_SECONDS``, and a sweep whose workers have all gone stops with one line
instead of waiting for ever (Dask itself would wait for a worker to come back).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from itsim.errors import RunError, shorten, show
from itsim.experiment.executor_base import (
    IN_FLIGHT_PER_WORKER,
    Executor,
    R,
    T,
    available_cpus,
    bounded_map,
)

#: Seconds to wait for a Dask scheduler to answer before giving up.
CONNECT_TIMEOUT_SECONDS = 10.0
#: Seconds a Dask sweep waits with no worker at all before it stops and says so.
NO_WORKERS_GRACE_SECONDS = 60.0
#: A Dask scheduler address: ``[protocol://]host:port``.
SCHEDULER_ADDRESS = re.compile(r"^(?:(?:tcp|tls|ucx|ws|wss)://)?[A-Za-z0-9_.\-]+:\d{1,5}$")

DASK_MISSING = (
    "the Dask executor needs the optional extra: pip install 'itsim[dask]' "
    "(dask[distributed] is not importable)"
)


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

    def __init__(
        self,
        scheduler_address: str | None = None,
        local_workers: int | None = None,
        connect_timeout_seconds: float = CONNECT_TIMEOUT_SECONDS,
        no_workers_grace_seconds: float = NO_WORKERS_GRACE_SECONDS,
    ):
        if scheduler_address and local_workers:
            raise ValueError("give either a scheduler address or a local worker count, not both")
        if scheduler_address and not SCHEDULER_ADDRESS.fullmatch(scheduler_address.strip()):
            raise ValueError(
                f"--scheduler must look like tcp://HOST:PORT, got {show(scheduler_address)}"
            )
        self._timeout = connect_timeout_seconds
        self._grace = no_workers_grace_seconds
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
            self._client = self._connect(distributed)
            return
        self._cluster = distributed.LocalCluster(
            n_workers=self._local_workers or available_cpus(),
            processes=True,
            threads_per_worker=1,
            dashboard_address=None,
            silence_logs=logging.ERROR,  # cancelling on Ctrl-C is expected, not a warning
        )
        self._client = distributed.Client(self._cluster)

    def _connect(self, distributed: Any) -> Any:
        try:
            return distributed.Client(self._address, timeout=self._timeout)
        except (OSError, TimeoutError) as exc:  # refused, unreachable, or no answer in time
            cause = shorten(str(exc).split("\n")[0], 120) or type(exc).__name__
            raise RunError(
                "--scheduler",
                f"cannot connect to the Dask scheduler at {self._address} within "
                f"{self._timeout:g} s ({cause})",
            ) from None

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
        return bounded_map(
            lambda task: client.submit(fn, task, pure=False),
            lambda pending: self._wait_some(distributed, pending),
            tasks,
            lambda: self.workers * IN_FLIGHT_PER_WORKER,
        )

    def _wait_some(self, distributed: Any, pending: set[Any]) -> set[Any]:
        """The finished futures of ``pending``; RunError once the cluster has had no worker
        for ``no_workers_grace_seconds`` (Dask itself would wait for ever)."""
        return wait_with_workers(
            lambda seconds: (
                distributed.wait(pending, timeout=seconds, return_when="FIRST_COMPLETED").done
            ),
            lambda: len(self._client.nthreads()) if self._client is not None else 0,
            self._grace,
        )


def wait_with_workers(
    wait: Callable[[float], set[Any]],
    worker_count: Callable[[], int],
    grace_seconds: float,
    poll_seconds: float = 5.0,
) -> set[Any]:
    """Call ``wait(timeout)`` until it returns; give up when no worker is left for too long.

    ``wait`` raises ``TimeoutError`` when nothing finished within the timeout. Workers that come
    back within ``grace_seconds`` (a restarted worker, a cluster scaling up) are waited for.

    Raises
    ------
    RunError
        The cluster had no worker for ``grace_seconds``.
    """
    idle_since: float | None = None
    while True:
        try:
            return wait(min(poll_seconds, grace_seconds))
        except TimeoutError:
            pass
        if worker_count() > 0:
            idle_since = None
            continue
        idle_since = time.monotonic() if idle_since is None else idle_since
        if time.monotonic() - idle_since >= grace_seconds:
            raise RunError(
                "dask",
                f"the cluster has had no workers for {grace_seconds:g} s; the runs finished so "
                "far are stored: start workers and run the same command to resume",
            )


def _import_distributed() -> Any:
    """Import dask.distributed lazily so the base install does not need it."""
    try:
        import dask.distributed as distributed
    except ImportError as exc:
        raise ImportError(DASK_MISSING) from exc
    return distributed
