"""Throughput of itsim against plain SimPy on the same M/M/10 queue, measured in one process.

Runs the bundled ``validation/mmc.yaml`` scenario through itsim's engine (people pulling from a
priority queue) and a minimal plain-SimPy M/M/10 written the usual way (a process per customer
and a ``simpy.Resource``), alternating them ``--rounds`` times, and prints JSON with tickets per
second for both (inside the simulation loop: ticket drawing and table building are timed
separately) and their ratio. Also times one simulated year of the baseline department, end to end.

    python experiments/benchmarks/throughput.py --rounds 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from plain_simpy import run_plain_mmc  # noqa: E402

from itsim.config.load import apply_overrides, load_scenario  # noqa: E402
from itsim.experiment.runner import run_one  # noqa: E402
from itsim.model.build import run_model  # noqa: E402
from itsim.model.core.calendar import Calendar  # noqa: E402
from itsim.model.core.streams import RandomStreams  # noqa: E402
from itsim.model.core.tickets import draw_tickets  # noqa: E402


def itsim_mmc(days: int, seed: int) -> dict[str, float]:
    """Tickets per second of itsim's engine on M/M/10 (ticket drawing timed apart)."""
    scenario = apply_overrides(load_scenario("validation/mmc"), {"horizon_days": days})
    cal = Calendar(scenario.calendar, scenario.horizon_days)
    started = time.perf_counter()
    tickets = draw_tickets(scenario, cal, RandomStreams(seed, 0))
    drawn = time.perf_counter()
    out = run_model(scenario, cal, tickets, [], seed, 0)
    ran = time.perf_counter()
    return {
        "tickets": out.flow.resolved,
        "draw_seconds": drawn - started,
        "sim_seconds": ran - drawn,
        "tickets_per_second": out.flow.resolved / (ran - drawn),
    }


def plain_mmc(days: int, seed: int) -> dict[str, float]:
    """Tickets per second of the plain-SimPy M/M/10."""
    res = run_plain_mmc(horizon_hours=days * 24.0, seed=seed)
    return {
        "tickets": res["tickets_completed"],
        "sim_seconds": res["elapsed_seconds"],
        "tickets_per_second": res["tickets_completed"] / res["elapsed_seconds"],
    }


def baseline_year(seed: int) -> float:
    """Wall seconds for one replication of the baseline (364 days), tables and KPIs included."""
    scenario = load_scenario("baseline")
    started = time.perf_counter()
    run_one(scenario, seed, 0)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    ours, theirs, years = [], [], []
    for r in range(args.rounds):
        ours.append(itsim_mmc(args.days, seed=r))
        theirs.append(plain_mmc(args.days, seed=r))
        years.append(baseline_year(seed=r))
    ours_tps = statistics.median(x["tickets_per_second"] for x in ours)
    plain_tps = statistics.median(x["tickets_per_second"] for x in theirs)
    report = {
        "rounds": args.rounds,
        "mmc_days": args.days,
        "itsim_tickets_per_second": round(ours_tps),
        "plain_simpy_tickets_per_second": round(plain_tps),
        "ratio_itsim_over_plain": round(ours_tps / plain_tps, 3),
        "itsim_draw_seconds_median": round(statistics.median(x["draw_seconds"] for x in ours), 3),
        "baseline_year_seconds_median": round(statistics.median(years), 3),
        "baseline_year_seconds_max": round(max(years), 3),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
