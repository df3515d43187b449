"""Calibrate the energy equations: time to burnout against sustained occupancy.

Runs the bundled ``validation/burnout`` desk (five analysts on a 09:00-17:00 weekday roster,
exponential 1-hour tickets arriving only while the desk is open, energy effects on and no other
people feature) at several offered occupancies ``rho``. For each it prints the occupancy the
analysts actually saw while not yet burned out and, over replications, the median day on which
the median analyst first burns out ("inf" when fewer than half ever do), and how many
replications had that happen within the year.

    PYTHONPATH=. python experiments/people/calibrate_energy.py --reps 8 --rho 0.8 0.85 0.9 0.95
"""

from __future__ import annotations

import argparse
import statistics

import numpy as np
import pandas as pd

from itsim.config.load import load_scenario
from itsim.config.schema import Scenario
from itsim.experiment.runner import run_one

AGENTS = 5
OPEN_HOURS_PER_WEEK = 40.0


def burnout_desk(rho: float, overrides: tuple[str, ...] = ()) -> Scenario:
    """The calibration desk at offered occupancy ``rho``."""
    per_hour = rho * AGENTS * OPEN_HOURS_PER_WEEK / 168
    return load_scenario(
        "validation/burnout", [f"demand.incidents.per_hour={per_hour}", *overrides]
    )


def first_burnout_day(staff: pd.DataFrame) -> float:
    """Day on which the median analyst first burns out (inf if fewer than half ever do)."""
    firsts = staff[staff["burned_out"]].groupby("person")["day"].min()
    days = sorted(firsts.tolist()) + [np.inf] * (staff["person"].nunique() - len(firsts))
    return float(statistics.median(days))


def measure(rho: float, reps: int, seed: int) -> dict[str, float]:
    """Occupancy seen while healthy, median burnout day over reps, reps with a burnout."""
    scenario = burnout_desk(rho)
    occupancy, burnout = [], []
    for rep in range(reps):
        staff = run_one(scenario, seed, rep).tables["staff_daily"]
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
