"""A tiny department with a supply block, for the supply tests."""

from __future__ import annotations

import copy
from typing import Any

import pandas as pd

from itsim.config.schema import Scenario
from tests.conftest import TINY, make_scenario

SUPPLY: dict[str, Any] = {
    "supplier": "vendor",
    "suppliers": {
        "vendor": {"lead_time_days": {"dist": "lognormal", "mean": 10, "cv": 0.5}},
        "depot": {"lead_time_days": {"dist": "lognormal", "mean": 1.5, "cv": 0.5},
                  "price_factor": 1.05, "monthly_fee_usd": 300},
    },
    "items": {
        "laptop": {"unit_cost_usd": 1000, "initial_stock": 40, "spares_reserve": 1,
                   "policy": {"reorder_point": 30, "order_up_to": 60, "review_days": 7}},
        "mouse": {"unit_cost_usd": 20, "initial_stock": 20,
                  "policy": {"reorder_point": 15, "order_quantity": 25, "review_days": 0}},
    },
    "catalog": {"laptop": {"kit": {"mouse": 1}, "one_of": {"laptop": 1.0}},
                "onboard": {"kit": {"laptop": 1, "mouse": 2}}},
    "break_fix": {"categories": ["hw"], "spare_probability": 0.5,
                  "spares": {"mouse": 0.5, "laptop": 0.5}},
    "joiners": {"turnover_per_year": 0.3, "onboarding_item": "onboard",
                "offboarding_item": "leaver", "redeploy_share": 0.5,
                "returned_devices": {"laptop": 1.0}},
    "fleet": {"devices": {"laptop": 1.0}, "refresh_years": 3, "initial_age_max_years": 3,
              "refresh_item": "refresh",
              "incident_categories": ["hw"]},
    "licences": {"office": {"seat_month_usd": 30, "seats": 300, "true_up_months": 1}},
}  # fmt: skip

_EXTRA_CATALOG = {
    "onboard": {"share": 0.0, "fulfil_team": "eng", "fulfil_hours": {"mean": 2.0, "cv": 0.5}},
    "leaver": {"share": 0.0, "fulfil_team": "eng", "fulfil_hours": {"mean": 1.0, "cv": 0.5}},
    "refresh": {"share": 0.0, "fulfil_team": "eng", "fulfil_hours": {"mean": 1.5, "cv": 0.5}},
}


def supply_scenario(overrides: dict[str, Any] | None = None) -> Scenario:
    """The tiny department with the supply block on, then dotted-key ``overrides``."""
    raw = copy.deepcopy(TINY)
    raw["demand"]["requests"]["catalog"].update(copy.deepcopy(_EXTRA_CATALOG))
    raw["supply"] = copy.deepcopy(SUPPLY)
    return make_scenario(overrides, base=raw)


def assert_stock_conserved(inventory: pd.DataFrame, opening: dict[str, int]) -> None:
    """Day by day and item by item: received + returned − consumed = change in stock."""
    for (_rep, item), days in inventory.groupby(["rep", "item"]):
        days = days.sort_values("day")
        before = pd.concat([pd.Series([opening[item]]), days["on_hand"].iloc[:-1]])
        change = days["on_hand"].to_numpy() - before.to_numpy()
        flow = (days["received"] + days["returned"] - days["consumed"]).to_numpy()
        assert (change == flow).all(), item
        assert (days["on_hand"] >= 0).all() and (days["on_order"] >= 0).all()
        assert (days["ordered"].cumsum() - days["received"].cumsum() == days["on_order"]).all()
