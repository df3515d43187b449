"""A plain SimPy M/M/c written the usual way, as a speed and correctness baseline.

One generator process per customer requests a ``simpy.Resource`` with ``agents`` slots; arrivals
and handling times are exponential draws from one ``numpy.random.Generator``. Times are in hours.
Waits are collected for customers served by the horizon; the run has no warm-up, so use a long
horizon when comparing the mean wait with Erlang C.
"""

from __future__ import annotations

import time
from collections.abc import Generator
from typing import Any

import numpy as np
import simpy


def _customer(
    env: simpy.Environment,
    desk: simpy.Resource,
    service_hours: float,
    waits_hours: list[float],
) -> Generator[simpy.Event, Any, None]:
    """Queue for an agent, record the wait, then hold the agent for the handling time."""
    arrived_hours = env.now
    with desk.request() as request:
        yield request
        waits_hours.append(env.now - arrived_hours)
        yield env.timeout(service_hours)


def _source(
    env: simpy.Environment,
    desk: simpy.Resource,
    rng: np.random.Generator,
    arrivals_per_hour: float,
    mean_service_hours: float,
    waits_hours: list[float],
) -> Generator[simpy.Event, Any, None]:
    """Start one customer process per Poisson arrival; effort is drawn at arrival."""
    while True:
        yield env.timeout(rng.exponential(1.0 / arrivals_per_hour))
        service_hours = rng.exponential(mean_service_hours)
        env.process(_customer(env, desk, service_hours, waits_hours))


def run_plain_mmc(
    arrivals_per_hour: float = 9.0,
    service_hours: float = 1.0,
    agents: int = 10,
    horizon_hours: float = 10_000.0,
    seed: int = 12345,
) -> dict[str, int | float]:
    """Run one replication of a plain-SimPy M/M/c queue.

    Parameters
    ----------
    arrivals_per_hour : float
        Poisson arrival rate (per hour).
    service_hours : float
        Mean exponential handling time (hours).
    agents : int
        Number of servers.
    horizon_hours : float
        Simulated time (hours).
    seed : int
        Seed for ``numpy.random.default_rng``.

    Returns
    -------
    dict[str, int | float]
        ``tickets_completed`` (customers who finished service), ``tickets_started``,
        ``mean_wait_hours`` (over customers who started service) and ``elapsed_seconds``
        (wall time of ``env.run`` only).
    """
    rng = np.random.default_rng(seed)
    env = simpy.Environment()
    desk = simpy.Resource(env, capacity=agents)
    waits_hours: list[float] = []
    env.process(_source(env, desk, rng, arrivals_per_hour, service_hours, waits_hours))
    started = time.perf_counter()
    env.run(until=horizon_hours)
    elapsed_seconds = time.perf_counter() - started
    in_service = desk.count
    return {
        "tickets_completed": len(waits_hours) - in_service,
        "tickets_started": len(waits_hours),
        "mean_wait_hours": float(np.mean(waits_hours)) if waits_hours else float("nan"),
        "elapsed_seconds": elapsed_seconds,
    }


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="One replication of a plain-SimPy M/M/10.")
    parser.add_argument("--days", type=float, default=10_000.0 / 24.0, help="Horizon in days.")
    parser.add_argument("--seed", type=int, default=12345)
    args = parser.parse_args()
    print(run_plain_mmc(horizon_hours=args.days * 24.0, seed=args.seed))
