"""Erlang A: the M/M/c+M queue, in which waiting customers abandon after an exponential patience.

The stationary distribution of the birth-death chain is computed exactly (in log space, truncated
where the tail is negligible); waiting-time service levels use closed forms in incomplete gamma
functions. Reference: Garnett, Mandelbaum & Reiman (2002), "Designing a call center with impatient
customers", Manufacturing & Service Operations Management 4(3):208-227.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

from itsim.analysis.erlang_inputs import check_agents, check_positive, load_erlangs

_TAIL_LOG_TOLERANCE = 40.0  # truncate the Erlang A tail once it is below e**-40 of the peak
_MAX_TAIL_STATES = 20_000_000


@dataclass(frozen=True, slots=True)
class ErlangAResult:
    """Steady-state metrics of an M/M/c+M queue (Erlang A); times in hours.

    ``service_level`` is the share of all arrivals answered within the target (abandonments
    count as misses); ``p_wait_within`` is P(W <= t) where W is the time in queue until service
    or abandonment, whichever comes first.
    """

    utilisation: float
    p_wait: float
    p_abandon: float
    mean_wait_hours: float
    mean_queue_length: float
    mean_in_system: float
    service_level: float | None = None
    p_wait_within: float | None = None
    mean_wait_served_hours: float = math.nan  # over answered arrivals only (0 for no wait)


def _erlang_a_log_weights(agents: int, load: float, abandon_ratio: float) -> np.ndarray:
    """Unnormalised log stationary weights of states 0..N of the M/M/c+M birth-death chain.

    Time is in mean service times, so the birth rate is ``load`` and the death rate in state
    c + j is c + j * abandon_ratio (abandon_ratio = service_hours / patience_hours).
    """
    states = np.arange(agents + 1)
    head = special.xlogy(states, load) - special.gammaln(states + 1)
    peak_queue = max(0, math.ceil((load - agents) / abandon_ratio))
    length = max(256, 2 * peak_queue + 256)
    while length <= _MAX_TAIL_STATES:
        death_rates = agents + abandon_ratio * np.arange(1, length + 1)
        tail = head[-1] + np.cumsum(math.log(load) - np.log(death_rates))
        ratio_end = load / death_rates[-1]
        peak = max(head.max(), tail.max())
        if ratio_end < 1 and tail[-1] - math.log1p(-ratio_end) < peak - _TAIL_LOG_TOLERANCE:
            return np.concatenate([head, tail])
        length *= 2
    raise ValueError(
        "Erlang A state space too large: patience is too long for this overloaded system"
    )


def _log_gammainc(shape: float, x: float) -> float:
    """log P(shape, x), the regularized lower incomplete gamma, safe where P underflows."""
    if x <= 0:
        return -math.inf
    value = float(special.gammainc(shape, x))
    if value > 1e-280:
        return math.log(value)
    # Series P = x**s e**-x / Gamma(s + 1) * sum_k x**k / ((s + 1)...(s + k)); here x << s.
    ratio = x / (shape + 1.0)
    terms = min(1_000_000, math.ceil(45.0 / -math.log(ratio)) + 2)
    steps = np.log(x) - np.log(shape + np.arange(1, terms + 1))
    log_series = float(special.logsumexp(np.concatenate([[0.0], np.cumsum(steps)])))
    return shape * math.log(x) - x - float(special.gammaln(shape + 1.0)) + log_series


def _erlang_a_within(
    agents: int, load: float, abandon_ratio: float, p_wait: float, within_units: float
) -> tuple[float, float]:
    """(answered within t, P(W <= t)) with t in mean service times.

    For x > 0 the offered wait V has density proportional to exp(a H(x) - c x), with
    H(x) = (1 - exp(-theta x)) / theta (Baccelli and Hebuterne 1981); with exponential
    patience its integrals are ratios of incomplete gamma functions of shape c / theta
    at a / theta (Mandelbaum and Zeltyn 2004). P(W > t) = P(V > t) exp(-theta t).
    """
    shape, scale = agents / abandon_ratio, load / abandon_ratio
    shrunk = scale * math.exp(-abandon_ratio * within_units)
    log_norm = _log_gammainc(shape, scale)
    over_given_wait = math.exp(_log_gammainc(shape, shrunk) - log_norm)
    served_given_wait = (shape / scale) * (
        math.exp(_log_gammainc(shape + 1.0, scale) - log_norm)
        - math.exp(_log_gammainc(shape + 1.0, shrunk) - log_norm)
    )
    answered = 1.0 - p_wait + p_wait * served_given_wait
    within = 1.0 - p_wait * math.exp(-abandon_ratio * within_units) * over_given_wait
    return float(np.clip(answered, 0.0, 1.0)), float(np.clip(within, 0.0, 1.0))


def _served_wait_units(probs: np.ndarray, agents: int, abandon_ratio: float) -> tuple[float, float]:
    """(P(served), E[wait x 1{served}]) with time in mean service times.

    An arrival finding j others in queue moves up from "k ahead" (k = j .. 0) at rate
    c + k theta (a service ends or someone ahead abandons) and abandons at rate theta, so
    P(served | j) = prod_k q_k with q_k = (c + k theta) / (c + (k + 1) theta), and the time spent
    at each step is exponential with rate c + (k + 1) theta whichever way it ends.
    """
    ahead = np.arange(len(probs) - agents)
    leave_rates = agents + (ahead + 1) * abandon_ratio
    log_served = np.cumsum(np.log1p(-abandon_ratio / leave_rates))
    served_given_queue = np.exp(log_served)
    queued = probs[agents:]
    p_served = float(probs[:agents].sum() + np.dot(queued, served_given_queue))
    served_wait = float(np.dot(queued, served_given_queue * np.cumsum(1.0 / leave_rates)))
    return p_served, served_wait


def erlang_a_metrics(
    arrivals_per_hour: float,
    service_hours: float,
    agents: int,
    patience_hours: float,
    within_hours: float | None = None,
) -> ErlangAResult:
    """Steady-state metrics of an M/M/c+M queue (Erlang A: exponential patience).

    Parameters
    ----------
    arrivals_per_hour, service_hours, agents
        As in :func:`erlang_c_metrics`; the load may exceed ``agents``.
    patience_hours : float
        Mean exponential patience 1 / theta (hours, > 0); a waiting arrival abandons when it
        runs out.
    within_hours : float, optional
        Target wait t (hours, >= 0) for ``service_level`` and ``p_wait_within``.

    Returns
    -------
    ErlangAResult
        Computed exactly from the birth-death stationary distribution, truncated where the tail
        is below e**-40 of its peak [2]_. P(wait) = P(N >= c) (PASTA); P(abandon) = theta E[Q]
        / lambda; mean wait = E[Q] / lambda over all arrivals (Little's law); the mean wait of
        answered arrivals follows each arrival's way up the queue (``_served_wait_units``).
    """
    count = check_agents(agents)
    load = load_erlangs(arrivals_per_hour, service_hours)
    abandon_ratio = service_hours / check_positive("patience_hours", patience_hours)
    log_weights = _erlang_a_log_weights(count, load, abandon_ratio)
    probs = np.exp(log_weights - log_weights.max())
    probs /= probs.sum()
    states = np.arange(len(probs))
    queue_length = float(np.dot(np.maximum(states - count, 0), probs))
    level = within = None
    if within_hours is not None:
        target = check_positive("within_hours", within_hours, allow_zero=True)
        level, within = _erlang_a_within(
            count, load, abandon_ratio, float(probs[count:].sum()), target / service_hours
        )
    p_served, served_wait_units = _served_wait_units(probs, count, abandon_ratio)
    return ErlangAResult(
        utilisation=float(np.dot(np.minimum(states, count), probs)) / count,
        p_wait=float(probs[count:].sum()),
        p_abandon=abandon_ratio * queue_length / load,
        mean_wait_hours=queue_length / arrivals_per_hour,
        mean_queue_length=queue_length,
        mean_in_system=float(np.dot(states, probs)),
        service_level=level,
        p_wait_within=within,
        mean_wait_served_hours=served_wait_units / p_served * service_hours,
    )
