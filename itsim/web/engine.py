"""Runs behind the web app: one warm worker pool and a cache of results.

A result is cached under its fully resolved scenario, seed and replications, so moving a
slider back to a value already run answers at once, and the base of every comparison is run
once per seed. The cache is bounded (least recently used results are dropped first) because a
year of tickets for ten replications is tens of megabytes.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable

from itsim.api import Result, run
from itsim.api.inputs import scenario_key
from itsim.api.reporting import ProgressFn
from itsim.api.spawn_safe import Executor, warm_executor
from itsim.config.schema import Scenario

#: Results kept in memory at once.
CACHE_SIZE = 12
#: Environment variable that sets the app's worker processes (1 runs in the app's process).
JOBS_ENV = "ITSIM_WEB_JOBS"

CacheKey = tuple[str, int, int, bool]


class ResultCache:
    """A thread-safe least-recently-used map from (scenario, seed, reps) to a Result."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._items: OrderedDict[CacheKey, Result] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(scenario: Scenario, seed: int, reps: int, event_log: bool = False) -> CacheKey:
        """What identifies a result: every resolved value of the scenario, seed, reps, and
        whether it holds the event log."""
        return scenario_key(scenario), seed, reps, event_log

    def get(self, key: CacheKey) -> Result | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
            return self._items.get(key)

    def put(self, key: CacheKey, result: Result) -> None:
        with self._lock:
            self._items[key] = result
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


def make_pool() -> Executor:
    """Worker processes for the app (``ITSIM_WEB_JOBS``; default every CPU), left warm."""
    text = os.environ.get(JOBS_ENV, "").strip()
    return warm_executor(int(text) if text else None)


def cached_run(
    cache: ResultCache,
    scenario: Scenario,
    seed: int,
    reps: int,
    executor: Executor,
    progress: ProgressFn | None = None,
    on_miss: Callable[[], None] | None = None,
    event_log: bool = False,
) -> Result:
    """The cached result of (scenario, seed, reps), running it on ``executor`` if absent."""
    key = cache.key(scenario, seed, reps, event_log)
    found = cache.get(key)
    if found is not None:
        return found
    if on_miss is not None:
        on_miss()
    result = run(scenario, reps=reps, seed=seed, executor=executor, progress=progress,
                 event_log=event_log)  # fmt: skip
    cache.put(key, result)
    return result
