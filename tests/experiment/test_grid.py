"""Grid expansion: factorial, zip, Latin hypercube, labels, --grid parsing, experiment schema."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from itsim.config.experiment_schema import Experiment, Grid, LatinHypercube
from itsim.errors import InputError
from itsim.experiment.grid import expand_grid, format_value, parse_grid_option, short_names


def test_factorial_is_every_combination_with_readable_stable_labels() -> None:
    grid = Grid(
        factorial={"teams.desk.headcount": [3, 4], "flow.first_contact_resolution": [0.6, 0.7]}
    )
    points = expand_grid(grid)
    assert [p.label for p in points] == [
        "headcount=3,first_contact_resolution=0.6",
        "headcount=3,first_contact_resolution=0.7",
        "headcount=4,first_contact_resolution=0.6",
        "headcount=4,first_contact_resolution=0.7",
    ]
    assert points[2].overrides == {"teams.desk.headcount": 4, "flow.first_contact_resolution": 0.6}
    assert [p.label for p in expand_grid(grid)] == [p.label for p in points]


def test_zip_varies_keys_together_and_crosses_with_factorial() -> None:
    grid = Grid(
        factorial={"company.growth_per_year": [0.0, 0.1]},
        zip={"teams.desk.headcount": [4, 6], "teams.eng.headcount": [2, 3]},
    )
    points = expand_grid(grid)
    assert len(points) == 4
    pairs = {
        (p.overrides["teams.desk.headcount"], p.overrides["teams.eng.headcount"]) for p in points
    }
    assert pairs == {(4, 2), (6, 3)}
    assert points[0].label == "growth_per_year=0.0,desk.headcount=4,eng.headcount=2"


def test_latin_hypercube_is_stratified_reproducible_and_in_range() -> None:
    lhs = LatinHypercube(
        samples=8,
        seed=3,
        ranges={"company.growth_per_year": (0.0, 0.4), "teams.desk.headcount": (3, 10)},
        integers=["teams.desk.headcount"],
    )
    points = expand_grid(Grid(lhs=lhs))
    growth = np.array([p.overrides["company.growth_per_year"] for p in points])
    heads = [p.overrides["teams.desk.headcount"] for p in points]
    assert ((growth >= 0.0) & (growth <= 0.4)).all()
    # one sample in each of the 8 equal strata: the defining property of a Latin hypercube
    assert sorted(np.floor(growth / 0.05).astype(int).tolist()) == list(range(8))
    assert all(isinstance(h, int) and 3 <= h <= 10 for h in heads)
    assert len(set(heads)) == 8  # 8 integer levels, 8 strata
    again = expand_grid(Grid(lhs=lhs))
    assert [p.overrides for p in again] == [p.overrides for p in points]
    other = expand_grid(Grid(lhs=lhs.model_copy(update={"seed": 4})))
    assert [p.overrides for p in other] != [p.overrides for p in points]


def test_no_grid_is_one_base_point() -> None:
    (point,) = expand_grid(Grid())
    assert point.label == "base" and point.overrides == {}


def test_short_names_are_the_shortest_unambiguous_suffix() -> None:
    keys = ["teams.desk.headcount", "teams.eng.headcount", "flow.first_contact_resolution"]
    assert short_names(keys) == {
        "teams.desk.headcount": "desk.headcount",
        "teams.eng.headcount": "eng.headcount",
        "flow.first_contact_resolution": "first_contact_resolution",
    }


def test_format_value_keeps_floats_exact() -> None:
    assert format_value(0.1 + 0.2) == "0.30000000000000004"
    assert format_value(2.0) == "2.0"
    assert format_value(True) == "true"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("teams.desk.headcount=3,4,5", ("teams.desk.headcount", [3, 4, 5])),
        ("teams.desk.headcount=2..4", ("teams.desk.headcount", [2, 3, 4])),
        ("flow.dispatch=priority,edf", ("flow.dispatch", ["priority", "edf"])),
        ("flow.first_contact_resolution=0.6, 0.7", ("flow.first_contact_resolution", [0.6, 0.7])),
    ],
)
def test_parse_grid_option(text: str, expected: tuple) -> None:
    assert parse_grid_option(text) == expected


@pytest.mark.parametrize("text", ["headcount", "=1,2", "a.b=", "a.b=5..2", "a.b=x..3"])
def test_parse_grid_option_rejects_bad_input(text: str) -> None:
    with pytest.raises(InputError):
        parse_grid_option(text)


def test_repeated_point_is_an_input_error() -> None:
    with pytest.raises(InputError, match="appears twice"):
        expand_grid(Grid(factorial={"teams.desk.headcount": [3, 3]}))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"bogus": 1}, "Extra inputs"),
        ({"grid": {"zip": {"a.b": [1, 2], "c.d": [1]}}}, "same length"),
        ({"grid": {"factorial": {"a.b": [1]}, "zip": {"a.b": [2]}}}, "one part of the grid"),
        ({"grid": {"factorial": {"a.b": []}}}, "at least one value"),
        ({"arms": {"x": {"a.b": 1}}, "grid": {"factorial": {"a.b": [1, 2]}}}, "also sweeps"),
        ({"grid": {"lhs": {"samples": 4, "ranges": {"a.b": [1.0, 0.0]}}}}, "low < high"),
        ({"arms": {"bad name!": {}}}, "pattern"),
    ],
)
def test_experiment_schema_rejects_bad_files(raw: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Experiment.model_validate(raw)
