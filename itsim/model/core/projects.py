"""Project portfolio: business-analyst intake, a WIP limit, tasks per team, delivery.

Scenario: projects arrive from the business-analyst pipeline as a Poisson process. They wait in the
intake backlog until the number of active projects is below the WIP limit; on starting, each
project's effort is split between teams by share and cut into tasks of about ``task_hours``; a few
at a time (``max_parallel_tasks``) enter the team queues, at the lowest dispatch rank. Run work
(incidents, requests) is always served first, so when run load rises, project tasks starve and
lead times grow. A project is delivered when its last task is done, and from then on it returns
its value every week.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Generator
from typing import Any

import numpy as np
import simpy

from itsim.config.schema import ProjectDemand
from itsim.model.core.demand import arrival_times
from itsim.model.core.distributions import quantile
from itsim.model.core.streams import RandomStreams
from itsim.model.core.teams import Team
from itsim.model.core.units import HOURS_PER_MONTH
from itsim.model.core.work import RANK, Job, Project, Task

TASK_RANK = RANK["TASK"]


def draw_projects(spec: ProjectDemand, horizon_days: int, streams: RandomStreams) -> list[Project]:
    """Every project of the run, in arrival order (all attributes drawn now)."""
    intensity = np.full(horizon_days * 24, spec.per_month / HOURS_PER_MONTH)
    arrived = arrival_times(intensity, streams.rng("arrivals.project"))
    n = arrived.size
    effort = quantile(spec.effort_hours, streams.uniforms("project.effort", n))
    value = quantile(spec.value_per_week_usd, streams.uniforms("project.value", n))
    return [Project(i, float(arrived[i]), float(effort[i]), float(value[i])) for i in range(n)]


class Portfolio:
    """The project intake queue and the active projects."""

    def __init__(self, env: simpy.Environment, spec: ProjectDemand, teams: dict[str, Team]) -> None:
        self.env = env
        self.spec = spec
        self.teams = teams
        self.waiting: deque[Project] = deque()
        self._pending: dict[int, deque[Task]] = {}
        self.active = 0

    def feed(self, projects: list[Project]) -> Generator[simpy.Event, Any, None]:
        """Process: release each project into the intake backlog at its arrival time."""
        for project in projects:
            delay = project.arrived - self.env.now
            if delay > 0:
                yield self.env.timeout(delay)
            self.waiting.append(project)
            self._start_what_fits()

    def set_wip_limit(self, limit: int | None) -> None:
        """Change the WIP limit now (demand management); a higher limit starts waiting projects."""
        self.spec = self.spec.model_copy(update={"wip_limit": limit})
        self._start_what_fits()

    def _start_what_fits(self) -> None:
        limit = self.spec.wip_limit
        while self.waiting and (limit is None or self.active < limit):
            self._start(self.waiting.popleft())

    def _start(self, project: Project) -> None:
        project.started = self.env.now
        self.active += 1
        tasks = deque(self._tasks(project))
        project.tasks_left = len(tasks)
        self._pending[project.id] = tasks
        for _ in range(min(self.spec.max_parallel_tasks, len(tasks))):
            self._release(project)

    def _release(self, project: Project) -> None:
        """Put the project's next task in its team queue (a project works a few at a time)."""
        task = self._pending[project.id].popleft()
        key = (TASK_RANK, project.started)
        self.teams[task.team].put(Job(task, "task", task.hours, TASK_RANK, key))

    def _tasks(self, project: Project) -> Generator[Task, None, None]:
        for team, share in self.spec.teams.items():
            hours = project.effort_hours * share
            if hours <= 0:
                continue
            n = max(1, math.ceil(hours / self.spec.task_hours))
            for _ in range(n):
                yield Task(project, team, hours / n)

    def task_done(self, task: Task) -> None:
        """A team finished a task; deliver the project when it was the last one."""
        project = task.project
        project.tasks_left -= 1
        if self._pending[project.id]:
            self._release(project)
        if project.tasks_left == 0:
            del self._pending[project.id]
            project.finished = self.env.now
            self.active -= 1
            self._start_what_fits()
