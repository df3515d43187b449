"""Shared wake-ups: one pending event per team and instant, whatever the headcount."""

from __future__ import annotations

import simpy

from itsim.config.load import apply_overrides, load_scenario
from itsim.model.core.calendar import Calendar
from itsim.model.core.teams import Team
from itsim.model.core.wakeups import Batches, SharedTimeouts
from itsim.model.core.work import Job


def test_callers_of_one_hour_share_a_timeout_and_resume_in_the_order_they_asked() -> None:
    env = simpy.Environment()
    shared = SharedTimeouts(env)
    woke: list[tuple[str, float]] = []

    def sleeper(name: str, asks_at: float, hour: float):
        yield env.timeout(asks_at)
        yield shared.at(hour)
        woke.append((name, env.now))

    for name, asks_at, hour in (("a", 0.0, 5.0), ("b", 1.0, 3.0), ("c", 2.0, 5.0)):
        env.process(sleeper(name, asks_at, hour))
    env.run(until=2.5)
    assert shared.at(5.0) is shared.at(5.0)
    assert _pending(env) == 2  # one timeout for 3.0, one for 5.0
    env.run()
    assert woke == [("b", 3.0), ("a", 5.0), ("c", 5.0)]
    assert not shared._by_hour  # every hour is forgotten once it has passed


def test_an_interrupted_sleeper_leaves_the_others_asleep() -> None:
    env = simpy.Environment()
    shared = SharedTimeouts(env)
    woke: list[tuple[str, float]] = []

    def sleeper(name: str):
        try:
            yield shared.at(4.0)
        except simpy.Interrupt:
            woke.append((name + " interrupted", env.now))
            return
        woke.append((name, env.now))

    first, _second = env.process(sleeper("a")), env.process(sleeper("b"))

    def interrupter():
        yield env.timeout(1.0)
        first.interrupt()

    env.process(interrupter())
    env.run()
    assert woke == [("a interrupted", 1.0), ("b", 4.0)]


def test_batches_hand_each_instant_its_items_in_one_call_in_order() -> None:
    env = simpy.Environment()
    calls: list[tuple[float, list[str]]] = []
    batches: Batches[str] = Batches(env, lambda items: calls.append((env.now, items)))
    for hour, item in ((2.0, "x"), (1.0, "y"), (2.0, "z"), (1.0, "w")):
        batches.add(hour, item)
    assert _pending(env) == 2
    env.run()
    assert calls == [(1.0, ["y", "w"]), (2.0, ["x", "z"])]


def _pending(env: simpy.Environment) -> int:
    """Events still to come (not counting the one ``run(until=...)`` leaves at ``now``)."""
    return sum(1 for hour, *_ in env._queue if hour > env.now)


def _big_team(env: simpy.Environment, headcount: int) -> Team:
    scenario = apply_overrides(load_scenario("baseline"), {"horizon_days": 14, "warmup_days": 0})
    spec = scenario.teams["desk"].model_copy(update={"headcount": headcount})
    team = Team(env, "desk", spec, Calendar(scenario.calendar, 14))
    team.on_done = lambda job: None
    return team


def test_a_large_team_keeps_one_pending_event_per_instant_not_per_person() -> None:
    env = simpy.Environment()
    team = _big_team(env, 500)
    env.run(until=20.0)  # Monday 20:00: everyone waits for Tuesday 08:00
    assert _pending(env) == 1
    env.run(until=33.0)  # Tuesday 09:00: everyone idle waits for work or for 18:00
    assert team.queue.idle_waiting == 500 and _pending(env) == 1
    env.run(until=43.0)  # after the close, all of them wait for Wednesday again
    assert team.queue.idle_waiting == 0 and _pending(env) == 1


def test_a_job_put_as_the_period_ends_stays_queued_for_the_next_period() -> None:
    env = simpy.Environment()
    team = _big_team(env, 3)
    started: list[float] = []
    team.on_start = lambda job, now: started.append(now)  # type: ignore[method-assign]
    close = 18.0

    def put_at_close():
        yield env.timeout(close)
        team.put(Job(item=None, stage="desk", effort_hours=1.0, rank=2, key=(2, 0)))  # type: ignore[arg-type]

    env.process(put_at_close())
    env.run(until=close + 1)
    assert started == [] and len(team.queue) == 1  # nobody starts a slice at the close
    env.run(until=24 + 8 + 0.5)
    assert started == [24 + 8]  # the first person on Tuesday takes it
