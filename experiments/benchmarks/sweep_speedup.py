"""Speed-up of a sweep on local worker processes over running it serially, end to end.

Sweeps the bundled baseline (one simulated year) over desk headcount 5..8 with 5 replications
each: 20 runs. Each round runs the whole sweep twice into fresh stores, each an ``itsim sweep``
process of its own, once with ``--jobs 1`` (serial) and once with ``--jobs N`` (worker
processes, started inside the timed region), alternating which goes first, and checks that
both stores hold identical runs tables.
Prints JSON with every round's wall times, the median speed-up and, per sweep, the share of the
machine's CPU that other programs used meanwhile (from ``/proc/stat``): other work on the
machine slows the parallel sweep more than the serial one, so only quiet rounds are telling.

    python experiments/benchmarks/sweep_speedup.py --rounds 3 --jobs 2
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from itsim.experiment.store import ResultStore

HEADCOUNTS = [5, 6, 7, 8]
REPS = 5


def busy_cpu_seconds() -> float | None:
    """CPU seconds the whole machine has been busy since boot (Linux ``/proc/stat``)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    """CPU seconds used by this process and its finished children (the worker processes)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed_sweep(jobs: int, root: Path, reps: int = REPS) -> tuple[float, float | None]:
    """Wall seconds of one whole sweep into a new store (executor start-up included), and the
    share of the machine's CPU that other programs used meanwhile (None off Linux)."""
    grid = ",".join(str(h) for h in HEADCOUNTS)
    argv = [sys.executable, "-m", "itsim", "sweep", "baseline", "--grid",
            f"teams.desk.headcount={grid}", "--reps", str(reps), "--jobs", str(jobs),
            "--quiet", "--out", str(root)]  # fmt: skip
    machine, own, started = busy_cpu_seconds(), own_cpu_seconds(), time.perf_counter()
    # a fresh process per sweep, as a user runs it: the workers start as they would from
    # the command line (forked on Linux), not from this process, which has read stores
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = busy_cpu_seconds()
    if machine is None or after is None:
        return wall, None
    others = (after - machine) - (own_cpu_seconds() - own)
    return wall, max(0.0, others) / (wall * (os.cpu_count() or 1))


def speedup_rounds(rounds: int, jobs: int, reps: int = REPS) -> dict[str, object]:
    """Time the sweep serially and on ``jobs`` processes, alternating, ``rounds`` times.

    ``reps`` replications per headcount: the default 5 makes 20 runs; more runs weigh the
    sweep's serial start-up less.
    """
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(rounds):
            order = [1, jobs] if i % 2 == 0 else [jobs, 1]
            timed = {j: timed_sweep(j, Path(tmp) / f"{i}-{j}", reps) for j in order}
            seconds = {j: wall for j, (wall, _share) in timed.items()}
            serial = ResultStore(Path(tmp) / f"{i}-1").read_table("runs")
            parallel = ResultStore(Path(tmp) / f"{i}-{jobs}").read_table("runs")
            pd.testing.assert_frame_equal(serial, parallel)
            results.append({
                "serial_s": round(seconds[1], 2),
                "parallel_s": round(seconds[jobs], 2),
                "speedup": round(seconds[1] / seconds[jobs], 3),
                "others_cpu_share_serial": _rounded(timed[1][1]),
                "others_cpu_share_parallel": _rounded(timed[jobs][1]),
            })  # fmt: skip
    return {
        "runs": len(HEADCOUNTS) * reps, "jobs": jobs, "cpus": os.cpu_count(),
        "median_speedup": round(statistics.median(r["speedup"] for r in results), 3),
        "best_speedup": max(r["speedup"] for r in results), "rounds": results,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--reps", type=int, default=REPS, help="Replications per headcount.")
    args = parser.parse_args()
    print(json.dumps(speedup_rounds(args.rounds, args.jobs, args.reps), indent=2))


def _rounded(share: float | None) -> float | None:
    return None if share is None else round(share, 3)


if __name__ == "__main__":
    main()
