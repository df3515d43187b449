"""An animated day at the desk, drawn by vidigi from the event log.

The picture shows the desk only: tickets arrive, wait in the desk queue, sit with an analyst
(one place per person on the desk), and leave the picture when the desk has finished with them
(resolved there, or handed to tier 2). Time runs in minutes, one frame every quarter of an hour
from 07:00 to 19:00, and the clock shows the calendar date and time.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from itsim.api import Result

FRAME_MINUTES = 15
#: The hours of the day animated (the desk's day with an hour either side).
SHOWN_HOURS = (7, 19)
MINUTES_PER_HOUR = 60
HOURS_PER_DAY = 24
VIDIGI_MISSING = "the animation needs vidigi: pip install 'itsim[web]'"

#: Where each desk event is drawn (vidigi's event positions, in its pixel coordinates).
POSITIONS = pd.DataFrame([
    {"event": "arrival", "x": 50, "y": 320, "label": "arriving"},
    {"event": "desk_wait", "x": 420, "y": 230, "label": "waiting for the desk"},
    {"event": "desk_begin", "x": 420, "y": 110, "label": "with an analyst", "resource": "desk"},
    {"event": "depart", "x": 700, "y": 30, "label": "done at the desk"},
])  # fmt: skip


def desk_log(result: Result, rep: int = 0) -> pd.DataFrame:
    """The desk's events of one replication, times in minutes; a ticket departs the picture at
    the end of its last desk slice."""
    log = result.event_log
    desk = result.scenario.flow.desk
    one = log[log["rep"] == rep]
    steps = one[one["event"].isin([f"{desk}_wait", f"{desk}_begin", f"{desk}_end"])]
    ends = steps[steps["event"] == f"{desk}_end"]
    last_end = ends.loc[ends.groupby("entity_id")["time"].idxmax()]
    departs = last_end.assign(event_type="arrival_departure", event="depart", resource_id=0)
    arrivals = one[one["event"] == "arrival"]
    # a slice's end is drawn by the row at the same instant that follows it (back in the queue,
    # or done), so the end rows themselves need no place in the picture
    steps = steps[steps["event"] != f"{desk}_end"]
    frame = pd.concat([arrivals, steps, departs], ignore_index=True)
    frame["event"] = frame["event"].str.replace(f"{desk}_", "desk_", regex=False)
    frame["time"] = frame["time"] * MINUTES_PER_HOUR
    return frame.sort_values(["time", "entity_id"], kind="stable").reset_index(drop=True)


def animate_desk_day(result: Result, day: int, rep: int = 0) -> Any:
    """A plotly figure animating ``day`` (0 = the first day of the run) at the desk.

    Raises
    ------
    ImportError
        vidigi is not installed.
    """
    try:
        from vidigi.animation import animate_activity_log
    except ImportError as exc:
        raise ImportError(VIDIGI_MISSING) from exc
    desk_size = result.scenario.teams[result.scenario.flow.desk].headcount
    first, last = ((day * HOURS_PER_DAY + h) * MINUTES_PER_HOUR for h in SHOWN_HOURS)
    return animate_activity_log(
        desk_log(result, rep), POSITIONS, scenario={"desk": desk_size},
        simulation_time_unit="minutes", every_x_time_units=FRAME_MINUTES,
        warm_up=first, limit_duration=last,
        step_snapshot_max=40, plotly_height=520, custom_entity_icon_list=["●"],
        entity_colour_by="priority", time_display_units="dhm",
        start_date=result.scenario.calendar.start_date.isoformat(), start_time="00:00:00",
    )  # fmt: skip
