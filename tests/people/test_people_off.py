"""With every people feature off the core model runs exactly as before (same seed, same
tables), so the validation checks still stand; and the people block is validated."""

from __future__ import annotations

import pandas as pd
import pytest

from itsim.config.load import apply_overrides, load_scenario
from itsim.config.people_schema import People
from itsim.errors import InputError
from itsim.experiment.runner import run_one
from tests.conftest import SCENARIOS, make_scenario

CORE_TABLES = ("tickets", "projects", "team_daily", "costs")
EXPLICITLY_OFF = {
    "shifts": {}, "on_call": {},
    "time_off": {"pto_days_per_year": 0, "training_days_per_year": 0,
                 "unplanned_absence_per_day": 0, "shrinkage": 0},
    "overtime": {"enabled": False}, "energy": {"effects": False},
    "roles": {}, "hiring": {"policy": "none", "planned": []}, "record_staff_daily": False,
}  # fmt: skip


def _core(name: str, days: int):
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    return apply_overrides(scenario.model_copy(update={"people": People()}), {"horizon_days": days})


def _assert_same_core_tables(a, b) -> None:
    for name in CORE_TABLES:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name])
    assert a.tables["staff_daily"].empty and b.tables["staff_daily"].empty
    runs_a, runs_b = a.tables["runs"], b.tables["runs"]
    pd.testing.assert_frame_equal(runs_a, runs_b[runs_a.columns])


@pytest.mark.parametrize("name", ["validation/people_off", "validation/mmc"])
def test_block_explicitly_off_equals_the_default(name):
    default = _core(name, 60)
    explicit = apply_overrides(default, {"people": EXPLICITLY_OFF})
    assert not explicit.people.active
    _assert_same_core_tables(run_one(default, 3, 1), run_one(explicit, 3, 1))


def test_tracking_people_without_effects_changes_no_ticket():
    """The workforce machinery itself (rosters, daily process, per-person streams) is neutral:
    switched on with every feature off, the core tables are identical to the core model's."""
    core = _core("validation/people_off", 90)
    tracked = apply_overrides(core, {"people.record_staff_daily": True})
    a, b = run_one(core, 4, 0), run_one(tracked, 4, 0)
    for name in CORE_TABLES:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name])
    staff = b.tables["staff_daily"]
    assert len(staff) > 0 and (staff["productivity"] == 1.0).all()


def test_the_bundled_validation_queue_stays_a_pure_mmc():
    assert not load_scenario("validation/mmc").people.active


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"people.shifts": {"helpdesk": {"pattern": "staggered"}}}, "people.shifts.helpdesk"),
        ({"people.roles": {"wizard": {"annual_turnover": 0.1}}}, "people.roles.wizard"),
        ({"people.hiring": {"planned": [{"team": "nope", "day": 3}]}},
         "people.hiring.planned.0.team"),
        ({"teams.desk.shift": "24x7", "people.energy": {"effects": True}},
         "people.shifts.desk.pattern"),
        ({"people.overtime": {"max_hours_per_day": 12, "max_hours_per_week": 10}}, "people"),
        ({"people.shifts": {"desk": {"pattern": "staggered", "windows": [["18:00", "08:00"]]}}},
         "people.shifts.desk.windows"),
    ],
)  # fmt: skip
def test_bad_people_blocks_name_the_key(overrides, key):
    with pytest.raises(InputError) as caught:
        make_scenario(overrides)
    assert caught.value.key == key


def test_people_scenarios_validate():
    for name in ("baseline", "understaffed", "hire_two_analysts", "validation/burnout"):
        assert load_scenario(name).people.active
