"""Analytic queueing formulas against textbook values and brute-force stationary distributions."""

from __future__ import annotations

import math

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from itsim.analysis import erlang as q
from itsim.analysis.erlang_a import erlang_a_metrics
from itsim.cli.erlang_cmd import erlang


def brute_force_mmc(arrivals_per_hour: float, service_hours: float, agents: int) -> np.ndarray:
    """M/M/c stationary distribution by summing its unnormalised terms directly."""
    load = arrivals_per_hour * service_hours
    weights = [load**n / math.factorial(n) for n in range(agents + 1)]
    rho = load / agents
    weights += [weights[-1] * rho**k for k in range(1, 5000)]
    probs = np.array(weights)
    return probs / probs.sum()


def brute_force_mmc_sla(
    arrivals_per_hour: float, service_hours: float, agents: int, within_hours: float
) -> float:
    """P(Wq <= t): an arrival finding k waiting needs k + 1 completions at rate c / s."""
    probs = brute_force_mmc(arrivals_per_hour, service_hours, agents)
    waiting = probs[agents:]
    completions = stats.poisson.cdf(np.arange(len(waiting)), agents * within_hours / service_hours)
    return 1.0 - float(np.dot(waiting, completions))


def recursive_erlang_b(agents: int, load: float) -> float:
    blocking = 1.0
    for servers in range(1, agents + 1):
        blocking = load * blocking / (servers + load * blocking)
    return blocking


def test_mm10_textbook_values() -> None:
    result = q.erlang_c_metrics(9.0, 1.0, 10, within_hours=0.25)
    assert result.p_wait == pytest.approx(0.6687, abs=1e-4)
    assert result.mean_wait_hours == pytest.approx(0.6687, abs=1e-4)
    assert result.utilisation == pytest.approx(0.9)
    assert result.mean_queue_length == pytest.approx(9.0 * result.mean_wait_hours)
    assert result.mean_in_system == pytest.approx(result.mean_queue_length + 9.0)
    assert q.mean_wait_hours(9.0, 1.0, 10) == pytest.approx(result.mean_wait_hours)
    assert q.service_level(9.0, 1.0, 10, 0.25) == pytest.approx(result.service_level)


@pytest.mark.parametrize(
    ("arrivals_per_hour", "service_hours", "agents", "within_hours"),
    [
        (200.0, 180 / 3600, 11, 20 / 3600),  # 100 calls per 30 min, 3-minute handling, 20 s target
        (9.0, 1.0, 10, 0.25),
        (3.0, 0.5, 2, 0.1),
    ],
)
def test_erlang_c_matches_brute_force(
    arrivals_per_hour: float, service_hours: float, agents: int, within_hours: float
) -> None:
    probs = brute_force_mmc(arrivals_per_hour, service_hours, agents)
    queue = np.arange(len(probs)) - agents
    mean_queue = float(np.dot(np.maximum(queue, 0), probs))
    result = q.erlang_c_metrics(arrivals_per_hour, service_hours, agents, within_hours)
    assert result.p_wait == pytest.approx(probs[agents:].sum(), rel=1e-9)
    assert result.mean_queue_length == pytest.approx(mean_queue, rel=1e-9)
    assert result.mean_wait_hours == pytest.approx(mean_queue / arrivals_per_hour, rel=1e-9)
    expected_sla = brute_force_mmc_sla(arrivals_per_hour, service_hours, agents, within_hours)
    assert result.service_level == pytest.approx(expected_sla, rel=1e-9)


@pytest.mark.parametrize(
    ("agents", "load"),
    [(0, 3.0), (1, 0.5), (10, 9.0), (50, 200.0), (1000, 2500.0), (10_000, 9500.0)],
)
def test_erlang_b_closed_form_matches_recursion(agents: int, load: float) -> None:
    assert q.erlang_b(agents, load) == pytest.approx(recursive_erlang_b(agents, load), rel=1e-9)


def test_erlang_b_large_overload_uses_stable_path() -> None:
    # a >> c: B tends to 1 - c / a; the Poisson cdf underflows here.
    assert q.erlang_b(100, 1e5) == pytest.approx(recursive_erlang_b(100, 1e5), rel=1e-9)
    assert 0.0 < q.erlang_b(100, 1e5) < 1.0


def test_erlang_c_large_system_is_finite() -> None:
    p_wait = q.erlang_c(5000, 4950.0)
    assert 0.0 < p_wait < 1.0
    assert np.isfinite(q.mean_wait_hours(4950.0, 1.0, 5000))


def test_unstable_and_invalid_inputs_raise() -> None:
    with pytest.raises(ValueError, match="unstable"):
        q.erlang_c(10, 10.0)
    with pytest.raises(ValueError, match="unstable"):
        q.erlang_c_metrics(12.0, 1.0, 10)
    with pytest.raises(ValueError, match="agents"):
        q.erlang_c(0, 0.5)
    with pytest.raises(ValueError, match="agents"):
        q.erlang_b(2.5, 1.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="service_hours"):
        q.erlang_c_metrics(1.0, -1.0, 3)
    with pytest.raises(ValueError, match="target_sla"):
        q.agents_for_service_level(9.0, 1.0, 1.0, 0.25)


def brute_force_erlang_a(load: float, agents: int, abandon_ratio: float) -> np.ndarray:
    """M/M/c+M stationary distribution (time in service units) by direct products."""
    weights = [1.0]
    for n in range(1, agents + 400):
        death = min(n, agents) + max(n - agents, 0) * abandon_ratio
        weights.append(weights[-1] * load / death)
    probs = np.array(weights)
    return probs / probs.sum()


@pytest.mark.parametrize(
    ("arrivals_per_hour", "agents", "patience_hours"), [(4.0, 3, 2.0), (12.0, 10, 0.5)]
)
def test_erlang_a_matches_brute_force(
    arrivals_per_hour: float, agents: int, patience_hours: float
) -> None:
    probs = brute_force_erlang_a(arrivals_per_hour, agents, 1.0 / patience_hours)
    mean_queue = float(np.dot(np.maximum(np.arange(len(probs)) - agents, 0), probs))
    result = erlang_a_metrics(arrivals_per_hour, 1.0, agents, patience_hours)
    assert result.p_wait == pytest.approx(probs[agents:].sum(), rel=1e-9)
    assert result.p_abandon == pytest.approx(mean_queue / patience_hours / arrivals_per_hour)
    served_per_hour = arrivals_per_hour * (1.0 - result.p_abandon)
    assert result.utilisation == pytest.approx(served_per_hour / agents, rel=1e-9)


def test_erlang_a_long_wait_target_answers_all_who_stay() -> None:
    # The offered-wait density and the birth-death chain must agree on who abandons.
    result = erlang_a_metrics(9.0, 1.0, 10, patience_hours=3.0, within_hours=1e4)
    assert result.service_level == pytest.approx(1.0 - result.p_abandon, rel=1e-9)
    assert result.p_wait_within == pytest.approx(1.0)


def test_erlang_a_tends_to_erlang_c_with_endless_patience() -> None:
    erlang_a = erlang_a_metrics(9.0, 1.0, 10, patience_hours=1e9, within_hours=0.25)
    erlang_c = q.erlang_c_metrics(9.0, 1.0, 10, within_hours=0.25)
    assert erlang_a.p_wait == pytest.approx(erlang_c.p_wait, rel=1e-6)
    assert erlang_a.mean_wait_hours == pytest.approx(erlang_c.mean_wait_hours, rel=1e-6)
    assert erlang_a.service_level == pytest.approx(erlang_c.service_level, rel=1e-4)
    assert erlang_a.p_wait_within == pytest.approx(erlang_c.service_level, rel=1e-4)
    assert erlang_a.p_abandon < 1e-6


def test_erlang_a_tends_to_erlang_b_with_no_patience() -> None:
    result = erlang_a_metrics(9.0, 1.0, 10, patience_hours=1e-9, within_hours=0.25)
    blocking = q.erlang_b(10, 9.0)
    assert result.p_wait == pytest.approx(blocking, rel=1e-6)
    assert result.p_abandon == pytest.approx(blocking, rel=1e-6)
    assert result.service_level == pytest.approx(1.0 - blocking, rel=1e-6)


def test_erlang_a_handles_overload() -> None:
    result = erlang_a_metrics(12.0, 1.0, 10, patience_hours=0.5, within_hours=0.25)
    assert 0.0 < result.p_abandon < 1.0
    assert result.utilisation < 1.0
    assert result.service_level is not None and 0.0 < result.service_level < 1.0


@pytest.mark.parametrize(
    ("arrivals_per_hour", "service_hours", "target_sla", "within_hours"),
    [
        (200.0, 0.05, 0.8, 20 / 3600),
        (9.0, 1.0, 0.8, 0.25),
        (1.0, 2.0, 0.95, 0.0),
        (500.0, 0.2, 0.9, 0.05),
    ],
)
def test_agents_for_service_level_is_minimal(
    arrivals_per_hour: float, service_hours: float, target_sla: float, within_hours: float
) -> None:
    agents = q.agents_for_service_level(arrivals_per_hour, service_hours, target_sla, within_hours)
    assert q.service_level(arrivals_per_hour, service_hours, agents, within_hours) >= target_sla
    if agents - 1 > arrivals_per_hour * service_hours:
        fewer = q.service_level(arrivals_per_hour, service_hours, agents - 1, within_hours)
        assert fewer < target_sla


def test_square_root_staffing() -> None:
    assert q.sqrt_staffing(9.0, 1.0, 1.0) == 12
    assert q.sqrt_staffing(100.0, 1.0, 0.0) == 100
    exact = q.agents_for_service_level(100.0, 1.0, 0.8, 0.1)
    beta = q.halfin_whitt_beta(100.0, 1.0, 0.8, 0.1)
    assert abs(q.sqrt_staffing(100.0, 1.0, beta) - exact) <= 1


@given(
    load=st.floats(min_value=0.05, max_value=300.0),
    extra=st.integers(min_value=0, max_value=30),
)
def test_p_wait_decreases_with_agents(load: float, extra: int) -> None:
    agents = math.floor(load) + 1 + extra
    assert q.erlang_c(agents + 1, load) <= q.erlang_c(agents, load)
    assert q.erlang_b(agents + 1, load) <= q.erlang_b(agents, load)


def test_cli_prints_metrics() -> None:
    args = ["--arrivals-per-hour", "9", "--service-hours", "1", "--agents", "10"]
    outcome = CliRunner().invoke(erlang, [*args, "--within-hours", "0.25"])
    assert outcome.exit_code == 0, outcome.output
    expected = q.erlang_c_metrics(9.0, 1.0, 10, 0.25)
    assert f"{100 * expected.p_wait:.1f}%" in outcome.output
    assert f"{expected.mean_wait_hours:.4f}" in outcome.output
    patient = CliRunner().invoke(erlang, [*args, "--patience-hours", "2"])
    assert patient.exit_code == 0, patient.output
    assert "P(abandon)" in patient.output


def test_cli_prints_staffing() -> None:
    args = ["--arrivals-per-hour", "200", "--service-hours", "0.05", "--target-sla", "0.8"]
    outcome = CliRunner().invoke(erlang, [*args, "--within-hours", "0.25"])
    assert outcome.exit_code == 0, outcome.output
    needed = q.agents_for_service_level(200.0, 0.05, 0.8, 0.25)
    assert f"{needed}" in outcome.output.splitlines()[1]
    assert "square-root" in outcome.output


@pytest.mark.parametrize(
    "args",
    [
        ["--arrivals-per-hour", "12", "--service-hours", "1", "--agents", "10"],
        ["--arrivals-per-hour", "-1", "--service-hours", "1", "--agents", "10"],
        ["--arrivals-per-hour", "9", "--service-hours", "1"],
        ["--arrivals-per-hour", "9", "--service-hours", "1", "--target-sla", "0.8"],
        [
            "--arrivals-per-hour",
            "9",
            "--service-hours",
            "1",
            "--agents",
            "10",
            "--target-sla",
            "1.5",
        ],
    ],
)
def test_cli_rejects_bad_input(args: list[str]) -> None:
    outcome = CliRunner().invoke(erlang, args)
    assert outcome.exit_code == 2
    assert "Error:" in outcome.output


def _total_wait_by_recursion(probs: np.ndarray, agents: int, abandon_ratio: float) -> float:
    """E[wait] over all arrivals, following one arrival up the queue (not via Little's law)."""
    total, previous = 0.0, 0.0
    for ahead in range(len(probs) - agents):
        leave = agents + (ahead + 1) * abandon_ratio
        previous = 1.0 / leave + (agents + ahead * abandon_ratio) / leave * previous
        total += probs[agents + ahead] * previous
    return total


@pytest.mark.parametrize(
    ("arrivals_per_hour", "agents", "patience_hours"),
    [(4.0, 3, 2.0), (12.0, 10, 0.5), (9.0, 10, 0.117)],
)
def test_erlang_a_served_wait_is_consistent(
    arrivals_per_hour: float, agents: int, patience_hours: float
) -> None:
    probs = brute_force_erlang_a(arrivals_per_hour, agents, 1.0 / patience_hours)
    result = erlang_a_metrics(arrivals_per_hour, 1.0, agents, patience_hours)
    total = _total_wait_by_recursion(probs, agents, 1.0 / patience_hours)
    assert total == pytest.approx(result.mean_wait_hours, rel=1e-6)
    # the served wait is a part of the total; abandoners waited their patience at most
    served_part = (1.0 - result.p_abandon) * result.mean_wait_served_hours
    assert 0.0 < served_part < result.mean_wait_hours


def test_erlang_a_served_wait_tends_to_erlang_c() -> None:
    erlang_a = erlang_a_metrics(9.0, 1.0, 10, patience_hours=1e9)
    erlang_c = q.erlang_c_metrics(9.0, 1.0, 10)
    assert erlang_a.mean_wait_served_hours == pytest.approx(erlang_c.mean_wait_hours, rel=1e-6)
