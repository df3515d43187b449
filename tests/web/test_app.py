"""The app's logic through Streamlit's AppTest: move a lever, run, read the KPI cards."""

from __future__ import annotations

import pytest

from itsim.results.catalog import label
from tests.conftest import ROOT

testing = pytest.importorskip("streamlit.testing.v1")

APP = ROOT / "itsim" / "web" / "app.py"
TIMEOUT_S = 300


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch):
    """The app, running simulations in the test's process, on a 28-day horizon, 3 reps."""
    monkeypatch.setenv("ITSIM_WEB_JOBS", "1")
    at = testing.AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
    at.run()
    assert not at.exception
    at.number_input(key="days").set_value(28)
    at.slider(key="reps").set_value(3)
    return at.run()


def _metrics(at) -> dict[str, tuple[str, str | None]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def test_nothing_runs_before_the_first_press(app) -> None:
    assert not app.metric
    assert "press Run" in app.info[0].value


def test_a_lever_moves_the_cards_against_the_base(app) -> None:
    app.slider(key="baseline-headcount-desk").set_value(4)
    app.button(key="run").click().run()
    assert not app.exception
    cards = _metrics(app)
    value, delta = cards[label("utilisation_desk")]
    assert value.endswith("%") and delta is not None and delta.startswith("+")
    _, wait_delta = cards[label("wait_hours_mean")]
    assert wait_delta is not None and wait_delta.startswith("+")  # one fewer: longer waits
    assert any("teams.desk.headcount" in c.value for c in app.caption)
    # back to the base: answered from the cache, and no change is shown
    app.slider(key="baseline-headcount-desk").set_value(5).run()
    assert all(not delta for _value, delta in _metrics(app).values())


def test_the_lab_runs_a_preset_with_its_explanation(app) -> None:
    app.radio(key="page").set_value("Lab").run()
    assert "burned out" in app.info[0].value
    app.button(key="lab_run").click().run()
    assert not app.exception
    labels = [m.label for m in app.metric]
    assert labels[0] == label("occupancy_desk")  # the preset's watched KPIs come first
    assert _metrics(app)[label("occupancy_desk")][1] is not None


def test_a_day_at_the_desk_is_animated_from_the_event_log(app) -> None:
    pytest.importorskip("vidigi")
    app.button(key="run").click().run()
    app.number_input(key="animate-day").set_value(8)  # a Tuesday after the warm-up
    app.button(key="animate").click().run()
    assert not app.exception
    charts = app.get("plotly_chart")
    assert len(charts) == 1
    figure = charts[0].proto.spec
    assert "with an analyst" in figure and "waiting for the desk" in figure
