"""Shared wake-ups: one pending event per instant, however many people wait for it.

A large department keeps most of its people off shift at any moment, each waiting for the
start of their next period, and its idle people on shift waiting for work or for the end of
their period. One timeout each made the event heap as deep as the headcount (about 2,200
pending events for a 2,000-person department), and every event in the run paid for that
depth. People who wait for the same instant share one event instead: colleagues on the same
roster start and end their periods at the same hours, so the heap holds one event per team and
instant.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Generic, TypeVar

import simpy

T = TypeVar("T")


class SharedTimeouts:
    """Timeouts that everyone waiting for the same instant shares.

    Parameters
    ----------
    env : simpy.Environment
    """

    __slots__ = ("_by_hour", "env")

    def __init__(self, env: simpy.Environment) -> None:
        self.env = env
        self._by_hour: dict[float, simpy.Timeout] = {}

    def at(self, hour: float) -> simpy.Timeout:
        """A timeout processed at ``hour`` (hours, later than now), shared with every other
        caller who asks for the same hour before it passes.

        Processes waiting on it resume in the order they asked, one after the other within
        the timeout's step.
        """
        timeout = self._by_hour.get(hour)
        if timeout is None:
            timeout = self._by_hour[hour] = self.env.timeout(hour - self.env.now)
            # forgotten first, before anyone resumes (``pop(hour, timeout)``)
            timeout.callbacks.append(partial(self._by_hour.pop, hour))  # type: ignore[arg-type]
        return timeout


class Batches(Generic[T]):
    """Items gathered by the instant they are due; each instant's items handled in one call.

    Parameters
    ----------
    env : simpy.Environment
    handle : callable
        Called at each instant with the list of items due then, in the order they were added.
    """

    __slots__ = ("_by_hour", "env", "handle")

    def __init__(self, env: simpy.Environment, handle: Callable[[list[T]], None]) -> None:
        self.env = env
        self.handle = handle
        self._by_hour: dict[float, list[T]] = {}

    def add(self, hour: float, item: T) -> None:
        """Hand ``item`` to the handler at ``hour`` (hours, not earlier than now)."""
        due = self._by_hour.get(hour)
        if due is None:
            due = self._by_hour[hour] = []
            timeout = self.env.timeout(hour - self.env.now)
            timeout.callbacks.append(partial(self._fire, hour))
        due.append(item)

    def _fire(self, hour: float, _event: simpy.Event) -> None:
        self.handle(self._by_hour.pop(hour))
