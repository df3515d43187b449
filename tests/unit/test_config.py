"""Scenario loading: extends, --set, bundled names, and one clear error per bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from itsim.config.load import apply_overrides, load_scenario, scenario_to_yaml
from itsim.config.yaml_io import StrictLoader, strict_loader_on
from itsim.errors import InputError
from tests.conftest import SCENARIOS, make_scenario


def test_bundled_baseline_loads_by_name_and_by_path():
    by_name = load_scenario("baseline")
    by_path = load_scenario(SCENARIOS / "baseline.yaml")
    assert by_name == by_path
    assert by_name.teams["desk"].headcount == 5
    assert by_name.people.active  # the default department has its workforce modelled


def test_no_file_means_baseline():
    assert load_scenario(None).name == "baseline"


def test_extends_deep_merges_relative_parent(tmp_path: Path):
    (tmp_path / "parent.yaml").write_text((SCENARIOS / "baseline.yaml").read_text())
    child = tmp_path / "child.yaml"
    child.write_text("extends: parent.yaml\nname: child\nteams:\n  desk:\n    headcount: 11\n")
    scenario = load_scenario(child)
    assert scenario.name == "child"
    assert scenario.teams["desk"].headcount == 11
    # keys not overridden come from the parent, including nested ones
    assert scenario.teams["desk"].role == "desk_analyst"
    assert "incident" in scenario.teams["desk"].handle_hours


def test_extends_bundled_name(tmp_path: Path):
    child = tmp_path / "c.yaml"
    child.write_text("extends: baseline.yaml\nname: c\n")
    assert load_scenario(child).teams == load_scenario("baseline").teams


def test_set_overrides_are_typed_through_the_schema():
    scenario = load_scenario("baseline", ["teams.desk.headcount=5", "flow.dispatch=edf"])
    assert scenario.teams["desk"].headcount == 5
    assert scenario.flow.dispatch == "edf"


def test_apply_overrides_leaves_the_original_untouched(tiny):
    changed = apply_overrides(tiny, {"teams.desk.headcount": 9})
    assert changed.teams["desk"].headcount == 9
    assert tiny.teams["desk"].headcount == 3


def test_resolved_yaml_round_trips(tiny, tmp_path: Path):
    path = tmp_path / "resolved.yaml"
    path.write_text(scenario_to_yaml(tiny))
    assert load_scenario(path) == tiny


@pytest.mark.parametrize(
    ("overrides", "key", "fragment"),
    [
        ({"teams.desk.headcount": -2}, "teams.desk.headcount", "must be >= 0, got -2"),
        ({"teams.desk.headcont": 2}, "teams.desk.headcont", "did you mean 'headcount'"),
        ({"demand.incidents.priority_mix": {"P1": 0.5, "P2": 0.4}},
         "demand.incidents.priority_mix", "sum to 1, got 0.9"),
        ({"flow.routing.hw": "netops"}, "flow.routing.hw", "team 'netops' does not exist"),
        ({"teams.desk.shift": "nights"}, "teams.desk.shift", "'business' or '24x7'"),
        ({"warmup_days": 100}, "warmup_days", "less than horizon_days"),
        ({"teams.eng.role": "wizard"}, "teams.eng.role", "role 'wizard' does not exist"),
        ({"calendar.start_date": "2027-01-05"}, "calendar.start_date", "must be a Monday"),
    ],
)  # fmt: skip
def test_bad_values_name_the_key(overrides, key, fragment):
    with pytest.raises(InputError) as err:
        make_scenario(overrides)
    assert err.value.key == key
    assert fragment in err.value.message
    assert "\n" not in str(err.value)


def test_not_yaml_and_missing_file(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("teams: [unclosed\n")
    with pytest.raises(InputError, match="not valid YAML"):
        load_scenario(bad)
    with pytest.raises(InputError, match="file not found"):
        load_scenario(tmp_path / "nope.yaml")


def test_extends_cycle_is_reported(tmp_path: Path):
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n")
    with pytest.raises(InputError, match="cycle"):
        load_scenario(tmp_path / "a.yaml")


@pytest.mark.parametrize("path", sorted(SCENARIOS.rglob("*.yaml")), ids=lambda p: p.stem)
def test_every_bundled_scenario_reads_and_writes_as_with_pyyamls_own_code(path: Path):
    """libyaml, where PyYAML has it, reads and writes scenarios exactly as PyYAML's Python
    parser and emitter do (the scenario.yaml of every output folder is this text)."""
    import yaml

    scenario = load_scenario(path)
    data = scenario.model_dump(mode="json")
    assert scenario_to_yaml(scenario) == yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    text = path.read_text()
    python_parser = strict_loader_on(yaml.SafeLoader)
    assert yaml.load(text, Loader=StrictLoader) == yaml.load(text, Loader=python_parser)
