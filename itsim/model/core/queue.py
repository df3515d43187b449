"""A team's work queue: a priority heap that hands jobs straight to people waiting for work.

Leaner than ``simpy.PriorityStore``: a put with an idle person waiting triggers that person's
event directly, so a ticket costs one event to hand over and one timeout to work. A job withdrawn
from the queue (its user gave up) stays in the heap, marked, and is skipped when it surfaces.
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
        self._dropped_jobs = 0  # jobs withdrawn (their user gave up) still in the heap

    def __len__(self) -> int:
        return len(self._heap) - self._dropped_jobs

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
        job.queued = True
        heapq.heappush(self._heap, (job.key, next(self._order), job))

    def pop(self) -> Job | None:
        """Take the first job, or None when the queue is empty."""
        heap = self._heap
        while heap:
            job = heapq.heappop(heap)[2]
            if job.queued:
                job.queued = False
                return job
            self._dropped_jobs -= 1
        return None

    def withdraw(self, job: Job) -> bool:
        """Take ``job`` out of the queue; False when it is not queued (someone has it)."""
        if not job.queued:
            return False
        job.queued = False
        self._dropped_jobs += 1
        return True

    def head_rank(self) -> int | None:
        """Dispatch rank of the first job, or None when the queue is empty."""
        heap = self._heap
        while heap and not heap[0][2].queued:
            heapq.heappop(heap)
            self._dropped_jobs -= 1
        return heap[0][2].rank if heap else None

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
        return [entry[2] for entry in self._heap if entry[2].queued]
