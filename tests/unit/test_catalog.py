"""The KPI catalogue covers every KPI the runs produce and drives what each view shows."""

from __future__ import annotations

import pandas as pd
import pytest

from itsim.experiment.compare import shown_kpis
from itsim.results import catalog
from tests.regression.cases import CASES, case_file

KEYS = {"scenario", "point", "rep", "seed"}


def golden_kpis() -> list[str]:
    """Every KPI column of the golden runs tables."""
    found: dict[str, None] = {}
    for case in CASES:
        found |= dict.fromkeys(pd.read_parquet(case_file(case, "runs")).columns)
    return [k for k in found if k not in KEYS]


def test_every_kpi_the_runs_produce_is_catalogued():
    missing = [k for k in golden_kpis() if catalog.lookup(k) is None]
    assert not missing, f"add catalogue entries (results/catalog.py) for: {missing}"


@pytest.mark.parametrize(
    ("kpi", "label", "unit", "better"),
    [
        ("utilisation_engineering", "utilisation engineering (paid)", "%", None),
        ("cost_msp_usd", "cost msp", "USD", "lower"),
        ("cost_per_ticket_usd", "dept cost per resolved ticket ($)", "USD", "lower"),
        ("sla_resolve_P3", "SLA resolve P3", "%", "higher"),
        ("sla_resolve_stocked", "SLA resolve, tickets needing stock", "%", "higher"),
        ("stock_delay_hours_mean", "delay for stock, mean (h)", "h", "lower"),
    ],
)
def test_exact_entries_win_over_families(kpi, label, unit, better):
    assert (catalog.label(kpi), catalog.unit(kpi), catalog.direction(kpi)) == (
        label, unit, better,
    )  # fmt: skip


def test_format_follows_the_unit_kind():
    assert catalog.fmt_value("fill_rate", 0.8125) == "81.2%"
    assert catalog.fmt_value("cost_devices_usd", 1234.6) == "1,235"
    assert catalog.fmt_half("wait_hours_mean", 0.5) == "± 0.50"


def test_views_keep_catalogue_order_and_hide_detail():
    columns = ["annual_cost_usd", "utilisation_eng", "sla_resolve_all", "tickets_arrived"]
    assert catalog.in_view(columns, "run") == [
        "sla_resolve_all", "utilisation_eng", "annual_cost_usd",
    ]  # fmt: skip


def test_compare_shows_supply_kpis_and_hides_zero_operating_ones():
    runs = pd.DataFrame({
        "fill_rate": [0.9, 0.8], "stock_delay_hours_mean": [3.0, 5.0],
        "sla_resolve_stocked": [0.7, 0.6], "msp_credits_usd": [0.0, 0.0],
        "cost_devices_usd": [10.0, 0.0], "cost_msp_usd": [0.0, 0.0],
    })  # fmt: skip
    shown = shown_kpis(runs)
    assert {"fill_rate", "stock_delay_hours_mean", "sla_resolve_stocked"} <= set(shown)
    assert "cost_devices_usd" in shown
    assert "msp_credits_usd" not in shown and "cost_msp_usd" not in shown
