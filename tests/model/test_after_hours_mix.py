"""An after-hours priority mix: incidents arriving outside business hours take their own mix."""

from __future__ import annotations

import numpy as np

from itsim.model.core.calendar import Calendar
from itsim.model.core.streams import RandomStreams
from itsim.model.core.tickets import draw_incidents
from tests.conftest import make_scenario

BASE = {"demand.incidents.per_employee_per_month": None, "demand.incidents.per_hour": 4.0,
        "demand.incidents.week_profile": "flat", "horizon_days": 28}  # fmt: skip


def _draw(overrides):
    scenario = make_scenario(BASE | overrides)
    cal = Calendar(scenario.calendar, scenario.horizon_days)
    batch = draw_incidents(scenario, cal, RandomStreams(5, 0))
    return batch, cal.is_open(batch["created"])


def test_after_hours_mix_applies_only_outside_business_hours():
    night = {"P1": 1.0, "P2": 0.0, "P3": 0.0, "P4": 0.0}
    batch, inside = _draw({"demand.incidents.priority_mix_after_hours": night})
    prio = batch["priority"]
    assert (prio[~inside] == "P1").all()
    assert 0.0 < (prio[inside] == "P1").mean() < 0.05  # the default mix by day
    plain, _ = _draw({})
    np.testing.assert_array_equal(plain["created"], batch["created"])  # same arrivals
    np.testing.assert_array_equal(plain["priority"][inside], prio[inside])  # same uniforms
