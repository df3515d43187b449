"""Abandonment, re-contact and auto-closure: exact timestamps with fixed patience, and the
accounting identities on random departments (conservation, Little's law, common random numbers)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itsim.experiment.runner import run_one
from itsim.model.build import simulate
from itsim.model.core.queue import WorkQueue
from itsim.model.core.work import Job
from tests.conftest import make_scenario
from tests.model.test_flow import run, ticket

FIXED = {"dist": "fixed", "mean": 0.5}
PHONE = {"phone": {"share": 1.0, "patience_hours": FIXED}}


def abandon(channels=PHONE, **extra):
    return {"abandonment": {"channels": channels, **extra}}


def test_untouched_ticket_leaves_the_queue_when_patience_runs_out():
    a, b = ticket(0, 0.0, desk=2.0), ticket(1, 0.1, desk=1.0)
    out = run([a, b], **abandon())
    assert a.resolved == 2.0
    assert b.abandoned == pytest.approx(0.6) and math.isnan(b.responded)
    assert b.resolver == "lost"
    assert out.flow.abandoned == 1 and out.flow.in_system_end == 0


def test_ticket_touched_in_time_does_not_abandon():
    a, b = ticket(0, 0.0, desk=0.3), ticket(1, 0.1, desk=1.0)
    run([a, b], **abandon())
    assert b.responded == pytest.approx(0.3) and b.resolved == pytest.approx(1.3)
    assert math.isnan(b.abandoned)


def test_a_user_who_gives_up_comes_back_as_a_new_ticket_of_the_same_need():
    channels = {"phone": {"share": 1.0, "patience_hours": FIXED, "recontact": {"phone": 1.0}}}
    delay = {"dist": "fixed", "mean": 1.0}
    a, b = ticket(0, 0.0, desk=2.0), ticket(1, 0.1, desk=0.5)
    out = run([a, b], **abandon(channels, recontact_delay_hours=delay))
    again = [t for t in out.tickets if t.need == 1]
    assert b.resolver == "recontact" and len(again) == 1
    back = again[0]
    assert back.created == pytest.approx(1.6) and back.contact == 1
    assert back.responded == pytest.approx(2.0) and back.resolved == pytest.approx(2.5)
    assert out.flow.arrived == 3 and out.flow.resolved == 2


def test_max_contacts_ends_in_lost_demand():
    channels = {"phone": {"share": 1.0, "patience_hours": FIXED, "recontact": {"phone": 1.0}}}
    delay = {"dist": "fixed", "mean": 0.1}
    blocker, b = ticket(0, 0.0, desk=50.0), ticket(1, 0.1)
    out = run([blocker, b], **abandon(channels, recontact_delay_hours=delay, max_contacts=3))
    contacts = [t for t in out.tickets if t.need_id == 1]
    assert [t.contact for t in contacts] == [0, 1, 2]
    assert [t.resolver for t in contacts] == ["recontact", "recontact", "lost"]


def test_business_patience_clock_waits_for_the_desk_to_open():
    # a business-hours desk; a call at 02:00 Monday has its 30 minutes from 08:00
    b = ticket(0, 2.0)
    channels = {"phone": {"share": 1.0, "patience_hours": FIXED, "patience_clock": "business"}}
    blocker = ticket(1, 0.0, desk=20.0)
    run([blocker, b], **abandon(channels), **{"teams.desk.shift": "business"})
    assert b.abandoned == pytest.approx(8.5)


def test_class_without_patience_never_abandons():
    channels = {"phone": {"share": 1.0, "patience_hours_by_class": {"P1": FIXED}}}
    a, b = ticket(0, 0.0, desk=2.0), ticket(1, 0.1, desk=1.0)
    run([a, b], **abandon(channels))
    assert b.resolved == 3.0


def test_auto_close_resolves_a_ticket_the_user_never_answers():
    pauses = {"user": {"probability": {"P3": 1.0}, "hours": {"dist": "fixed", "mean": 200.0}}}
    t = ticket(0, 0.0, desk=2.0)
    t.pause_hours = t.user_pause_hours = 200.0
    overrides = {"flow.pauses": pauses, "horizon_days": 20, "teams.desk.shift": "24x7"}
    run([t], **abandon({}, auto_close_awaiting_user_business_days=2), **overrides)
    # half the effort (1 h), then the user goes silent: closed after 2 business days of 10 hours,
    # counted from Monday 01:00 -> Tuesday 18:00
    assert t.resolver == "auto_close" and t.resolved == pytest.approx(24 + 18.0)


def test_withdrawn_job_is_skipped_and_not_counted():
    queue = WorkQueue(env=None)  # type: ignore[arg-type]
    jobs = [Job(ticket(i, 0.0), "desk", 1.0, 2, (2.0, float(i))) for i in range(3)]
    for job in jobs:
        queue.put(job)
    assert queue.withdraw(jobs[0]) and not queue.withdraw(jobs[0])
    assert len(queue) == 2 and queue.head_rank() == 2
    assert queue.pop() is jobs[1] and queue.pop() is jobs[2] and queue.pop() is None


MIXED = {
    "phone": {"share": 0.6, "patience_hours": {"dist": "exponential", "mean": 0.3},
              "recontact": {"phone": 0.6, "email": 0.2}},
    "email": {"share": 0.4, "patience_hours_by_class": {"P4": {"dist": "lognormal", "mean": 20}}},
}  # fmt: skip
PAUSES = {"user": {"probability": {"P3": 0.3, "P4": 0.3}, "hours": {"mean": 30.0, "cv": 1.5}}}
SETTINGS = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
arms = st.fixed_dictionaries({
    "teams.desk.headcount": st.integers(1, 4),
    "teams.desk.shift": st.sampled_from(["business", "24x7"]),
    "flow.dispatch": st.sampled_from(["priority", "edf", "fifo"]),
    "flow.preempt_p1": st.booleans(),
    "abandonment.max_contacts": st.integers(1, 4),
})  # fmt: skip


def _with_abandonment(arm: dict, days: int, warmup: int):
    block = {"channels": MIXED, "auto_close_awaiting_user_business_days": 3}
    overrides = {"abandonment": block, "flow.pauses": PAUSES, "horizon_days": days,
                 "warmup_days": warmup}  # fmt: skip
    return make_scenario(overrides | arm)


@SETTINGS
@given(arm=arms, seed=st.integers(0, 10_000))
def test_conservation_counts_abandoned_tickets(arm, seed):
    out = simulate(_with_abandonment(arm, 28, 0), seed, 0)
    x = out.flow
    assert x.arrived == len(out.tickets)
    assert x.arrived == x.resolved + x.in_system_end + x.deflected + x.abandoned
    abandoned = [t for t in out.tickets if t.abandoned == t.abandoned]
    assert len(abandoned) == x.abandoned
    assert sum(t.contact > 0 for t in out.tickets) == x.recontacts_created
    for t in abandoned:
        assert math.isnan(t.responded) and math.isnan(t.resolved) and t.created <= t.abandoned
    firsts = {t.id: t for t in out.tickets if t.need < 0}
    for t in out.tickets:
        if t.contact > 0:
            assert firsts[t.need].resolver == "recontact" and t.priority == firsts[t.need].priority


@SETTINGS
@given(arm=arms, seed=st.integers(0, 10_000))
def test_littles_law_with_abandonment(arm, seed):
    result = run_one(_with_abandonment(arm, 42, 7), seed, 0)
    tickets = result.tables["tickets"]
    horizon, warmup = 42 * 24.0, 7 * 24.0
    left = tickets["resolved_hours"].fillna(tickets["abandoned_hours"]).fillna(horizon)
    live = tickets["status"] != "deflected"
    start = tickets["created_hours"].clip(lower=warmup)
    hours = (left.clip(upper=horizon) - start).clip(lower=0)[live].sum()
    assert result.kpis["wip_time_average"] == pytest.approx(hours / (horizon - warmup), rel=1e-9)


def test_arms_see_the_same_users_and_more_staff_lose_fewer():
    few = simulate(_with_abandonment({"teams.desk.headcount": 1}, 56, 7), 3, 0)
    many = simulate(_with_abandonment({"teams.desk.headcount": 4}, 56, 7), 3, 0)
    first = [(t.channel, t.priority, t.created) for t in few.tickets if t.need < 0]
    assert first == [(t.channel, t.priority, t.created) for t in many.tickets if t.need < 0]
    assert few.flow.abandoned > 2 * many.flow.abandoned > 0


def test_without_the_block_no_ticket_has_a_channel_and_tables_are_unchanged():
    result = run_one(make_scenario(), 1, 0)
    assert "channel" not in result.tables["tickets"].columns
    assert "abandon_rate_all" not in result.kpis
    assert np.all(result.tables["tickets"]["status"].isin(["open", "resolved", "deflected"]))


def test_a_caller_on_the_line_is_answered_before_older_written_tickets():
    blocker, mail, call, p2_mail = (ticket(0, 0.0), ticket(1, 0.1), ticket(2, 0.2),
                                    ticket(3, 0.3, priority="P2"))  # fmt: skip
    call.live = True
    run([blocker, mail, call, p2_mail])
    assert (p2_mail.responded, call.responded, mail.responded) == (1.0, 2.0, 3.0)
