"""Analytic many-server queues: Erlang B and Erlang C (M/M/c); Erlang A is in ``erlang_a``.

These closed forms are the yardstick the simulator is validated against: a team of ``agents``
identical people, Poisson arrivals at ``arrivals_per_hour``, exponential handling times with mean
``service_hours`` and first-come first-served order. Times are in hours; the offered load
``a = arrivals_per_hour * service_hours`` is in Erlangs.

References
----------
.. [1] D. Gross, J. F. Shortle, J. M. Thompson and C. M. Harris, *Fundamentals of Queueing
   Theory*, 4th ed., Wiley, 2008, sections 2.3-2.5 (M/M/c, M/M/c/c).
.. [2] O. Garnett, A. Mandelbaum and M. Reiman, "Designing a call center with impatient
   customers", *Manufacturing & Service Operations Management* 4(3):208-227, 2002 (Erlang A).
.. [3] S. Halfin and W. Whitt, "Heavy-traffic limits for queues with many exponential
   servers", *Operations Research* 29(3):567-588, 1981 (square-root staffing).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import optimize, special

from itsim.analysis.erlang_inputs import check_agents, check_positive, load_erlangs


@dataclass(frozen=True, slots=True)
class ErlangCResult:
    """Steady-state metrics of an M/M/c queue (Erlang C); times in hours."""

    utilisation: float
    p_wait: float
    mean_wait_hours: float
    mean_queue_length: float
    mean_in_system: float
    service_level: float | None = None


def _check_stable(agents: int, load: float) -> None:
    if load >= agents:
        raise ValueError(
            f"unstable system: offered load {load:.6g} Erlangs >= {agents} agents; "
            "an M/M/c queue without abandonment needs load < agents"
        )


def erlang_b(agents: int, offered_load: float) -> float:
    """Blocking probability B(c, a) of the M/M/c/c loss system (Erlang B formula) [1]_.

    Parameters
    ----------
    agents : int
        Number of servers c (>= 0).
    offered_load : float
        Offered load a = lambda / mu in Erlangs (>= 0).

    Returns
    -------
    float
        (a**c / c!) / sum_{k<=c} a**k / k!, as Poisson pmf / cdf in log space; where the cdf
        underflows (a >> c), the stable recursion B(n) = a B(n-1) / (n + a B(n-1)).
    """
    count = check_agents(agents, minimum=0)
    load = check_positive("offered_load", offered_load, allow_zero=True)
    cdf = special.pdtr(count, load)
    if cdf > 1e-280:
        log_pmf = special.xlogy(count, load) - load - special.gammaln(count + 1)
        return float(min(1.0, math.exp(log_pmf - math.log(cdf))))
    blocking = 1.0
    for servers in range(1, count + 1):
        blocking = load * blocking / (servers + load * blocking)
    return blocking


def _erlang_c_from_b(agents: int, load: float, blocking: float) -> float:
    rho = load / agents
    return blocking / (1.0 - rho * (1.0 - blocking))


def erlang_c(agents: int, offered_load: float) -> float:
    """P(Wq > 0) of an M/M/c queue (Erlang C): B / (1 - (a / c)(1 - B)), B = Erlang B [1]_.

    Parameters
    ----------
    agents : int
        Number of servers c (>= 1).
    offered_load : float
        Offered load a in Erlangs (>= 0).

    Raises
    ------
    ValueError
        If the system is unstable (offered_load >= agents).
    """
    count = check_agents(agents)
    load = check_positive("offered_load", offered_load, allow_zero=True)
    _check_stable(count, load)
    return _erlang_c_from_b(count, load, erlang_b(count, load))


def mean_wait_hours(arrivals_per_hour: float, service_hours: float, agents: int) -> float:
    """Mean time in queue Wq (hours) of an M/M/c queue: C(c, a) * service_hours / (c - a) [1]_."""
    return erlang_c_metrics(arrivals_per_hour, service_hours, agents).mean_wait_hours


def service_level(
    arrivals_per_hour: float, service_hours: float, agents: int, within_hours: float
) -> float:
    """P(Wq <= t) of an M/M/c queue: 1 - C(c, a) exp(-(c - a) t / service_hours) [1]_."""
    result = erlang_c_metrics(arrivals_per_hour, service_hours, agents, within_hours)
    assert result.service_level is not None
    return result.service_level


def erlang_c_metrics(
    arrivals_per_hour: float,
    service_hours: float,
    agents: int,
    within_hours: float | None = None,
) -> ErlangCResult:
    """Steady-state metrics of an M/M/c queue.

    Parameters
    ----------
    arrivals_per_hour : float
        Poisson arrival rate lambda (per hour, > 0).
    service_hours : float
        Mean exponential handling time 1 / mu (hours, > 0).
    agents : int
        Number of servers c (>= 1).
    within_hours : float, optional
        Target wait t (hours, >= 0); when given, ``service_level`` = P(Wq <= t).

    Returns
    -------
    ErlangCResult
        Utilisation a / c, P(wait), Wq (hours), Lq = lambda Wq, L = Lq + a (Little's law) [1]_.

    Raises
    ------
    ValueError
        If an input is out of range or the system is unstable (a >= c).
    """
    count = check_agents(agents)
    load = load_erlangs(arrivals_per_hour, service_hours)
    _check_stable(count, load)
    p_wait = erlang_c(count, load)
    wait_hours = p_wait * service_hours / (count - load)
    level = None
    if within_hours is not None:
        within = check_positive("within_hours", within_hours, allow_zero=True)
        level = 1.0 - p_wait * math.exp(-(count - load) * within / service_hours)
    queue_length = arrivals_per_hour * wait_hours
    return ErlangCResult(
        utilisation=load / count,
        p_wait=p_wait,
        mean_wait_hours=wait_hours,
        mean_queue_length=queue_length,
        mean_in_system=queue_length + load,
        service_level=level,
    )


def sqrt_staffing(arrivals_per_hour: float, service_hours: float, beta: float) -> int:
    """Square-root staffing c = ceil(a + beta * sqrt(a)), at least one agent [3]_.

    ``beta`` is the quality-of-service parameter: about 0.5-2 for Erlang C targets; it may be
    zero or negative for Erlang A, where abandonment keeps the queue stable.
    """
    load = load_erlangs(arrivals_per_hour, service_hours)
    if not math.isfinite(beta):
        raise ValueError(f"beta must be finite, got {beta!r}")
    return max(1, math.ceil(load + beta * math.sqrt(load) - 1e-9))


def halfin_whitt_beta(
    arrivals_per_hour: float, service_hours: float, target_sla: float, within_hours: float
) -> float:
    """Beta meeting P(Wq <= t) = target under the Halfin-Whitt approximation [3]_.

    Uses P(wait) ~ [1 + beta Phi(beta) / phi(beta)]**-1 and
    P(Wq > t) ~ P(wait) exp(-beta sqrt(a) t / service_hours).
    """
    load = load_erlangs(arrivals_per_hour, service_hours)
    _check_target(target_sla)
    decay = math.sqrt(load) * check_positive("within_hours", within_hours, True) / service_hours

    def shortfall(beta: float) -> float:
        density = math.exp(-0.5 * beta * beta) / math.sqrt(2.0 * math.pi)
        p_wait = 1.0 / (1.0 + beta * special.ndtr(beta) / density)
        return 1.0 - p_wait * math.exp(-beta * decay) - target_sla

    return float(optimize.brentq(shortfall, 1e-12, 30.0, xtol=1e-10))


def _check_target(target_sla: float) -> None:
    if not 0.0 < float(target_sla) < 1.0:
        raise ValueError(f"target_sla must be strictly between 0 and 1, got {target_sla!r}")


def agents_for_service_level(
    arrivals_per_hour: float, service_hours: float, target_sla: float, within_hours: float
) -> int:
    """Smallest c with P(Wq <= within_hours) >= target_sla in an M/M/c queue (exact search).

    Starts at the smallest stable c = floor(a) + 1 and steps Erlang B forward with
    B(c) = a B(c-1) / (c + a B(c-1)), so each step costs O(1) [1]_. The service level
    increases with c, so the first c meeting the target is the minimum.
    """
    load = load_erlangs(arrivals_per_hour, service_hours)
    _check_target(target_sla)
    within = check_positive("within_hours", within_hours, allow_zero=True)
    count = math.floor(load) + 1
    blocking = erlang_b(count, load)
    while True:
        p_wait = _erlang_c_from_b(count, load, blocking)
        if 1.0 - p_wait * math.exp(-(count - load) * within / service_hours) >= target_sla:
            return count
        count += 1
        blocking = load * blocking / (count + load * blocking)


__all__ = [
    "ErlangCResult",
    "agents_for_service_level",
    "erlang_b",
    "erlang_c",
    "erlang_c_metrics",
    "halfin_whitt_beta",
    "mean_wait_hours",
    "service_level",
    "sqrt_staffing",
]
