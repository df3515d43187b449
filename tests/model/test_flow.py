"""Ticket lifecycle with fixed efforts: exact timestamps, as in SimPy's own tests."""

from __future__ import annotations

import math

import pytest

from itsim.model.build import run_model
from itsim.model.core.calendar import Calendar
from itsim.model.core.work import Project, Ticket
from tests.conftest import make_scenario

FAR = 1e9


def ticket(i, created, desk=1.0, priority="P3", tier2=None, tier2_hours=0.0, fcr_u=0.0,
           reopen_u=1.0, kind="incident", deadline=FAR):  # fmt: skip
    return Ticket(i, kind, priority, "hw", created, deadline, deadline, desk, tier2, tier2_hours,
                  fcr_u, reopen_u)  # fmt: skip


def run(tickets, projects=(), **overrides):
    base = {"teams.desk.headcount": 1, "teams.desk.shift": "24x7", "teams.eng.shift": "24x7",
            "teams.eng.headcount": 1, "horizon_days": 3, "warmup_days": 0}  # fmt: skip
    scenario = make_scenario(base | overrides)
    cal = Calendar(scenario.calendar, scenario.horizon_days)
    return run_model(scenario, cal, list(tickets), list(projects))


def test_fifo_single_server_timestamps():
    a, b = ticket(0, 0.0), ticket(1, 0.5)
    out = run([a, b])
    assert (a.responded, a.resolved) == (0.0, 1.0)
    assert (b.responded, b.resolved) == (1.0, 2.0)
    assert a.resolver == "desk" and out.flow.resolved == 2


def test_escalation_after_handoff_delay():
    t = ticket(0, 0.0, desk=1.0, tier2="eng", tier2_hours=2.0, fcr_u=0.9)
    run([t], **{"flow.first_contact_resolution": 0.7, "flow.handoff_hours": 0.5})
    assert t.escalations == 1 and t.resolver == "eng"
    assert t.resolved == pytest.approx(1.0 + 0.5 + 2.0)


def test_first_contact_resolution_uses_the_arrival_uniform():
    t = ticket(0, 0.0, tier2="eng", tier2_hours=2.0, fcr_u=0.69)
    run([t], **{"flow.first_contact_resolution": 0.7})
    assert t.escalations == 0 and t.resolved == 1.0


def test_business_shift_pauses_work_overnight():
    t = ticket(0, 17.5, desk=1.0)
    run([t], **{"teams.desk.shift": "business"})
    assert t.responded == 17.5
    assert t.resolved == pytest.approx(24 + 8.5)  # 30 min Monday, 30 min Tuesday morning


def test_priority_dispatch_serves_p2_before_an_earlier_p4():
    busy, p4, p2 = ticket(0, 0.0, 2.0), ticket(1, 0.1, priority="P4"), ticket(2, 0.2, priority="P2")
    run([busy, p4, p2])
    assert p2.resolved == 3.0 and p4.resolved == 4.0


def test_edf_dispatch_serves_the_earliest_deadline():
    busy = ticket(0, 0.0, 2.0)
    late, early = (
        ticket(1, 0.1, priority="P2", deadline=50),
        ticket(2, 0.2, priority="P4", deadline=5),
    )
    run([busy, late, early], **{"flow.dispatch": "edf"})
    assert early.resolved == 3.0 and late.resolved == 4.0


@pytest.mark.parametrize(
    ("preempt", "p1_done", "p4_done"), [(True, 2.0, 11.0), (False, 11.0, 10.0)]
)
def test_p1_interrupts_lower_priority_work_only_when_allowed(preempt, p1_done, p4_done):
    p4, p1 = ticket(0, 0.0, 10.0, priority="P4"), ticket(1, 1.0, 1.0, priority="P1")
    run([p4, p1], **{"flow.preempt_p1": preempt})
    assert p1.resolved == pytest.approx(p1_done)
    assert p4.resolved == pytest.approx(p4_done)


def test_reopen_returns_to_the_resolver_with_a_fraction_of_the_effort():
    t = ticket(0, 0.0, desk=2.0, reopen_u=0.01)
    run([t], **{"flow.reopen_probability": 0.05, "flow.reopen_delay_hours": 10,
                "flow.reopen_effort_fraction": 0.5})  # fmt: skip
    assert t.reopened == 1
    assert t.resolved == pytest.approx(2.0 + 10 + 1.0)
    assert t.first_resolved == pytest.approx(2.0)  # the resolution that was reopened


def test_tickets_table_keeps_the_first_resolution_of_reopened_tickets():
    from itsim.experiment.runner import run_one
    from tests.conftest import make_scenario

    scenario = make_scenario({"flow.reopen_probability": 0.3, "flow.reopen_delay_hours": 10})
    table = run_one(scenario, 3, 0).tables["tickets"]
    done = table[table["status"] == "resolved"]
    again = done["reopened"] == 1
    assert again.any() and (~again).any()
    gap = done["resolved_hours"] - done["first_resolved_hours"]
    assert (gap[again] >= 10.0).all()  # the reopen delay, then the rework
    assert (gap[~again] == 0.0).all()


def test_productivity_scales_work_time():
    t = ticket(0, 0.0, desk=1.0)
    run([t], **{"teams.desk.productivity": 2.0})
    assert t.resolved == 0.5


def test_requests_go_to_their_fulfilment_team():
    t = ticket(0, 0.0, desk=0.5, kind="request", priority="REQ", tier2="eng", tier2_hours=1.0)
    run([t], **{"flow.handoff_hours": 0.0})
    assert t.resolver == "eng" and t.escalations == 0 and t.resolved == 1.5


def test_projects_respect_the_wip_limit_and_run_work_comes_first():
    projects = [Project(i, 0.0, 16.0, 100.0) for i in range(3)]
    tickets = [ticket(0, 0.0, tier2="eng", tier2_hours=4.0, fcr_u=0.99)]
    settings = {"demand.projects.wip_limit": 1, "demand.projects.task_hours": 8,
                "demand.projects.max_parallel_tasks": 1, "flow.handoff_hours": 0}  # fmt: skip
    run(tickets, projects, **settings)
    # the escalation (rank P3) jumps ahead of project tasks queued at eng
    assert tickets[0].resolved == pytest.approx(1.0 + 4.0 + 7.0)  # eng busy with task 1 until 8
    starts = [p.started for p in projects]
    assert starts[0] == 0.0 and starts[1] == projects[0].finished
    assert starts[2] == projects[1].finished
    assert all(not math.isnan(p.finished) for p in projects)
