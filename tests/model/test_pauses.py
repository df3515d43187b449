"""Pauses and per-priority first-contact resolution: exact timestamps with fixed efforts."""

from __future__ import annotations

import numpy as np
import pytest

from itsim.model.core.calendar import Calendar
from itsim.model.core.pauses import draw_pause_hours
from itsim.model.core.streams import RandomStreams
from itsim.model.core.tickets import draw_tickets
from tests.conftest import make_scenario
from tests.model.test_flow import run, ticket

PAUSES = {"user": {"probability": {"P3": 1.0}, "hours": {"dist": "fixed", "mean": 5.0}}}


def paused(i, created, pause_hours, **kwargs):
    t = ticket(i, created, **kwargs)
    t.pause_hours = pause_hours
    return t


def test_paused_ticket_frees_the_person_and_resumes_with_the_rest_of_its_effort():
    a, b = paused(0, 0.0, 5.0, desk=2.0), ticket(1, 1.5, desk=1.0)
    run([a, b], **{"flow.pauses": PAUSES})
    assert b.responded == 1.5 and b.resolved == 2.5  # the desk is free during a's pause
    assert a.resolved == pytest.approx(1.0 + 5.0 + 1.0)  # half the effort, pause, the other half
    assert a.resolver == "desk"


def test_effort_fraction_after_the_pause_is_configurable():
    a = paused(0, 0.0, 5.0, desk=2.0)
    run([a], **{"flow.pauses": PAUSES, "flow.pause_effort_after_fraction": 0.25})
    assert a.resolved == pytest.approx(1.5 + 5.0 + 0.5)


def test_escalated_ticket_pauses_in_tier2_not_at_the_desk():
    t = paused(0, 0.0, 4.0, desk=1.0, tier2="eng", tier2_hours=2.0, fcr_u=0.9)
    run([t], **{"flow.pauses": PAUSES, "flow.handoff_hours": 0.0})
    assert t.escalations == 1 and t.resolver == "eng"
    assert t.resolved == pytest.approx(1.0 + 1.0 + 4.0 + 1.0)


def test_without_pauses_configured_the_pause_field_is_ignored():
    t = paused(0, 0.0, 5.0, desk=2.0)
    run([t])
    assert t.resolved == 2.0


@pytest.mark.parametrize(("stops", "deadline"), [(False, 10.0), (True, 15.0)])
def test_pause_moves_the_sla_deadline_only_when_the_clock_stops(stops, deadline):
    t = paused(0, 0.0, 5.0, desk=2.0, priority="P1", deadline=10.0)  # P1 runs 24x7
    run([t], **{"flow.pauses": PAUSES, "flow.pause_stops_sla_clock": stops})
    assert t.resolve_deadline == pytest.approx(deadline)


def test_business_clock_stops_only_for_business_hours_in_the_pause():
    # paused Monday 17:00 to 22:00: one business hour passes, so a P3 deadline moves one
    # business hour, from Tuesday 17:00 to Tuesday 18:00
    t = paused(0, 16.0, 5.0, desk=2.0, deadline=24 + 17.0)
    run([t], **{"flow.pauses": PAUSES, "flow.pause_stops_sla_clock": True})
    assert t.resolve_deadline == pytest.approx(24 + 18.0)


def test_first_contact_resolution_by_priority_overrides_the_default():
    p2 = ticket(0, 0.0, priority="P2", tier2="eng", tier2_hours=2.0, fcr_u=0.5)
    p3 = ticket(1, 0.0, priority="P3", tier2="eng", tier2_hours=2.0, fcr_u=0.5)
    run([p2, p3], **{"flow.first_contact_resolution": 0.7,
                     "flow.first_contact_resolution_by_priority": {"P2": 0.3}})  # fmt: skip
    assert p2.escalations == 1 and p3.escalations == 0


def test_pause_draws_follow_the_probability_by_priority():
    scenario = make_scenario(
        {"flow.pauses": {"user": {"probability": {"P3": 0.5}, "hours": {"mean": 10.0}}}}
    )
    prio = np.array(["P3"] * 4000 + ["P4"] * 1000, dtype=object)
    hours = draw_pause_hours(scenario.flow, prio, RandomStreams(1, 0))
    assert (hours[4000:] == 0).all()
    assert 0.46 < (hours[:4000] > 0).mean() < 0.54
    assert hours[hours > 0].mean() == pytest.approx(10.0, rel=0.1)


def test_pauses_leave_every_other_ticket_attribute_unchanged():
    plain = make_scenario()
    with_pauses = make_scenario({"flow.pauses": PAUSES})
    cal = Calendar(plain.calendar, plain.horizon_days)
    a = draw_tickets(plain, cal, RandomStreams(3, 1))
    b = draw_tickets(with_pauses, cal, RandomStreams(3, 1))
    fields = ("created", "priority", "desk_hours", "tier2_hours", "fcr_u", "reopen_u")
    assert [[getattr(t, f) for f in fields] for t in a] == [
        [getattr(t, f) for f in fields] for t in b
    ]
    assert all(t.pause_hours == 0 for t in a)
    assert any(t.pause_hours > 0 for t in b if t.priority == "P3")


def test_a_run_with_pauses_conserves_tickets_and_is_reproducible():
    from itsim.model.build import simulate

    scenario = make_scenario({"flow.pauses": PAUSES, "flow.pause_stops_sla_clock": True})
    first, second = simulate(scenario, 5, 0), simulate(scenario, 5, 0)
    counts = first.flow
    assert counts.arrived == counts.resolved + counts.in_system_end
    # NaN (still open) counts as equal to NaN
    np.testing.assert_array_equal(
        [t.resolved for t in first.tickets], [t.resolved for t in second.tickets]
    )
