"""Drawing results: KPI cards, charts, the desk queue and downloads (shared by both pages)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from itsim.api import Result, paired_deltas
from itsim.web import charts, downloads, session
from itsim.web.animation import animate_desk_day
from itsim.web.cards import build_cards, card_kpis

CARDS_PER_ROW = 4


def show_cards(base: Result, variant: Result | None, first: tuple[str, ...] = ()) -> None:
    """KPI cards of the variant (or the base) with CIs, and changes against the base."""
    shown = variant if variant is not None else base
    kpis = card_kpis(shown, first)
    deltas = paired_deltas(base, variant, kpis) if variant is not None else None
    cards = build_cards(shown, deltas, kpis)
    for start in range(0, len(cards), CARDS_PER_ROW):
        columns = st.columns(CARDS_PER_ROW)
        for column, card in zip(columns, cards[start : start + CARDS_PER_ROW], strict=False):
            with column, st.container(border=True, key=f"card-{card.kpi}"):
                st.metric(card.label, card.value, card.delta, delta_color=card.delta_color)  # type: ignore[arg-type]
                st.caption(card.caption)


def show_charts(base: Result, variant: Result | None) -> None:
    """Burnout and headcount, backlog, utilisation by hour of week: base beside variant."""
    people, backlog, hours, queue = st.tabs(
        ["Burnout and headcount", "Backlog", "Utilisation by hour", "Desk queue (animated)"]
    )
    with people:
        burned = charts.side_by_side(base, variant, charts.burned_out_share)
        if burned.dropna(how="all").empty:
            st.info("This scenario has no people model (no rosters, energy or attrition); "
                    "pick baseline or understaffed to see burnout.")  # fmt: skip
        else:
            st.caption("Share of working people burned out, by day (7-day mean)")
            st.line_chart(burned, x_label="day", y_label="share burned out")
            st.caption("People on the payroll, all teams, by day")
            st.line_chart(charts.side_by_side(base, variant, charts.headcount),
                          x_label="day", y_label="headcount")  # fmt: skip
    with backlog:
        st.caption("Jobs queued at the desk at day end (7-day mean over replications)")
        st.line_chart(charts.side_by_side(base, variant, charts.desk_backlog),
                      x_label="day", y_label="jobs queued")  # fmt: skip
    with hours:
        st.caption("Desk busy hours ÷ on-shift hours by hour of the week (0 = Monday 00:00)")
        st.line_chart(charts.side_by_side(base, variant, charts.desk_utilisation_by_hour),
                      x_label="hour of week", y_label="utilisation")  # fmt: skip
    with queue:
        show_animation(variant if variant is not None else base)


def show_downloads(result: Result, key: str) -> None:
    """Download buttons: scenario YAML, every table (CSV zip, Excel) and the HTML report."""
    name = result.scenario.name
    cols = st.columns(4)
    cols[0].download_button(
        "Scenario (YAML)",
        lambda: downloads.scenario_yaml(result),
        f"{name}.yaml",
        "application/x-yaml",
        key=f"{key}-yaml",
    )
    cols[1].download_button(
        "Tables (CSV, zip)",
        lambda: downloads.tables_zip(result),
        f"{name}-tables.zip",
        "application/zip",
        key=f"{key}-zip",
    )
    cols[2].download_button(
        "Tables (Excel)", lambda: downloads.tables_excel(result), f"{name}.xlsx", key=f"{key}-xlsx"
    )
    cols[3].download_button("Report (HTML)", lambda: downloads.report_html(result),
                            f"{name}-report.html", "text/html", key=f"{key}-html")  # fmt: skip


def show_animation(result: Result) -> None:
    """An animated day at the desk, built on request (one replication with its event log)."""
    scenario = result.scenario
    first_day = scenario.warmup_days
    day = st.number_input("day of the run to animate", 0, scenario.horizon_days - 1, first_day,
                          key="animate-day")  # fmt: skip
    date = scenario.calendar.start_date + dt.timedelta(days=int(day))
    st.caption(f"{date:%A %d %B %Y}, 07:00-19:00, replication 0: each dot is a ticket, "
               "coloured by priority")  # fmt: skip
    if not st.button("Animate this day", key="animate"):
        return
    with st.spinner("simulating with the event log and drawing the day"):
        logged = session.cached_logged(scenario, result.seed)
        try:
            figure = animate_desk_day(logged, int(day))
        except ImportError as exc:
            st.error(str(exc))
            return
    st.plotly_chart(figure, key="animation")
