"""Overrides that cannot corrupt a comparison: shared ``--set`` only where the block exists,
``ARM:key=value`` for one arm, leaders keyed by role, and ``null`` removing an inherited block."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from itsim.config.load import load_scenario
from itsim.config.overrides import (
    Override,
    block_exists,
    load_arms,
    overrides_per_arm,
    parse_arm_override,
)
from itsim.errors import InputError
from itsim.experiment.plan import plan_from_experiment, sweep_scenarios
from tests.conftest import TINY

MSP = {"mode": "after_hours", "quality": {"knowledge_penalty": 0.15}}
CIO = {"monthly_fee_usd": 30000, "levers": {"self_service": {"magnitude": 0.15}}}


def _write(folder: Path, name: str, body: dict) -> str:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(body), encoding="utf-8")
    return str(path)


def test_parse_arm_override_splits_the_arm_from_the_key_not_the_value():
    assert parse_arm_override("msp.mode=overflow") == Override("msp.mode", "overflow")
    assert parse_arm_override("b:teams.desk.headcount=6") == Override(
        "teams.desk.headcount", 6, "b"
    )
    assert parse_arm_override("b:description=x:y") == Override("description", "x:y", "b")
    with pytest.raises(InputError, match="arm name"):
        parse_arm_override(":teams.desk.headcount=6")


def test_block_exists_follows_every_parent_of_the_key():
    resolved = {"msp": None, "teams": {"desk": {"headcount": 3}}, "horizon_days": 30}
    assert block_exists(resolved, "horizon_days")
    assert block_exists(resolved, "teams.desk.headcount")
    assert block_exists(resolved, "msp")  # the block itself may be set (or set to null)
    assert not block_exists(resolved, "msp.quality.knowledge_penalty")
    assert not block_exists(resolved, "teams.eng.headcount")


def test_a_shared_override_skips_arms_without_the_block_and_says_so():
    arms = {"base": {"msp": None}, "with_msp": {"msp": {"quality": {}}}}
    per_arm, notes = overrides_per_arm(arms, [Override("msp.quality.knowledge_penalty", 0.4)])
    assert per_arm == {"base": {}, "with_msp": {"msp.quality.knowledge_penalty": 0.4}}
    assert notes == [
        "--set msp.quality.knowledge_penalty applies to with_msp only: base has no msp block"
    ]


def test_a_shared_override_no_arm_can_take_is_one_clear_error():
    arms = {"base": {"msp": None}, "other": {"msp": None}}
    with pytest.raises(InputError) as caught:
        overrides_per_arm(arms, [Override("msp.mode", "overflow")])
    assert str(caught.value) == (
        "--set: msp.mode: no arm can take it: base has no msp block; other has no msp block"
    )


def test_an_arm_override_names_a_known_arm():
    arms = {"base": {}, "other": {}}
    per_arm, _ = overrides_per_arm(arms, [Override("msp.mode", "overflow", "other")])
    assert per_arm == {"base": {}, "other": {"msp.mode": "overflow"}}
    with pytest.raises(InputError, match="no arm named 'nope' \\(arms: base, other\\)"):
        overrides_per_arm(arms, [Override("msp.mode", "overflow", "nope")])


def test_load_arms_leaves_the_arm_without_an_msp_alone(tmp_path: Path):
    base = _write(tmp_path, "base", TINY | {"name": "base"})
    msp = _write(tmp_path, "msp", TINY | {"name": "msp", "msp": MSP})
    arms, notes = load_arms([base, msp], ["msp.quality.knowledge_penalty=0.4", "horizon_days=9"])
    assert arms[0].msp is None and arms[0].horizon_days == 9
    assert arms[1].msp is not None and arms[1].msp.quality.knowledge_penalty == 0.4
    assert arms[1].horizon_days == 9 and len(notes) == 1


def test_load_arms_can_change_one_copy_of_the_same_file(tmp_path: Path):
    base = _write(tmp_path, "base", TINY | {"name": "base"})
    arms, notes = load_arms([base, base], ["base-2:teams.desk.headcount=5"])
    assert [a.name for a in arms] == ["base", "base-2"] and not notes
    assert [a.teams["desk"].headcount for a in arms] == [3, 5]


def test_leaders_are_keyed_by_role_so_fees_and_levers_take_dotted_overrides(tmp_path: Path):
    path = _write(tmp_path, "cio", TINY | {"leadership": {"fractional_cio": CIO}})
    keys = ["leadership.fractional_cio.monthly_fee_usd=20000",
            "leadership.fractional_cio.levers.self_service.magnitude=0.3"]  # fmt: skip
    leader = load_scenario(path, keys).leadership["fractional_cio"]
    assert leader.monthly_fee_usd == 20000
    assert leader.levers.self_service is not None and leader.levers.self_service.magnitude == 0.3


def test_the_list_form_of_leadership_is_still_read_and_a_repeated_role_is_an_error(tmp_path):
    listed = _write(tmp_path, "l", TINY | {"leadership": [{"role": "fractional_cio", **CIO}]})
    assert load_scenario(listed).leadership["fractional_cio"].monthly_fee_usd == 30000
    twice = [{"role": "cio", **CIO}, {"role": "cio", **CIO}]
    with pytest.raises(InputError, match="leadership: role 'cio' appears twice"):
        load_scenario(_write(tmp_path, "t", TINY | {"leadership": twice}))


def test_a_child_file_removes_an_inherited_block_with_null(tmp_path: Path):
    _write(tmp_path, "parent", TINY | {"msp": MSP, "leadership": {"fractional_cio": CIO}})
    child = _write(tmp_path, "child", {"extends": "parent.yaml", "msp": None,
                                       "leadership": {"fractional_cio": None}})  # fmt: skip
    scenario = load_scenario(child)
    assert scenario.msp is None and scenario.leadership == {}
    assert load_scenario(tmp_path / "parent.yaml", ["msp=null"]).msp is None


def test_experiment_arms_get_a_command_line_override_only_where_the_block_exists(tmp_path):
    _write(tmp_path, "tiny", TINY | {"horizon_days": 21, "warmup_days": 7})
    experiment = {"base": "tiny.yaml", "arms": {"in_house": {}, "msp": {"msp": MSP}}}
    path = _write(tmp_path, "exp", experiment)
    plan = plan_from_experiment(path, [Override("msp.quality.knowledge_penalty", 0.4)])
    scenarios = sweep_scenarios(plan)
    in_house, msp = (scenarios[arm, plan.points[0].label] for arm in ("in_house", "msp"))
    assert in_house.msp is None and msp.msp is not None
    assert msp.msp.quality.knowledge_penalty == 0.4 and len(plan.notes) == 1
    with pytest.raises(InputError, match="no arm named"):
        plan_from_experiment(path, [Override("flow.handoff_hours", 1.0, "nope")])
