"""The lab: guided experiments for teaching, each a preset with one paragraph of explanation."""

from __future__ import annotations

import streamlit as st

from itsim.api.inputs import resolve_scenario
from itsim.web import session, ui
from itsim.web.levers import base_levers, lever_overrides, with_change
from itsim.web.presets import PRESETS, preset


def lab_page(settings: session.Settings) -> None:
    """Pick an experiment, read what to look for, run it, read the cards."""
    st.title("itsim lab")
    st.write(
        "Three experiments on the operating model of an IT department. Each runs a base and "
        "one change on the same simulated tickets, so what differs is the change."
    )
    title = st.radio("Experiment", [p.title for p in PRESETS], key="lab")
    item = preset(title)
    st.info(item.explanation)
    base = session.load(item.scenario, settings.days)
    overrides = lever_overrides(base, with_change(base_levers(base), item.change))
    st.caption(f"base: **{base.name}** · change: {', '.join(sorted(overrides))}")
    clicked = st.button("Run this experiment", type="primary", key="lab_run")
    if not clicked and not st.session_state.get(f"lab-ran-{title}"):
        return
    st.session_state[f"lab-ran-{title}"] = True
    variant = resolve_scenario(base, {**overrides, "name": f"{base.name} (changed)"})
    results = session.run_arms(base, variant, settings)
    base_result = session.result_or_none(results, "base")
    changed = session.result_or_none(results, "variant")
    assert base_result is not None and changed is not None
    st.caption(f"{changed.reps} replications × {changed.scenario.horizon_days} days; answered "
               f"in {results['seconds']:.1f} s")  # fmt: skip
    ui.show_cards(base_result, changed, first=item.watch)
    ui.show_charts(base_result, changed)
