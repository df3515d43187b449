"""``itsim compare`` shows people KPIs and plots burnout when the people model reports them,
and falls back to desk utilisation when it does not."""

from __future__ import annotations

import numpy as np
import pandas as pd

from itsim.analysis.plots.compare import (
    FALLBACK_KPI,
    comparison_figure,
    comparison_plot,
    strain_kpis,
)
from itsim.experiment.compare import shown_kpis


def _runs(people: bool) -> pd.DataFrame:
    runs = pd.DataFrame({"scenario": ["a", "a", "b", "b"], "rep": [0, 1, 0, 1],
                         "sla_resolve_all": 0.9, "annual_cost_usd": 1e6,
                         "utilisation_desk": [0.9, 0.92, 0.7, 0.71]})  # fmt: skip
    if people:
        runs["share_burned_out_desk"] = [0.4, 0.5, 0.0, 0.01]
        runs["share_burned_out"] = [0.2, 0.25, 0.0, 0.01]
        runs["departures"] = [5.0, 6.0, 3.0, 2.0]
        runs["mean_energy"] = [0.6, 0.5, 0.8, 0.8]
    return runs


def _summary(runs: pd.DataFrame) -> pd.DataFrame:
    kpis = [c for c in runs.columns if c not in ("scenario", "rep")]
    long = runs.melt(id_vars=["scenario"], value_vars=kpis, var_name="kpi")
    summary = long.groupby(["scenario", "kpi"], as_index=False)["value"].mean()
    return summary.rename(columns={"value": "mean"}).assign(half_width=0.01)


def test_people_kpis_are_shown_when_measured_and_not_otherwise():
    shown = shown_kpis(_runs(people=True))
    for kpi in ("mean_energy", "share_burned_out", "share_burned_out_desk", "departures"):
        assert kpi in shown
    assert shown.index("share_burned_out") < shown.index("departures")
    assert not {"mean_energy", "share_burned_out"} & set(shown_kpis(_runs(people=False)))


def test_the_strain_panel_plots_burnout_when_measured_else_utilisation(tmp_path):
    with_people = _summary(_runs(people=True))
    assert [k for k, _ in strain_kpis(with_people)] == ["share_burned_out_desk", "share_burned_out"]
    assert [k for k, _ in strain_kpis(_summary(_runs(people=False)))] == [FALLBACK_KPI]
    # an arm without people (NaN burnout) next to one with it still plots burnout
    mixed = with_people.copy()
    mixed.loc[(mixed["scenario"] == "a") & mixed["kpi"].str.startswith("share_"), "mean"] = np.nan
    assert strain_kpis(mixed)[0][0] == "share_burned_out_desk"
    path = comparison_figure(with_people, ["a", "b"], tmp_path / "compare.png")
    assert path.stat().st_size > 0


def test_whiskers_are_the_summarys_interval_not_a_symmetric_half_width():
    # a share with a wide interval: mean 5%, half-width 14 pt, Wilson bounds [0.8, 33.6]%
    summary = pd.DataFrame({
        "scenario": ["a", "a", "a"],
        "kpi": ["sla_resolve_all", "annual_cost_usd", "share_burned_out_desk"],
        "mean": [0.97, 1e6, 0.05], "half_width": [0.07, 2e4, 0.14],
        "lower": [0.816, 0.98e6, 0.008], "upper": [0.995, 1.02e6, 0.336],
    })  # fmt: skip
    fig = comparison_plot(summary, ["a"])
    sla_axis, _p1_axis, strain_axis = fig.axes
    _x_bars, y_bars = sla_axis.containers[0].lines[2]  # an errorbar's (x, y) whiskers
    assert np.allclose(sorted(y_bars.get_segments()[0][:, 1]), [81.6, 99.5])  # inside 100%
    (bar_whiskers,) = strain_axis.containers[-1].errorbar.lines[2]
    assert np.allclose(sorted(bar_whiskers.get_segments()[0][:, 1]), [0.8, 33.6])  # not 5 ± 14
