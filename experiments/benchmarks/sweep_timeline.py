"""Where a sweep's wall time goes: each run's start, end and CPU, inside serial and parallel sweeps.

Runs the 20-run sweep of ``sweep_speedup.py`` as ``itsim sweep`` processes, ``--jobs 1`` and
``--jobs N`` alternately, each with the command's own code timed from inside: every
replication (wall, user and system CPU from ``getrusage``) and every store write, in whichever
process ran it, against one clock. Prints JSON per sweep: when the first run started after the
interpreter reached the command, the median CPU of a run and wall of a write, and when each
process finished its last run.

``--side-by-side`` instead runs 10 replications of the baseline in one process, then in two
processes at once, and prints the user CPU per replication of each: how much a run slows when
the other core runs the same work, with no sweep machinery at all; and the same for a loop
whose data fit in each core's cache, which the other core cannot slow through memory.

    python experiments/benchmarks/sweep_timeline.py --pairs 3 --jobs 2
    python experiments/benchmarks/sweep_timeline.py --side-by-side 3
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
from typing import Any

LOG_VARIABLE = "ITSIM_SWEEP_TIMELINE"


def child(argv: list[str]) -> None:
    """Run ``itsim`` with ``argv``, logging runs and writes to the file named by the variable."""
    started = time.perf_counter()
    from itsim.experiment.process_env import configure_process

    configure_process()
    import itsim.experiment.sweep as sweep

    log_path = os.environ[LOG_VARIABLE]

    def log(**fields: Any) -> None:
        with open(log_path, "a", encoding="utf-8") as fh:  # one line per record, appended
            fh.write(json.dumps({"pid": os.getpid(), **fields}) + "\n")

    run_task, write_run = sweep.run_task, sweep.ResultStore.write_run

    def timed_run_task(task: Any) -> Any:
        before, wall = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        result = run_task(task)
        after = resource.getrusage(resource.RUSAGE_SELF)
        user_s, sys_s = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
        end_s = time.perf_counter() - started
        log(kind="run", start_s=wall - started, end_s=end_s, user_s=user_s, sys_s=sys_s)
        return result

    def timed_write_run(store: Any, *args: Any, **kwargs: Any) -> Any:
        wall = time.perf_counter()
        row = write_run(store, *args, **kwargs)
        log(kind="write", wall_s=time.perf_counter() - wall, end_s=time.perf_counter() - started)
        return row

    sweep.run_task = timed_run_task  # forked workers inherit both
    sweep.ResultStore.write_run = timed_write_run  # type: ignore[method-assign]
    from itsim.cli import main

    try:
        main(argv, standalone_mode=False)
    finally:
        log(kind="end", end_s=time.perf_counter() - started)
        os._exit(0)  # as the command does: no interpreter teardown


def timed_sweep(jobs: int, root: Path) -> dict[str, Any]:
    """One sweep in a child process of this script, summarised from its log."""
    log_path = root.with_suffix(".jsonl")
    # the sweep of sweep_speedup.py (imported here, not in the timed child: it loads pandas)
    from sweep_speedup import HEADCOUNTS, REPS

    grid = ",".join(str(h) for h in HEADCOUNTS)
    argv = ["sweep", "baseline", "--grid", f"teams.desk.headcount={grid}", "--reps",
            str(REPS), "--jobs", str(jobs), "--quiet", "--out", str(root)]  # fmt: skip
    env = {**os.environ, LOG_VARIABLE: str(log_path)}
    wall = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--child", *argv], check=True, env=env,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    wall = time.perf_counter() - wall
    records = [json.loads(line) for line in log_path.read_text(encoding="utf-8").splitlines()]
    runs = [r for r in records if r["kind"] == "run"]
    writes = [r for r in records if r["kind"] == "write"]
    last_end: dict[int, float] = {}
    for record in runs + writes:
        last_end[record["pid"]] = max(last_end.get(record["pid"], 0.0), record["end_s"])
    ends = sorted(last_end.values())
    busy: dict[int, float] = {}  # per process: seconds inside a run or a store write
    first_start: dict[int, float] = {}
    for record in runs:
        busy[record["pid"]] = busy.get(record["pid"], 0.0) + record["end_s"] - record["start_s"]
        first_start[record["pid"]] = min(first_start.get(record["pid"], 1e9), record["start_s"])
    for record in writes:
        busy[record["pid"]] = busy.get(record["pid"], 0.0) + record["wall_s"]
    # what a process spent between its first run's start and its last write's end on neither:
    # waiting for its next task, unpickling it, handing back a result
    between = [last_end[pid] - first_start[pid] - busy[pid] for pid in first_start]
    return {
        "jobs": jobs,
        "wall_s": round(wall, 3),
        "command_end_s": round(max(r["end_s"] for r in records if r["kind"] == "end"), 3),
        "first_run_start_s": round(min(r["start_s"] for r in runs), 3),
        "run_user_cpu_s_median": round(statistics.median(r["user_s"] for r in runs), 4),
        "run_user_cpu_s_mean": round(statistics.fmean(r["user_s"] for r in runs), 4),
        "run_sys_cpu_s_mean": round(statistics.fmean(r["sys_s"] for r in runs), 4),
        "write_wall_s_median": round(statistics.median(r["wall_s"] for r in writes), 4),
        "processes_last_write_s": [round(e, 3) for e in ends],
        "last_two_processes_apart_s": round(ends[-1] - ends[-2], 3) if len(ends) > 1 else None,
        "between_runs_s_per_process": [round(b, 3) for b in between],
        "run_and_write_wall_s_per_process": [round(busy[pid], 3) for pid in first_start],
    }


def replications_child() -> None:
    """Print the user CPU-s per replication of 10 baseline years (after one warm-up run)."""
    from itsim.experiment.process_env import configure_process

    configure_process()
    from itsim.config.load import load_scenario
    from itsim.experiment.runner import run_one

    scenario = load_scenario("baseline")
    run_one(scenario, 1, 0)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_utime
    for rep in range(1, 11):
        run_one(scenario, 1, rep)
    print(round((resource.getrusage(resource.RUSAGE_SELF).ru_utime - before) / 10, 4))


def spin_child() -> None:
    """Print the user CPU-s of a pure-Python loop whose data fit in the CPU's own cache."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_utime
    total = 0
    for i in range(20_000_000):
        total += i * i % 7
    print(round(resource.getrusage(resource.RUSAGE_SELF).ru_utime - before, 4))


def side_by_side(rounds: int) -> dict[str, Any]:
    """User CPU-s of the replications (per replication) and of the cache-resident loop, alone
    and two processes at once, ``rounds`` times each."""
    result: dict[str, Any] = {}
    for name, flag in (("replication", "--replications-child"), ("spin", "--spin-child")):
        argv = [sys.executable, __file__, flag]
        alone, together = [], []
        for _ in range(rounds):
            alone.append(float(subprocess.run(argv, check=True, capture_output=True).stdout))
            pair = [subprocess.Popen(argv, stdout=subprocess.PIPE) for _ in range(2)]
            together.extend(float(p.communicate()[0]) for p in pair)
        result[name] = {
            "alone_user_s": alone,
            "side_by_side_user_s": together,
            "slowdown": round(statistics.median(together) / statistics.median(alone), 3),
        }
    return result


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--replications-child":
        replications_child()
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--spin-child":
        spin_child()
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--side-by-side",
        type=int,
        metavar="ROUNDS",
        help="Time replications alone and two processes at once instead.",
    )
    args = parser.parse_args()
    if args.side_by_side:
        print(json.dumps(side_by_side(args.side_by_side), indent=2))
        return
    sweeps = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.pairs):
            for jobs in [1, args.jobs] if i % 2 == 0 else [args.jobs, 1]:
                sweeps.append(timed_sweep(jobs, Path(tmp) / f"{i}-{jobs}"))
    from sweep_speedup import HEADCOUNTS, REPS

    runs = len(HEADCOUNTS) * REPS
    print(json.dumps({"runs": runs, "cpus": os.cpu_count(), "sweeps": sweeps}, indent=2))


if __name__ == "__main__":
    main()
