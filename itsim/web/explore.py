"""The explore page: pick or upload a scenario, move the levers, compare with the base."""

from __future__ import annotations

import streamlit as st

from itsim.api.inputs import bundled_names, resolve_scenario
from itsim.config.schema import Scenario
from itsim.errors import InputError
from itsim.web import session, ui
from itsim.web.levers import (
    DESK_HOURS,
    LEADER_OPTIONS,
    MSP_OPTIONS,
    ROSTERS,
    Levers,
    base_levers,
    lever_overrides,
    working_teams,
)

DEFAULT_SCENARIO = "baseline"


def choose_base(settings: session.Settings) -> Scenario:
    """The base scenario: a bundled one, or an uploaded file when there is one."""
    names = bundled_names()
    name = st.sidebar.selectbox("Scenario", names, index=names.index(DEFAULT_SCENARIO),
                                key="scenario")  # fmt: skip
    upload = st.sidebar.file_uploader("…or upload a scenario file", type=["yaml", "yml"],
                                      key="upload")  # fmt: skip
    source = session.uploaded_path(upload) if upload is not None else name
    return session.load(source, settings.days)


def lever_controls(base: Scenario) -> Levers:
    """Sliders and selectors for the levers, starting where the base scenario sets them."""
    start = base_levers(base)
    staff, model = st.columns(2)
    with staff:
        st.subheader("People")
        headcount = {
            team: int(st.slider(f"{team} headcount", 0, max(2 * count, count + 4), count,
                                key=f"{base.name}-headcount-{team}"))
            for team, count in start.headcount.items()
        }  # fmt: skip
        growth = st.slider("demand growth per year", -0.1, 0.5, start.growth_per_year, 0.05,
                           key=f"{base.name}-growth")  # fmt: skip
    with model:
        st.subheader("Operating model")
        hours = st.selectbox("desk hours", DESK_HOURS, DESK_HOURS.index(start.desk_hours),
                             key=f"{base.name}-hours")  # fmt: skip
        roster, on_call = start.desk_roster, start.on_call
        if roster is not None:  # rosters and on-call belong to the people model
            roster = st.selectbox(
                "desk roster", ROSTERS, ROSTERS.index(roster), key=f"{base.name}-roster"
            )
            on_call = st.toggle("on-call for P1s", on_call, key=f"{base.name}-oncall")
        msp = _choice("MSP", MSP_OPTIONS, start.msp, f"{base.name}-msp")
        leader = _choice("leadership", LEADER_OPTIONS, start.leader, f"{base.name}-leader")
    return Levers(headcount, hours, roster, msp, leader, float(growth), bool(on_call))


def _choice(label: str, options: dict, current: str, key: str) -> str:
    """A selectbox over ``options`` that also offers the scenario's own setting."""
    names = list(options) if current in options else [current, *options]
    return str(st.selectbox(label, names, names.index(current), key=key))


def explore_page(settings: session.Settings) -> None:
    """Draw the page; run when asked (and, after the first run, on every change)."""
    st.title("itsim: what if the IT department…")
    try:
        base = choose_base(settings)
        st.caption(f"**{base.name}**: {base.description} · teams that take work: "
                   f"{', '.join(working_teams(base))}")  # fmt: skip
        levers = lever_controls(base)
        overrides = lever_overrides(base, levers)
        variant = resolve_scenario(base, {**overrides, "name": f"{base.name} (changed)"}) \
            if overrides else None  # fmt: skip
    except InputError as exc:
        st.error(str(exc))
        return
    clicked = st.button("Run", type="primary", key="run")
    if clicked:
        st.session_state["armed"] = True
    if not st.session_state.get("armed"):
        st.info("Move the levers, then press Run. The base runs on the same seeds, so the "
                "changes on the cards are the effect of the levers alone.")  # fmt: skip
        return
    results = session.run_arms(base, variant, settings)
    show_results(results, overrides)


def show_results(results: dict, overrides: dict) -> None:
    """Cards, charts and downloads of the base (and the variant, when levers moved)."""
    base = session.result_or_none(results, "base")
    variant = session.result_or_none(results, "variant")
    assert base is not None
    shown = variant if variant is not None else base
    what = "changed scenario vs base" if variant is not None else "base scenario (no change)"
    st.subheader(f"Results: {what}")
    st.caption(f"{shown.reps} replications × {shown.scenario.horizon_days} days, seed "
               f"{shown.seed}; answered in {results['seconds']:.1f} s"
               + (f" · changed: {', '.join(sorted(overrides))}" if overrides else ""))  # fmt: skip
    ui.show_cards(base, variant)
    ui.show_charts(base, variant)
    st.subheader("Downloads")
    ui.show_downloads(shown, "explore")
