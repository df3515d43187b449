"""One after-stage routing rule: the flow, the MSP, the levers and the pause split agree."""

from __future__ import annotations

import numpy as np
import pytest

from itsim.model.core.monitor import TEAM_DAY_FIELDS
from itsim.model.core.routing import goes_on, goes_on_array
from itsim.model.core.work import Ticket
from tests.model.test_flow import run, ticket

PAUSE_5H = {"user": {"probability": {"P3": 1.0}, "hours": {"dist": "fixed", "mean": 5.0}}}
MSP_TIER1 = {
    "mode": "tier1",
    "quality": {"first_contact_resolution": 0.5, "knowledge_penalty": 0.0, "handoff_hours": 0.0},
}


def busy_hours(out, team: str) -> float:
    """Person-hours ``team`` worked over the run (from the daily monitor)."""
    fields = list(TEAM_DAY_FIELDS)
    rows = [dict(zip(fields, row, strict=True)) for row in out.team_days]
    return sum(row["busy_hours"] for row in rows if row["team"] == team)


def test_msp_first_stage_and_pause_split_use_one_decision():
    # desk FCR 0.7 would resolve the ticket at first contact (uniform 0.6 < 0.7), but the MSP
    # took it and its FCR 0.5 sends it on: the pause falls in tier 2 and all 6 h are worked
    t = ticket(0, 0.0, desk=2.0, tier2="eng", tier2_hours=4.0, fcr_u=0.6)
    t.pause_hours = 5.0
    out = run([t], **{"flow.first_contact_resolution": 0.7, "flow.pauses": PAUSE_5H,
                      "msp": MSP_TIER1})  # fmt: skip
    assert t.escalations == 1 and t.resolver == "eng"
    # MSP 0-2 h; tier 2 works 2 h, waits 5 h on the user, then works the other 2 h
    assert t.resolved == pytest.approx(2.0 + 2.0 + 5.0 + 2.0)
    eng_hours = busy_hours(out, "eng")
    assert eng_hours == pytest.approx(4.0)
    assert t.resolved - t.created - 5.0 == pytest.approx(6.0)  # no queueing: all of it is work


def test_in_house_desk_keeps_the_pause_at_the_resolving_desk():
    t = ticket(0, 0.0, desk=2.0, tier2="eng", tier2_hours=4.0, fcr_u=0.6)
    t.pause_hours = 5.0
    run([t], **{"flow.first_contact_resolution": 0.7, "flow.pauses": PAUSE_5H})
    assert t.escalations == 0 and t.resolver == "desk"
    assert t.resolved == pytest.approx(1.0 + 5.0 + 1.0)


def test_rule_and_its_array_form_agree():
    kinds = np.array(["incident", "incident", "request", "request", "incident"])
    fcr_u = np.array([0.2, 0.8, 0.1, 0.9, 0.9])
    tier2 = np.array(["eng", "eng", "eng", None, None], dtype=object)
    fcr = np.full(5, 0.5)
    one_by_one = [
        goes_on(Ticket(i, str(k), "P3", "hw", 0, 1, 1, 1, t, 1, float(u), 1), 0.5)
        for i, (k, u, t) in enumerate(zip(kinds, fcr_u, tier2, strict=True))
    ]
    assert list(goes_on_array(kinds, fcr_u, tier2, fcr)) == one_by_one == [
        False, True, True, False, False,
    ]  # fmt: skip
