"""Speed classes: delay classes by a ticket's total delay, with its pauses folded in."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from itsim.analysis.calibrate.holding import class_blocks
from itsim.analysis.calibrate.speed import (
    MIN_CLASS_TICKETS,
    MIN_PERIOD_CELL,
    arrival_period,
    class_effort,
    fit_speed_classes,
    fold_pauses,
    speed_labels,
    total_delay_hours,
)
from itsim.analysis.calibrate.worktime import WorkWeek
from itsim.config.schema import Flow

STAGE_COLUMNS = [
    f"{stage}_{name}"
    for stage in ("desk", "tier2")
    for name in ("queued_work_hours", "queued_off_hours", "held_office_hours", "held_off_hours")
]


def _tickets(n_quick: int, n_slow: int, seed: int = 0) -> pd.DataFrame:
    """First-line tickets (none escalated): ``n_quick`` with no delay and a pause of a few
    minutes for one in four; ``n_slow`` held 2-40 office hours that pause for a day."""
    rng = np.random.default_rng(seed)
    n = n_quick + n_slow
    opened = pd.Timestamp("2016-03-07 09:00") + pd.to_timedelta(np.arange(n) * 7, unit="min")
    frame = pd.DataFrame({c: 0.0 for c in STAGE_COLUMNS}, index=range(n))
    frame["opened_at"] = opened
    frame["escalated_at"] = pd.NaT
    frame["escalated"] = False
    frame["priority"] = "P3"
    slow = np.arange(n) >= n_quick
    frame.loc[slow, "desk_held_office_hours"] = rng.uniform(2.0, 40.0, n_slow)
    frame.loc[slow, "desk_queued_work_hours"] = rng.uniform(0.5, 4.0, n_slow)
    for stage in ("desk", "tier2"):
        for what in ("queued", "held"):
            frame[f"{stage}_{what}_starts_in_office"] = 1.0
    # hands-on: a minute or two for the quick tickets, half an hour or more for the slow ones
    frame["desk_touch_work_hours"] = np.where(
        slow, rng.uniform(0.3, 1.0, n), rng.uniform(1, 2, n) / 60
    )
    frame["tier2_touch_work_hours"] = 0.0
    pause = np.where(slow, 24.0, np.where(np.arange(n) % 4 == 0, 0.1, 0.0))
    for kind in ("user", "vendor", "other"):
        mine = pause if kind == "user" else np.zeros(n)
        frame[f"pause_{kind}_hours"] = mine
        frame[f"pause_{kind}_work_hours"] = np.minimum(mine, 10.0)
        frame[f"pause_{kind}_count"] = (mine > 0).astype(int)
    return frame


def test_fold_pauses_moves_pause_hours_into_the_resolving_stages_holding():
    done = _tickets(8, 4)
    done.loc[0, "escalated"] = True
    done.loc[0, "pause_user_hours"] = 5.0
    folded = fold_pauses(done)
    assert folded.loc[0, "tier2_held_off_hours"] == pytest.approx(5.0)  # escalated: tier 2
    assert folded.loc[0, "desk_held_off_hours"] == 0.0
    assert folded.loc[11, "desk_held_off_hours"] == pytest.approx(24.0)  # first line
    assert (folded[[f"pause_{k}_count" for k in ("user", "vendor", "other")]] == 0).all().all()
    assert total_delay_hours(folded).loc[11] == pytest.approx(
        total_delay_hours(done).loc[11] + 24.0
    )


def test_quick_tickets_get_their_own_class_and_the_rest_quantile_bins():
    done = fold_pauses(_tickets(2 * MIN_CLASS_TICKETS, 2 * MIN_CLASS_TICKETS))
    labels = speed_labels(done)
    score = total_delay_hours(done)
    quick = labels == "s1_0"
    assert quick.sum() == 2 * MIN_CLASS_TICKETS - MIN_CLASS_TICKETS // 2  # paused 0.1 h: delayed
    assert set(labels[~quick]) == {"s1_1", "s1_2"}
    assert score[labels == "s1_1"].max() <= score[labels == "s1_2"].min()  # bins by total delay
    assert (labels[~quick].value_counts() >= MIN_CLASS_TICKETS // 2).all()


def test_speed_classes_keep_quick_tickets_quick_in_every_part():
    done = fold_pauses(_tickets(400, 400))
    classes = fit_speed_classes(done, np.random.default_rng(0), WorkWeek())
    shares = [c["share"]["P3"] for c in classes.values() if "P3" in c["share"]]
    assert sum(shares) == pytest.approx(1.0, abs=1e-3)  # every first-line P3 ticket has a class
    quick = classes["s1_0"]["holding"]["desk"]["P3"]
    assert quick["probability"] == 0.0 and quick["off_hours_probability"] == 0.0
    assert classes["s1_0"]["pickup"]["desk"]["P3"]["probability"] == 0.0
    slowest = classes[max(classes)]["holding"]["desk"]["P3"]
    assert slowest["probability"] == 1.0  # held in office hours, and waited a day
    assert slowest["off_hours_probability"] > 0.9
    assert slowest["off_hours"].mean_hours == pytest.approx(24.0, rel=0.05)
    flow = Flow.model_validate({"delay_classes": class_blocks(classes)})  # the schema takes it
    assert set(flow.delay_classes) == set(classes)


def test_class_shares_follow_the_hour_a_ticket_was_opened():
    # quick tickets opened in the morning, slow ones in the afternoon; a few after hours
    done = fold_pauses(_tickets(400, 400))
    day = pd.bdate_range("2016-03-07", periods=20)[np.arange(800) // 40]  # weekdays only
    hour = np.where(np.arange(800) < 400, 9.0, 15.0)
    hour[::100] = 20.0  # 8 after hours: fewer than a share is fitted from
    done["opened_at"] = day + pd.to_timedelta(hour, unit="h")
    week = WorkWeek()
    classes = fit_speed_classes(done, np.random.default_rng(0), week, by_arrival=True)
    quick = classes["s1_0"]
    labels = speed_labels(done)
    morning = labels[hour == 9.0]
    assert quick["share"]["P3"] == pytest.approx((labels == "s1_0").mean(), abs=1e-3)
    assert quick["by_arrival"]["morning"]["share"]["P3"] == pytest.approx(
        (morning == "s1_0").mean(), abs=1e-3
    )
    assert quick["by_arrival"]["morning"]["share"]["P3"] > 0.7  # no-delay tickets: mornings
    assert quick["by_arrival"]["afternoon"]["share"]["P3"] == 0.0
    assert "after_hours" not in quick["by_arrival"]  # 8 < MIN_PERIOD_CELL: the day's share
    assert (arrival_period(done["opened_at"], week) == "after_hours").sum() < MIN_PERIOD_CELL
    flow = Flow.model_validate({"delay_classes": class_blocks(classes)})
    timed = flow.delay_classes["s1_0"].by_arrival["morning"]
    assert timed.share["P3"] == quick["by_arrival"]["morning"]["share"]["P3"]


def test_speed_classes_carry_the_effort_of_their_own_tickets():
    done = fold_pauses(_tickets(400, 400))
    classes = fit_speed_classes(done, np.random.default_rng(0), WorkWeek())
    quick, slowest = classes["s1_0"]["handle"], classes[max(classes)]["handle"]
    assert set(quick) == {"incident", "incident.P3"}  # no escalated tickets: no tier-2 effort
    assert quick["incident.P3"].mean_hours == pytest.approx(1.5 / 60, rel=0.1)
    assert slowest["incident.P3"].mean_hours == pytest.approx(0.65, rel=0.1)
    flow = Flow.model_validate({"delay_classes": class_blocks(classes)})
    quick_block = flow.delay_classes["s1_0"].handle_hours["incident.P3"]
    assert quick_block.mean == pytest.approx(quick["incident.P3"].mean_hours, abs=1e-4)


def test_a_thin_priority_takes_its_classs_pooled_effort():
    done = _tickets(400, 0)
    done.loc[:9, "priority"] = "P2"  # 10 P2 tickets: too few for their own fit
    handle = class_effort(done, np.random.default_rng(0))
    assert "incident.P2" not in handle and "incident.P3" in handle
    assert handle["incident"].n == 400


def test_default_calibration_folds_pauses_into_speed_classes(tmp_path):
    from itsim.analysis.calibrate.emit import EmitOptions
    from itsim.analysis.calibrate.pipeline import calibrate_log
    from itsim.config.load import load_scenario

    from .conftest import UCI_EXTRACT

    result = calibrate_log(UCI_EXTRACT, "servicenow", options=EmitOptions(), seed=1)
    out = tmp_path / "calibrated.yaml"
    out.write_text(result.scenario_text, encoding="utf-8")
    scenario = load_scenario(out)
    assert result.calibration.pauses_folded
    assert not scenario.flow.pauses  # the log's pauses are in the delay classes
    assert scenario.flow.delay_classes and all(
        k.startswith("s") for k in scenario.flow.delay_classes
    )
    # each class brings its own effort: the first line's for all, tier 2's for escalated ones
    assert all("incident" in c.handle_hours for c in scenario.flow.delay_classes.values())
    assert any("escalation" in c.handle_hours for c in scenario.flow.delay_classes.values())
    apart = calibrate_log(UCI_EXTRACT, "servicenow", options=EmitOptions(pauses="apart"), seed=1)
    assert not apart.calibration.pauses_folded
    assert not any(c.by_arrival for c in scenario.flow.delay_classes.values())  # whole day


def test_class_shares_by_arrival_reach_the_scenario(tmp_path, monkeypatch):
    from itsim.analysis.calibrate import speed
    from itsim.analysis.calibrate.emit import EmitOptions
    from itsim.analysis.calibrate.pipeline import calibrate_log
    from itsim.config.load import load_scenario

    from .conftest import UCI_EXTRACT

    monkeypatch.setattr(speed, "MIN_PERIOD_CELL", 5)  # the extract is small
    options = EmitOptions(class_shares="by-arrival")
    result = calibrate_log(UCI_EXTRACT, "servicenow", options=options, seed=1)
    out = tmp_path / "calibrated.yaml"
    out.write_text(result.scenario_text, encoding="utf-8")
    classes = load_scenario(out).flow.delay_classes.values()
    timed = [c.by_arrival for c in classes if c.by_arrival]
    assert timed and all(set(t) <= {"morning", "afternoon", "after_hours"} for t in timed)


def test_delay_class_kind_is_chosen_and_checked(uci_tickets):
    from itsim.analysis.calibrate.fit import fit_all

    speed = fit_all(uci_tickets, seed=1)
    assert speed.delay_classes and all(k.startswith("s") for k in speed.delay_classes)
    assert speed.pauses_folded
    plain = fit_all(uci_tickets, seed=1, delay_classes="none", pauses_with_delays=False)
    assert plain.delay_classes == {} and not plain.pauses_folded
    # without the pauses folded in, fewer tickets count as delayed at the first line
    assert (plain.holding["desk"]["P3"]["off_hours_probability"]
            <= speed.holding["desk"]["P3"]["off_hours_probability"])  # fmt: skip
    with pytest.raises(ValueError, match="delay_classes"):
        fit_all(uci_tickets, seed=1, delay_classes="by-magic")
