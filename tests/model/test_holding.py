"""Pick-up and holding delays: non-occupying timers with exact timestamps (fixed durations)."""

from __future__ import annotations

import numpy as np
import pytest

from itsim.errors import InputError
from itsim.model.core.calendar import Calendar
from itsim.model.core.holding import DelayPolicy
from itsim.model.core.streams import RandomStreams
from itsim.model.core.tickets import draw_tickets
from tests.conftest import make_scenario
from tests.model.test_flow import run, ticket

FIXED_2H = {"dist": "fixed", "mean": 2.0}


def delay(office=None, off=None, **extra):
    block = {}
    if office is not None:
        block |= {"probability": 1.0, "office_hours": {"dist": "fixed", "mean": office}}
    if off is not None:
        block |= {"off_hours_probability": 1.0, "off_hours": {"dist": "fixed", "mean": off}}
    return block | extra


def test_holding_adds_elapsed_time_but_frees_the_person():
    # Monday 09:00: a is worked for an hour, then held 2 office hours; b is served meanwhile
    a, b = ticket(0, 9.0, desk=1.0), ticket(1, 9.5, desk=1.0)
    run([a, b], **{"flow.holding": {"desk": {"P3": delay(office=2.0)}}})
    assert a.resolved == pytest.approx(9.0 + 1.0 + 2.0)
    assert b.responded == pytest.approx(10.0) and b.resolved == pytest.approx(11.0 + 2.0)


def test_office_hours_part_runs_on_the_business_clock_and_off_hours_after_it():
    # worked 16:00-17:00, held 3 office hours: 17:00-18:00 and 08:00-10:00 next day, then 0.5 h
    t = ticket(0, 16.0, desk=1.0)
    run([t], **{"flow.holding": {"desk": {"P3": delay(office=3.0, off=0.5)}}})
    assert t.resolved == pytest.approx(24 + 10.0 + 0.5)


def test_pickup_delays_the_start_of_work():
    t = ticket(0, 9.0, desk=1.0)
    run([t], **{"flow.pickup": {"desk": {"P3": delay(office=2.0)}}})
    assert t.responded == pytest.approx(11.0) and t.resolved == pytest.approx(12.0)


def test_escalated_ticket_uses_the_desk_escalated_and_tier2_delays():
    t = ticket(0, 9.0, desk=1.0, tier2="eng", tier2_hours=1.0, fcr_u=0.9)
    blocks = {"desk": {"P3": delay(office=5.0)}, "desk_escalated": {"P3": delay(office=1.0)},
              "tier2": {"P3": delay(office=2.0)}}  # fmt: skip
    run([t], **{"flow.holding": blocks, "flow.handoff_hours": 0.0})
    assert t.escalations == 1
    assert t.resolved == pytest.approx(9.0 + 1.0 + 1.0 + 1.0 + 2.0)  # the desk's 5 h not used


def test_after_hours_variant_replaces_a_delay_that_starts_at_night():
    t = ticket(0, 20.0, desk=0.5)  # worked 20:00-20:30 by a 24x7 desk, held off hours only
    night = delay(office=10.0, after_hours=delay(off=1.0))
    run([t], **{"flow.holding": {"desk": {"P3": night}}})
    assert t.resolved == pytest.approx(21.5)


def test_paused_variant_is_used_for_tickets_that_will_pause():
    a, b = ticket(0, 9.0, desk=1.0), ticket(1, 9.0, desk=1.0)
    a.pause_hours = 3.0
    pauses = {"user": {"probability": {"P3": 1.0}, "hours": {"dist": "fixed", "mean": 3.0}}}
    held = delay(office=1.0, paused=delay(office=4.0))
    run([a, b], **{"flow.holding": {"desk": {"P3": held}}, "flow.pauses": pauses,
                   "teams.desk.headcount": 2})  # fmt: skip
    assert b.resolved == pytest.approx(9.0 + 1.0 + 1.0)
    assert a.resolved == pytest.approx(9.0 + 0.5 + 4.0 + 3.0 + 0.5)  # held, paused, the rest


def test_priorities_without_a_delay_are_not_delayed():
    t = ticket(0, 9.0, desk=1.0, priority="P2")
    run([t], **{"flow.holding": {"desk": {"P3": delay(office=2.0)}}})
    assert t.resolved == pytest.approx(10.0)


def test_a_probability_without_its_distribution_is_rejected():
    with pytest.raises(InputError, match="office_hours"):
        make_scenario({"flow.holding": {"desk": {"P3": {"probability": 0.5}}}})


def test_delay_classes_give_each_class_its_own_delays():
    quick = {"share": {"P3": 0.5}, "holding": {"desk": {"P3": delay(office=0.5)}}}
    slow = {"share": {"P3": 0.5}, "holding": {"desk": {"P3": delay(office=3.0)}}}
    tickets = [ticket(i, 9.0 + 0.01 * i, desk=0.1) for i in range(40)]
    run(tickets, **{"flow.delay_classes": {"quick": quick, "slow": slow},
                    "teams.desk.headcount": 40})  # fmt: skip
    held = sorted(round(t.resolved - t.created - 0.1, 6) for t in tickets)
    assert set(held) == {0.5, 3.0}  # every ticket took one class's delay, both classes occur


def test_a_class_share_for_paused_tickets_is_used_for_them():
    only_paused = {"share": {"P3": 0.0}, "share_paused": {"P3": 1.0},
                   "holding": {"desk": {"P3": delay(office=2.0)}}}  # fmt: skip
    a, b = ticket(0, 9.0, desk=1.0), ticket(1, 9.0, desk=1.0)
    a.pause_hours = 1.0
    pauses = {"user": {"probability": {"P3": 1.0}, "hours": {"dist": "fixed", "mean": 1.0}}}
    run([a, b], **{"flow.delay_classes": {"paused_ones": only_paused}, "flow.pauses": pauses,
                   "teams.desk.headcount": 2})  # fmt: skip
    assert b.resolved == pytest.approx(10.0)  # no class for unpaused P3: no delay
    assert a.resolved == pytest.approx(9.0 + 0.5 + 2.0 + 1.0 + 0.5)


def _draw(classes: dict, seed: int = 3):
    scenario = make_scenario(
        {"flow.delay_classes": classes, "demand.incidents.per_employee_per_month": 2.0}
    )
    cal = Calendar(scenario.calendar, scenario.horizon_days)
    streams = RandomStreams(seed, 1)  # one set for the draws and the delays, as in a run
    tickets = draw_tickets(scenario, cal, streams)
    return tickets, DelayPolicy(scenario.flow, cal, streams, tickets).klass


def test_a_class_handle_time_replaces_the_effort_of_its_own_incidents_only():
    plain = {"quick": {"share": {"P3": 0.5}}, "slow": {"share": {"P3": 0.5, "P2": 1.0}}}
    fast = {"incident.P3": {"dist": "fixed", "mean": 0.01},
            "escalation": {"dist": "fixed", "mean": 0.02}}  # fmt: skip
    own = {"quick": plain["quick"] | {"handle_hours": fast}, "slow": plain["slow"]}
    before, klass_before = _draw(plain)
    after, klass = _draw(own)
    assert (klass == klass_before).all()  # the class is the one the delays draw
    quick = [i for i, t in enumerate(after) if klass[i] == 1]
    assert quick and all(after[i].priority == "P3" and after[i].kind == "incident" for i in quick)
    assert any(after[i].tier2_team is not None for i in quick)
    for i, (a, b) in enumerate(zip(before, after, strict=True)):
        if klass[i] == 1:
            assert b.desk_hours == 0.01
            assert b.tier2_hours == (0.02 if b.tier2_team is not None else 0.0)
        else:  # the other class and requests keep the teams' effort, bit for bit
            assert (b.desk_hours, b.tier2_hours) == (a.desk_hours, a.tier2_hours)
        assert (b.created, b.priority, b.fcr_u, b.pause_hours) == (
            a.created, a.priority, a.fcr_u, a.pause_hours)  # fmt: skip


def test_a_class_handle_time_keeps_each_tickets_quantile():
    # the desk's incident effort is lognormal (mean 0.5, cv 1): the class's, with twice the
    # mean and the same cv, gives every one of its tickets exactly twice the effort
    plain = {"all": {"share": {"P1": 1.0, "P2": 1.0, "P3": 1.0, "P4": 1.0}}}
    double = {"all": plain["all"] | {"handle_hours": {"incident": {"mean": 1.0, "cv": 1.0}}}}
    before, _ = _draw(plain)
    after, _ = _draw(double)
    incidents = [(a, b) for a, b in zip(before, after, strict=True) if a.kind == "incident"]
    ratio = np.array([b.desk_hours / a.desk_hours for a, b in incidents])
    np.testing.assert_allclose(ratio, 2.0, rtol=1e-9)
    assert all(a.tier2_hours == b.tier2_hours for a, b in incidents)  # tier 2: the team's


def test_a_class_handle_time_for_request_work_is_rejected():
    with pytest.raises(InputError, match="request"):
        make_scenario({"flow.delay_classes": {"c": {"handle_hours": {"request": {"mean": 1.0}}}}})


def test_class_shares_by_arrival_period_decide_the_class_of_each_incident():
    # "day": every P3 arriving in the office morning; "rest": every other P3 (the class's own
    # share is 0, its after-hours and afternoon shares 1); other priorities: the plain shares
    only = {"P3": 1.0}
    none = {"P3": 0.0}
    day = {"share": {"P3": 0.0, "P2": 1.0}, "by_arrival": {"morning": {"share": only}}}
    rest = {"share": none, "by_arrival": {"afternoon": {"share": only},
                                          "after_hours": {"share": only}}}  # fmt: skip
    tickets, klass = _draw({"day": day, "rest": rest})
    scenario = make_scenario({})
    period = Calendar(scenario.calendar, scenario.horizon_days).arrival_periods(
        np.array([t.created for t in tickets])
    )
    p3 = np.array([t.priority == "P3" and t.kind == "incident" for t in tickets])
    assert {"morning", "afternoon", "after_hours"} <= set(period[p3].tolist())
    assert (klass[p3 & (period == "morning")] == 1).all()
    assert (klass[p3 & (period != "morning")] == 2).all()
    p2 = np.array([t.priority == "P2" and t.kind == "incident" for t in tickets])
    assert p2.any() and (klass[p2] == 1).all()  # no period lists P2: the class's own share


def test_without_shares_by_arrival_the_classes_are_drawn_as_before():
    plain = {"a": {"share": {"P3": 0.4}}, "b": {"share": {"P3": 0.6}}}
    timed = {"a": plain["a"] | {"by_arrival": {"morning": {"share": {"P3": 0.4}}}},
             "b": plain["b"] | {"by_arrival": {"morning": {"share": {"P3": 0.6}}}}}  # fmt: skip
    _, before = _draw(plain)
    _, after = _draw(timed)
    assert (before == after).all()  # the same shares in the morning: the same classes


def test_arrival_periods_split_the_office_day_at_its_middle():
    scenario = make_scenario({"calendar.business_hours": ["08:00", "18:00"]})
    cal = Calendar(scenario.calendar, scenario.horizon_days)
    monday, saturday = 0.0, 5 * 24.0
    hours = np.array([7.99, 8.0, 12.99, 13.0, 17.99, 18.0]) + monday
    assert cal.arrival_periods(hours).tolist() == [
        "after_hours", "morning", "morning", "afternoon", "afternoon", "after_hours"]  # fmt: skip
    assert cal.arrival_periods(np.array([saturday + 10.0])).tolist() == ["after_hours"]
