"""Records kept as columns give the same tables as records kept as objects."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import pytest

from itsim.config.load import load_scenario
from itsim.model.build import run_model
from itsim.model.core.calendar import Calendar
from itsim.model.core.columns import Columns
from itsim.model.core.hour_of_week import HourOfWeekMonitor
from itsim.model.core.projects import draw_projects
from itsim.model.core.streams import RandomStreams
from itsim.model.core.ticket_columns import TicketDraws, TicketRecords
from itsim.model.core.tickets import draw_ticket_columns
from itsim.results.tables import build_tables


class Row(NamedTuple):
    name: str
    day: int
    hours: float
    flag: bool


def test_columns_give_back_the_rows_and_typed_arrays() -> None:
    rows = [Row("a", 1, 0.5, True), Row("b", 2, 1.25, False), Row("a", 3, 2.0, True)]
    cols: Columns[Row] = Columns(Row)
    for row in rows:
        cols.append(row)
    assert len(cols) == 3 and list(cols) == rows and cols[1] == rows[1]
    cols.column("name")[2] = "c"  # columns are writable in place
    arrays = cols.arrays()
    assert arrays["day"].dtype == np.int64 and arrays["hours"].dtype == np.float64
    assert arrays["flag"].dtype == bool and arrays["flag"].tolist() == [True, False, True]
    assert arrays["name"].dtype == object and arrays["name"].tolist() == ["a", "b", "c"]
    assert pd.DataFrame(cols).shape == (3, 4)


def _inputs(name: str, overrides: list[str]) -> tuple:
    scenario = load_scenario(name, overrides)
    cal = Calendar(scenario.calendar, scenario.horizon_days)
    streams = RandomStreams(11, 0)
    draws = draw_ticket_columns(scenario, cal, streams)
    projects = draw_projects(scenario.demand.projects, scenario.horizon_days, streams)
    return scenario, cal, draws, projects


@pytest.mark.parametrize("name", ["baseline", "msp_tier1_24x7", "fractional_cio"])
def test_a_run_on_columns_tabulates_as_a_run_on_objects(name: str, monkeypatch) -> None:
    import itsim.model.core.ticket_columns as ticket_columns

    monkeypatch.setattr(ticket_columns, "CHUNK", 256)  # the feed crosses chunk boundaries
    overrides = ["horizon_days=42", "warmup_days=7"]
    scenario, cal, draws, projects = _inputs(name, overrides)
    assert len(draws) > 2 * ticket_columns.CHUNK
    on_columns = run_model(scenario, cal, draws, list(projects), 11, 0)
    scenario, cal, draws, projects = _inputs(name, overrides)
    on_objects = run_model(scenario, cal, draws.materialise(), list(projects), 11, 0)
    assert on_columns.ticket_list is None and on_objects.ticket_list is not None
    assert len(on_columns.ticket_records) == len(on_objects.ticket_records)
    columns_tables, objects_tables = build_tables(on_columns), build_tables(on_objects)
    assert set(columns_tables) == set(objects_tables)
    for table, frame in objects_tables.items():
        pd.testing.assert_frame_equal(
            columns_tables[table].to_pandas(), frame.to_pandas(), check_exact=True
        )
    # some tickets are still open at the end, so the end-of-run records were written too
    assert (columns_tables["tickets"]["status"] == "open").any()
    # whole tickets can still be had from the records
    rebuilt = on_columns.tickets
    assert [t.resolved for t in rebuilt[:50]] == pytest.approx(
        [t.resolved for t in on_objects.tickets[:50]], nan_ok=True
    )


def test_draws_make_the_same_tickets_in_chunks_as_at_once() -> None:
    _, _, draws, _ = _inputs("baseline", ["horizon_days=42", "warmup_days=7"])
    assert isinstance(draws, TicketDraws)
    at_once, chunked = draws.materialise(), list(draws)
    assert [t.id for t in chunked] == list(range(len(draws)))
    fields = ("kind", "priority", "created", "desk_hours", "pause_hours", "tier2_team")
    for a, b in zip(at_once, chunked, strict=True):
        assert all(getattr(a, f) == getattr(b, f) for f in fields)
    records = TicketRecords.for_draws(draws)
    assert np.isnan(records.column("resolved")).all()
    assert (records.column("id") == np.arange(len(draws))).all()


class EveryHour(HourOfWeekMonitor):
    """The monitor without reuse: every team's on-shift hours looked up every hour."""

    def _refresh(self, watch, hour):  # type: ignore[no-untyped-def]
        super()._refresh(watch, hour)
        watch.stable_until = hour + 1  # looked up again next hour


@pytest.mark.parametrize("name", ["baseline", "msp_tier1_24x7"])
def test_reusing_the_on_shift_figure_changes_no_number(name: str, monkeypatch) -> None:
    # rosters with overtime and absences (baseline), a 24x7 provider (msp_tier1_24x7)
    overrides = ["horizon_days=56", "warmup_days=7"]
    scenario, cal, draws, projects = _inputs(name, overrides)
    reused = run_model(scenario, cal, draws, list(projects), 11, 0)
    import itsim.model.build as build

    monkeypatch.setattr(build, "HourOfWeekMonitor", EveryHour)
    scenario, cal, draws, projects = _inputs(name, overrides)
    looked_up = run_model(scenario, cal, draws, list(projects), 11, 0)
    assert reused.team_hour_of_week == looked_up.team_hour_of_week
    assert sum(r.available_hours for r in reused.team_hour_of_week) > 0
