"""Calibrate the energy equations: time to burnout against sustained occupancy.

One desk of five analysts on a 09:00-17:00 weekday roster, exponential 1-hour tickets that
arrive only while the desk is open, at a rate that makes the offered occupancy ``rho``; energy
effects on, and nothing else (no absences, overtime or attrition), so occupancy is the only
driver. For each ``rho`` it prints the realised occupancy and, over replications, the median
day on which the median analyst first burns out (energy below the threshold), or "never".

    python experiments/people/calibrate_energy.py --reps 8 --rho 0.8 0.85 0.9 0.95
"""

from __future__ import annotations

import argparse
import statistics
from typing import Any

import numpy as np
import pandas as pd

from itsim.config.load import validate
from itsim.config.schema import Scenario
from itsim.experiment.runner import run_one

OPEN_HOURS = range(9, 17)
AGENTS = 5


def weekday_window_profile() -> list[float]:
    """168 hourly weights: 1 in open hours Monday to Friday, 0 otherwise."""
    return [1.0 if (h // 24) < 5 and (h % 24) in OPEN_HOURS else 0.0 for h in range(168)]


def desk_scenario(rho: float, days: int = 365, overrides: dict[str, Any] | None = None) -> Scenario:
    """A one-team desk with offered occupancy ``rho`` and energy effects on."""
    open_share = 5 * len(OPEN_HOURS) / 168
    raw: dict[str, Any] = {
        "name": f"occupancy-{rho:g}",
        "horizon_days": days,
        "warmup_days": 0,
        "company": {"employees": 1000, "growth_per_year": 0.0},
        "demand": {
            "incidents": {"per_hour": rho * AGENTS * open_share,
                          "week_profile": weekday_window_profile(),
                          "priority_mix": {"P3": 1.0}, "categories": {"any": 1.0}},
            "requests": {"per_hour": 0, "week_profile": "flat"},
            "projects": {"per_month": 0},
        },
        "roles": {"analyst": {"salary_usd": 61000}},
        "teams": {"desk": {"role": "analyst", "headcount": AGENTS,
                           "handle_hours": {"incident": {"dist": "exponential", "mean": 1.0}}}},
        "flow": {"first_contact_resolution": 1.0, "routing": {}, "reopen_probability": 0.0},
        "people": {"shifts": {"desk": {"pattern": "staggered", "windows": [["09:00", "17:00"]]}},
                   "energy": {"effects": True}},
    }  # fmt: skip
    for key, value in (overrides or {}).items():
        node = raw
        *parents, last = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return validate(raw, "<calibration>")


def first_burnout_day(staff: pd.DataFrame) -> float:
    """Day on which the median analyst first burns out (inf if fewer than half ever do)."""
    firsts = staff[staff["burned_out"]].groupby("person")["day"].min()
    days = sorted(firsts.tolist()) + [np.inf] * (staff["person"].nunique() - len(firsts))
    return float(statistics.median(days))


def measure(rho: float, reps: int, seed: int, days: int = 365) -> dict[str, float]:
    """Realised occupancy and the median (over reps) of the median analyst's burnout day."""
    scenario = desk_scenario(rho, days)
    occupancy, burnout = [], []
    for rep in range(reps):
        staff = run_one(scenario, seed, rep).tables["staff_daily"]
        # occupancy before anyone burns out: the load the person is exposed to
        healthy = staff[~staff["burned_out"]]
        occupancy.append(healthy["busy_hours"].sum() / healthy["available_hours"].sum())
        burnout.append(first_burnout_day(staff))
    return {"rho": rho, "occupancy": float(np.mean(occupancy)),
            "median_burnout_day": float(statistics.median(burnout)),
            "reps_burned_out": float(sum(np.isfinite(burnout)))}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rho", type=float, nargs="+", default=[0.8, 0.85, 0.9, 0.95])
    args = parser.parse_args()
    print(f"{'rho':>5} {'occupancy':>9} {'median burnout day':>19} {'reps burned out':>16}")
    for rho in args.rho:
        m = measure(rho, args.reps, args.seed)
        print(f"{rho:5.2f} {m['occupancy']:9.3f} {m['median_burnout_day']:19.0f} "
              f"{m['reps_burned_out']:>10.0f}/{args.reps}")  # fmt: skip


if __name__ == "__main__":
    main()
