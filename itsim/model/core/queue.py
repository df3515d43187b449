"""A team's work queue: a priority heap that hands jobs straight to people waiting for work.

Leaner than ``simpy.PriorityStore``: a put with an idle person waiting triggers that person's
event directly, so a ticket costs one event to hand over and one timeout to work.
"""

from __future__ import annotations

import heapq
from collections import deque
from itertools import count

import simpy

from itsim.model.core.work import Job


class WorkQueue:
    """Jobs ordered by ``job.key`` then insertion order; idle people wait in FIFO order."""

    def __init__(self, env: simpy.Environment) -> None:
        self.env = env
        self._heap: list[tuple[tuple[float, ...], int, Job]] = []
        self._waiting: deque[simpy.Event] = deque()
        # withdrawn waits stay in the deque until a put reaches them: removing each one at once
        # cost a scan of everyone waiting, and at a shift's end everyone withdraws
        self._withdrawn: set[simpy.Event] = set()
        self._order = count()

    def __len__(self) -> int:
        return len(self._heap)

    @property
    def idle_waiting(self) -> int:
        """How many people are waiting for work right now."""
        return len(self._waiting) - len(self._withdrawn)

    def put(self, job: Job) -> None:
        """Give ``job`` to the longest-waiting idle person, or queue it."""
        while self._waiting:
            event = self._waiting.popleft()
            if event in self._withdrawn:
                self._withdrawn.discard(event)
            else:
                event.succeed(job)
                return
        heapq.heappush(self._heap, (job.key, next(self._order), job))

    def pop(self) -> Job | None:
        """Take the first job, or None when the queue is empty."""
        return heapq.heappop(self._heap)[2] if self._heap else None

    def head_rank(self) -> int | None:
        """Dispatch rank of the first job, or None when the queue is empty."""
        return self._heap[0][2].rank if self._heap else None

    def wait(self) -> simpy.Event:
        """An event that a later ``put`` succeeds with its job."""
        event = self.env.event()
        self._waiting.append(event)
        return event

    def cancel(self, event: simpy.Event) -> None:
        """Withdraw a waiting person (shift over) who has not been given a job."""
        self._withdrawn.add(event)

    def jobs(self) -> list[Job]:
        """The queued jobs (any order); for snapshots and tests."""
        return [entry[2] for entry in self._heap]
