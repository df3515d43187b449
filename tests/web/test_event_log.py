"""The event log: one row per ticket event, consistent with the tickets table, and readable by
vidigi (when it is installed) as an animation of the desk queue."""

from __future__ import annotations

import pandas as pd
import pytest

import itsim
from itsim.config.schema import parse_clock
from tests.conftest import make_scenario


@pytest.fixture(scope="module")
def logged() -> itsim.Result:
    return itsim.run(make_scenario(), reps=2, jobs=1, event_log=True)


def test_every_ticket_arrives_once_and_departs_when_resolved(logged) -> None:
    log, tickets = logged.event_log, logged.tickets
    for rep in (0, 1):
        one, told = log[log["rep"] == rep], tickets[tickets["rep"] == rep]
        arrivals = one[one["event"] == "arrival"]
        assert arrivals["entity_id"].is_unique and len(arrivals) == len(told)
        departs = one[one["event"] == "depart"].set_index("entity_id")["time"]
        gone = told[told["status"] != "open"].set_index("ticket_id")
        gone_at = gone["resolved_hours"].fillna(gone["created_hours"])  # deflected: at once
        pd.testing.assert_series_equal(departs.sort_index(), gone_at.sort_index(),
                                       check_names=False, check_index_type=False)  # fmt: skip


def test_work_slices_pair_up_and_follow_the_queue(logged) -> None:
    log = logged.event_log
    begins = log[log["event_type"] == "resource_use"]
    ends = log[log["event_type"] == "resource_use_end"]
    assert set(begins["event"]) >= {"desk_begin", "eng_begin"}
    # every slice ends unless it was still in hand at the horizon (at most one per person)
    open_slices = len(begins) - len(ends)
    assert 0 <= open_slices <= 2 * 5
    assert (begins["resource_id"] >= 1).all()
    desk = begins[begins["event"] == "desk_begin"]
    assert desk["resource_id"].max() <= 3  # the tiny desk has three analysts
    first_wait = log[log["event"] == "desk_wait"].groupby(["rep", "entity_id"])["time"].min()
    first_work = desk.groupby(["rep", "entity_id"])["time"].min()
    assert (first_work >= first_wait.loc[first_work.index]).all()


def test_response_times_match_the_first_work_slice(logged) -> None:
    log, tickets = logged.event_log, logged.tickets
    begins = log[log["event_type"] == "resource_use"]
    first = begins.groupby(["rep", "entity_id"])["time"].min()
    responded = tickets.set_index(["rep", "ticket_id"])["responded_hours"].dropna()
    pd.testing.assert_series_equal(first.sort_index(), responded.loc[first.index].sort_index(),
                                   check_names=False, check_index_type=False)  # fmt: skip


def test_nobody_starts_work_as_their_period_ends(logged) -> None:
    # a person idle at the end of their period stops waiting then: a job put back by a
    # colleague at that instant stays queued, instead of a zero-length slice at the close
    close_hour = parse_clock(logged.scenario.calendar.business_hours[1])
    begins = logged.event_log[logged.event_log["event_type"] == "resource_use"]
    hour_of_day = begins["time"] % 24
    assert len(begins) > 0 and (hour_of_day < close_hour).all()


def test_no_event_log_unless_asked() -> None:
    result = itsim.run(make_scenario({"horizon_days": 14}), reps=1, jobs=1)
    assert "event_log" not in result.tables
    with pytest.raises(KeyError, match="event_log=True"):
        _ = result.event_log


def test_vidigi_reads_it_back_as_an_animation(logged) -> None:
    prep = pytest.importorskip("vidigi.prep")
    one = logged.event_log[logged.event_log["rep"] == 0].drop(columns=["scenario", "point", "rep"])
    horizon_hours = logged.scenario.horizon_days * 24
    # snapshots every 6 hours fall inside business hours, when the desk has work in hand
    frames = prep.reshape_for_animations(
        one, every_x_time_units=6, limit_duration=horizon_hours, step_snapshot_max=30
    )
    assert {"snapshot_time", "event", "entity_id"} <= set(frames.columns)
    assert {"desk_wait", "desk_begin"} <= set(frames["event"])
    assert frames["snapshot_time"].nunique() >= logged.scenario.horizon_days - 1
