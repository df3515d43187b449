"""Teams: a queue, the people who pull from it, and the team's running counters."""

from __future__ import annotations

import math
from collections.abc import Callable

import simpy

from itsim.config.schema import Team as TeamSpec
from itsim.model.core.calendar import Calendar
from itsim.model.core.people import Person
from itsim.model.core.queue import WorkQueue
from itsim.model.core.wakeups import Batches, SharedTimeouts
from itsim.model.core.work import Job, Ticket

INF = math.inf
P1_RANK = 0


class Team:
    """A team of people pulling work from one shared queue.

    Parameters
    ----------
    env : simpy.Environment
    name : str
    spec : itsim.config.schema.Team
        Headcount, shift, productivity.
    calendar : Calendar
        Business hours, used when the team works the ``business`` shift.
    preempt_p1 : bool
        Whether a P1 arriving to a fully busy team interrupts lower-priority work.
    """

    def __init__(
        self,
        env: simpy.Environment,
        name: str,
        spec: TeamSpec,
        calendar: Calendar,
        preempt_p1: bool = False,
    ) -> None:
        self.env = env
        self.name = name
        self.spec = spec
        self.calendar = calendar
        self.preempt_p1 = preempt_p1
        self.queue = WorkQueue(env)
        #: the starts of periods that people off shift wait for, one timeout per instant
        self.wakeups = SharedTimeouts(env)
        #: the ends of periods that idle people wait for, with their waits (release_idle)
        self.period_ends: Batches[tuple[Person, simpy.Event]] = Batches(env, self.release_idle)
        self.on_done: Callable[[Job], None] = unwired
        self.busy_closed_hours = 0.0
        #: People (on the team or just left it) with a job in hand, by join order: busy-hours
        #: sum only these, in the order a sum over ``people`` would meet them
        self.busy_people: dict[int, Person] = {}
        self.joined = 0  # people who have ever joined the team (gives each its join order)
        self.members_version = 0  # changes whenever someone joins or leaves
        self.arrivals = 0
        self.completed = 0
        self.payroll = spec.headcount  # people paid, including those who take no tickets
        # extension points, filled only by build.py: P1 call-outs (people wing) and rostered
        # capacity by day (people wing; None: everyone on the team's own shift)
        self.on_p1_queued: list[Callable[[], None]] = []
        self.available_hours_fn: Callable[[int], float] | None = None
        #: Extension points (the event log): called with (job, now) as a job enters the queue,
        #: and with (person, job, start, end) as a person finishes a slice of work on a job.
        self.queued_hooks: list[Callable[[Job, float], None]] = []
        self.work_hooks: list[Callable[[Person, Job, float, float], None]] = []
        self.people: list[Person] = []
        for i in range(spec.headcount if spec.pulls_work else 0):
            self.add_person(Person(env, f"{name}.{i + 1}", self, spec.productivity))

    @property
    def working(self) -> int:
        """People (on the team or just left it) with a job in hand."""
        return len(self.busy_people)

    def add_person(self, person: Person) -> None:
        """``person`` joins the team (last in join order)."""
        person.seq = self.joined
        self.joined += 1
        self.people.append(person)
        self.members_version += 1

    def remove_person(self, person: Person) -> None:
        """``person`` leaves the team; work in hand stays theirs until it is put back."""
        self.people.remove(person)
        self.members_version += 1

    @property
    def headcount(self) -> int:
        """People on the payroll of this team now."""
        return self.payroll if not self.spec.pulls_work else len(self.people)

    def shift(self, now: float) -> tuple[float, float]:
        """(start, end) of the shift period that contains ``now`` or comes next."""
        if self.spec.shift == "24x7":
            return now, INF
        cal = self.calendar
        start = cal.next_open(now)
        return start, cal.close_after(start)

    def put(self, job: Job) -> None:
        """A new job enters the team (counted as an arrival)."""
        self.arrivals += 1
        if job.rank == P1_RANK and self.preempt_p1 and not self.queue.idle_waiting:
            self._preempt_for_p1()
        self.queue.put(job)
        for queued in self.queued_hooks:
            queued(job, self.env.now)
        if job.rank == P1_RANK:
            for call_out in self.on_p1_queued:
                call_out()

    def _preempt_for_p1(self) -> None:
        victims = [
            p
            for p in self.people
            if p.job is not None and p.job.rank > P1_RANK and not p.interrupted
        ]
        if victims:
            # the least urgent job, and of those the one started last, gives way
            victim = max(victims, key=lambda p: (p.job.rank if p.job else 0, p.busy_since))
            victim.interrupted = True
            victim.process.interrupt("P1")

    def release_idle(self, waits: list[tuple[Person, simpy.Event]]) -> None:
        """A period has ended: each person still waiting for work on ``waits`` stops waiting.

        Their wait succeeds with None (no job), in the order they began to wait. A wait that a
        job, an interrupt or a later wait has overtaken is passed over.
        """
        queue = self.queue
        for person, wanted in waits:
            if person.waiting is wanted and not wanted.triggered:
                queue.cancel(wanted)
                wanted.succeed(None)

    def on_start(self, job: Job, now: float) -> None:
        """Record the first start of work on a ticket (its response time)."""
        item = job.item
        if isinstance(item, Ticket) and item.responded != item.responded:  # NaN: not yet
            item.responded = now

    def available_hours_on_day(self, day: int) -> float:
        """Person-hours on shift on ``day`` for the current headcount."""
        if self.available_hours_fn is not None:
            return self.available_hours_fn(day)
        hours = 24.0 if self.spec.shift == "24x7" else self.calendar.open_hours_on_day(day)
        return hours * len(self.people)

    def busy_hours_total(self) -> float:
        """Person-hours worked so far, including the jobs in progress.

        Monitors read this every simulated hour. Only people with a job in hand add a
        non-zero term, so the sum runs over them alone, in join order (the order of
        ``people``), which gives the sum over everyone to the last bit; people who have left
        count once their slice closes, as before.
        """
        busy = self.busy_people
        if not busy:
            return self.busy_closed_hours
        now = self.env.now
        in_hand: float = 0  # a plain loop adds as sum() would, from int 0, without a generator
        for seq in sorted(busy) if len(busy) > 1 else busy:
            person = busy[seq]
            if person.active:
                in_hand += now - person.busy_since
        return self.busy_closed_hours + in_hand


def unwired(job: Job) -> None:
    """The completion handler of a team build.py has not connected (raises if ever called)."""
    raise RuntimeError("team.on_done was not wired by the model builder")
