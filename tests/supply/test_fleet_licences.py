"""Fleet ageing raises hardware incidents; licence seats follow headcount, with true-up and
shelfware; the supply block is validated; ``itsim run`` prints the supply KPIs."""

from __future__ import annotations

import numpy as np
import pytest
import simpy

from itsim.cli import main
from itsim.config.supply_schema import Fleet, Licence
from itsim.errors import InputError
from itsim.experiment.runner import run_one
from itsim.model.core.calendar import Calendar
from itsim.model.core.ledger import CostLedger
from itsim.model.core.streams import RandomStreams
from itsim.model.supply.fleet import plan_fleet
from itsim.model.supply.licences import LicencePool
from tests.supply.helpers import supply_scenario


def test_steady_fleet_keeps_its_age_and_an_unrefreshed_fleet_ages_and_breaks_more():
    steady = Fleet(devices={"laptop": 1.0}, refresh_years=4, initial_age_max_years=4)
    ageing = Fleet(devices={"laptop": 1.0}, refresh_years=None, initial_age_max_years=4)
    a = plan_fleet(steady, 2000, 730, RandomStreams(1, 0))
    b = plan_fleet(ageing, 2000, 730, RandomStreams(1, 0))
    assert abs(a.mean_age_years.mean() - 2.0) < 0.1  # uniform ages refreshed on time stay ~R/2
    assert b.mean_age_years[-1] - b.mean_age_years[0] == pytest.approx(729 / 365, abs=1e-9)
    assert b.refresh_due["laptop"].size == 0
    assert a.refresh_due["laptop"].size == pytest.approx(2000 * 2 / 4, rel=0.05)
    expected = (1 + 0.15 * b.mean_age_years) / (1 + 0.15 * 2.0)
    np.testing.assert_allclose(b.incident_factor, expected)


def test_older_fleet_raises_the_hardware_incident_count_on_the_same_seed():
    young = supply_scenario({"supply.fleet.refresh_years": None,
                             "supply.fleet.initial_age_max_years": 0.5})  # fmt: skip
    old = supply_scenario({"supply.fleet.refresh_years": None,
                           "supply.fleet.initial_age_max_years": 12})  # fmt: skip
    counts = []
    for scenario in (young, old):
        tickets = run_one(scenario, 2, 0).tables["tickets"]
        counts.append(((tickets["kind"] == "incident") & (tickets["category"] == "hw")).sum())
        others = tickets[tickets["category"] == "sw"]["created_hours"].to_numpy()
        counts.append(others)
    assert counts[2] > counts[0] * 1.3  # mean age 6 vs 0.25 years: factor 1.46 vs 0.80
    np.testing.assert_array_equal(counts[1], counts[3])  # other incidents untouched


def _pool(employees: int, seats: int, **spec) -> tuple[simpy.Environment, LicencePool, CostLedger]:
    env, ledger = simpy.Environment(), CostLedger()
    cal = Calendar(supply_scenario().calendar, 120)
    product = Licence(seat_month_usd=30.0, seats=seats, **spec)
    return env, LicencePool(env, {"m365": product}, employees, cal, ledger), ledger


def test_over_deployed_seats_are_trued_up_and_unused_seats_are_shelfware():
    env, pool, ledger = _pool(10, 12, true_up_months=1)
    seat_day = 30.0 * 12 / 365
    env.process(pool.run(60))
    hires = np.array([5.5, 5.5, 6.5, 6.5, 6.5]) * 24
    env.process(pool.changes(hires, +1))
    env.run(until=60 * 24)
    rows = {r[1]: r[3:] for r in pool.rows}
    assert rows[0] == (12, 10)  # 2 seats of shelfware
    assert rows[5] == (12, 12)
    assert rows[6] == (12, 15)  # 3 over the contract
    by_cat: dict[str, list] = {}
    for day, category, _item, usd in ledger.rows():
        by_cat.setdefault(category, []).append((day, usd))
    # the start is Monday 4 January: 31 January is day 27; over by 3 on days 6..27 (22 days)
    assert by_cat["licence_true_up"][0] == (27, pytest.approx(3 * 22 * seat_day))
    assert rows[28] == (15, 15)  # the contract was reset to the seats in use at the true-up
    daily = dict(by_cat["licences"])
    assert daily[0] == pytest.approx(12 * seat_day) and daily[28] == pytest.approx(15 * seat_day)


def test_joiners_take_seats_and_resolved_offboarding_gives_them_back():
    result = run_one(supply_scenario({"horizon_days": 42}), 3, 0)
    licences, tickets = result.tables["licence_daily"], result.tables["tickets"]
    day_end = (licences["day"].to_numpy() + 1) * 24.0
    hired = np.searchsorted(
        np.sort(tickets.loc[tickets["category"] == "onboard", "created_hours"]),
        day_end,
        side="right",
    )
    left = np.searchsorted(
        np.sort(tickets.loc[tickets["category"] == "leaver", "resolved_hours"].dropna()),
        day_end,
        side="right",
    )
    assert hired[-1] > 0 and left[-1] > 0
    np.testing.assert_array_equal(licences["headcount"].to_numpy(), 300 + hired - left)
    units = result.tables["stock_units"]
    kits = units[units["category"] == "onboard"].groupby("ticket_id")["item"].agg(sorted)
    assert all(kit == ["laptop", "mouse", "mouse"] for kit in kits)
    assert result.kpis["licence_spend_usd"] == pytest.approx(
        result.kpis["cost_licences_usd"] + result.kpis.get("cost_licence_true_up_usd", 0.0)
    )


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"supply.catalog.laptop.kit": {"keyboard": 1}}, "supply.catalog.laptop.kit.keyboard"),
        ({"supply.catalog.access": {"kit": {"mouse": 1}}}, "supply.catalog.access"),
        ({"supply.supplier": "nobody"}, "supply.supplier"),
        ({"supply.break_fix.categories": ["printer"]}, "supply.break_fix.categories"),
        ({"supply.items.mouse.policy.order_up_to": 5}, "supply.items.mouse.policy"),
        ({"supply.fleet.refresh_item": "nothing"}, "supply.fleet.refresh_item"),
    ],
)
def test_bad_supply_blocks_name_the_key(overrides, key):
    with pytest.raises(InputError) as err:
        supply_scenario(overrides)
    assert key in str(err.value)


def test_itsim_run_prints_the_supply_kpis(runner, tmp_path):
    result = runner.invoke(main, ["run", "supply_3pl", "--days", "40", "--warmup-days", "7",
                                  "-n", "1", "-j", "1", "-q", "-o", str(tmp_path)])  # fmt: skip
    assert result.exit_code == 0, result.output
    for text in ("stock fill rate", "stockout item-days", "delay for stock", "licence spend",
                 "cost devices", "cost inventory_carrying"):  # fmt: skip
        assert text in result.output
    assert (tmp_path / "inventory_daily.parquet").is_file()
