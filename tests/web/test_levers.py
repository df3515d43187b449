"""Levers become overrides of exactly what changed; presets and cards read real results."""

from __future__ import annotations

import pytest

from itsim.api import paired_deltas, run
from itsim.api.inputs import resolve_scenario
from itsim.api.spawn_safe import warm_executor
from itsim.web.cards import build_cards, card_kpis
from itsim.web.engine import ResultCache, cached_run
from itsim.web.levers import (
    LEADER_OPTIONS,
    MSP_OPTIONS,
    base_levers,
    lever_overrides,
    with_change,
)
from itsim.web.presets import PRESETS, preset
from tests.conftest import make_scenario


@pytest.mark.parametrize("name", ["baseline", "validation/people_off", "understaffed",
                                  "msp_overflow", "fractional_cio"])  # fmt: skip
def test_unchanged_levers_change_nothing(name: str) -> None:
    scenario = resolve_scenario(name)
    assert lever_overrides(scenario, base_levers(scenario)) == {}


def test_every_lever_choice_gives_a_valid_scenario() -> None:
    base = resolve_scenario("baseline")
    start = base_levers(base)
    changes = [{"msp": m} for m in MSP_OPTIONS] + [{"leader": x} for x in LEADER_OPTIONS]
    changes += [{"desk_hours": "24x7"}, {"desk_roster": "rotation"}, {"on_call": False},
                {"growth_per_year": 0.2}, {"headcount": {"desk": 7}}]  # fmt: skip
    for change in changes:
        overrides = lever_overrides(base, with_change(start, change))
        scenario = resolve_scenario(base, overrides)
        assert base_levers(scenario) == with_change(start, change), change


def test_levers_read_back_the_operating_model() -> None:
    assert base_levers(resolve_scenario("msp_overflow")).msp == "overflow (waits over 2 h)"
    assert base_levers(resolve_scenario("fulltime_cio")).leader == "full-time CIO"
    assert base_levers(resolve_scenario("baseline")).msp == "none"


def test_presets_change_their_scenario() -> None:
    for item in PRESETS:
        base = resolve_scenario(item.scenario)
        assert lever_overrides(base, with_change(base_levers(base), item.change))
    with pytest.raises(KeyError, match="no lab preset"):
        preset("nope")


def test_cache_returns_the_same_result_without_running_again() -> None:
    cache, misses = ResultCache(size=1), []
    executor = warm_executor(1)
    first = cached_run(cache, make_scenario(), 7, 2, executor, on_miss=lambda: misses.append(1))
    again = cached_run(cache, make_scenario(), 7, 2, executor, on_miss=lambda: misses.append(1))
    assert again is first and misses == [1]
    cached_run(cache, make_scenario({"teams.desk.headcount": 4}), 7, 2, executor)
    assert len(cache) == 1  # the oldest result made room


def test_cards_show_the_paired_change_with_its_interval() -> None:
    base = run(make_scenario(), reps=4, jobs=1)
    more = run(make_scenario({"teams.desk.headcount": 6}), reps=4, jobs=1)
    deltas = paired_deltas(base, more)
    cards = {c.kpi: c for c in build_cards(more, deltas, card_kpis(more))}
    wait = cards["wait_hours_mean"]
    assert wait.delta is not None and wait.delta.startswith("-")
    assert wait.delta_color == "inverse"  # lower is better: a fall shows green
    assert "95% CI ±" in wait.caption and "Δ ±" in wait.caption
    assert cards["utilisation_desk"].delta_color == "off"
    noise = [c for c in cards.values() if "(noise)" in c.caption]
    assert all(c.delta_color == "off" for c in noise)  # no colour for what may be chance
    base_cards = build_cards(base, None, card_kpis(base))
    assert all(c.delta is None for c in base_cards)


def test_paired_deltas_need_the_same_seeds() -> None:
    one = run(make_scenario(), reps=2, jobs=1)
    other = run(make_scenario(), reps=2, seed=99, jobs=1)
    with pytest.raises(ValueError, match="same seeds"):
        paired_deltas(one, other)
