"""build.py fills the extension points and refuses to run with a required one left empty."""

from __future__ import annotations

import pytest
import simpy

from itsim.model.build import WiringError, build_core, check_connected
from itsim.model.context import Replication
from itsim.model.core.calendar import Calendar
from itsim.model.core.ledger import CostLedger
from itsim.model.core.streams import RandomStreams
from itsim.model.core.teams import unwired
from tests.conftest import make_scenario


def replication():
    scenario = make_scenario()
    cal = Calendar(scenario.calendar, scenario.horizon_days)
    return Replication(scenario, 1, 0, simpy.Environment(), cal, RandomStreams(1, 0), CostLedger())


def test_a_team_without_completion_handler_fails_before_the_run():
    parts = build_core(replication(), [])
    check_connected(parts)  # the core wiring is complete
    parts.teams["eng"].on_done = unwired
    with pytest.raises(WiringError, match="eng"):
        check_connected(parts)


def test_a_team_name_joins_the_flow_once():
    parts = build_core(replication(), [])
    with pytest.raises(ValueError, match="desk"):
        parts.flow.add_team(parts.teams["desk"])


def test_gates_run_in_order_before_the_ticket_moves_on():
    parts = build_core(replication(), [])
    seen: list[str] = []

    def gate(name):
        def through(ticket, proceed):
            seen.append(name)
            proceed()

        return through

    parts.flow.gates.extend([gate("a"), gate("b")])
    parts.flow._through_gates(None, lambda: seen.append("on"))
    assert seen == ["a", "b", "on"]
