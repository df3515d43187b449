"""How long the web app takes to answer one slider move: 10 replications of a year.

The app keeps a warm worker pool and caches every result, so a move runs only the changed arm
(the base is cached) and moving back is a cache hit. Run from the repository root:

    PYTHONPATH=. python experiments/benchmarks/web_interactive.py [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import time

from itsim.api.inputs import resolve_scenario
from itsim.api.spawn_safe import warm_executor
from itsim.web.engine import ResultCache, cached_run

REPS = 10


def timed(label: str, action) -> None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    action()
    load = os.getloadavg()[0]
    print(f"{label:<32} {time.perf_counter() - started:6.2f} s   load average {load:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--scenario", default="baseline_people")
    args = parser.parse_args()
    pool, cache = warm_executor(args.jobs), ResultCache()
    pool.start()
    base = resolve_scenario(args.scenario)
    try:
        timed("base, pool starting", lambda: cached_run(cache, base, base.seed, REPS, pool))
        for desk in (9, 8, 11):
            moved = resolve_scenario(base, {"teams.desk.headcount": desk})
            timed(
                f"desk headcount -> {desk}",
                lambda s=moved: cached_run(cache, s, base.seed, REPS, pool),
            )
        back = resolve_scenario(base, {"teams.desk.headcount": 9})
        timed(
            "desk headcount back to 9 (cached)",
            lambda: cached_run(cache, back, base.seed, REPS, pool),
        )
    finally:
        pool.close()


if __name__ == "__main__":
    main()
