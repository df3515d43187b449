"""Whole-process speed and scaling of itsim, with plain SimPy measured in the same run.

Sections (``--only`` picks some; each prints one JSON object under its name):

``mmc``
    ``itsim run validation/mmc --reps 1 --jobs 1 --days D`` against the minimal SimPy script
    (``plain_simpy.py --days D``), each a fresh process, alternating which goes first over
    ``--rounds`` rounds. The figure is the CPU seconds (user + system) of each whole process,
    start-up, tables and output files included; the ratio is taken per round.
``years``
    One replication of every bundled scenario, CPU seconds in-process (imports excluded), median
    over ``--rounds``; and the wall time of ``itsim run baseline --reps 10 --jobs 2``.
``dept``
    The baseline department scaled x1, x10, x100 (employees, every team's headcount, project
    intake and WIP limit): in-process CPU of one replication, peak RSS of the process, CPU per
    ticket, the growth exponent of CPU in tickets and the extra memory per extra ticket.
``sweep``
    A 20-run sweep on ``--jobs`` worker processes against serial (``sweep_speedup.py``).

itsim's modules are compiled to bytecode first (``compile_bytecode``), as an installed copy is.
CPU time, not wall time, is the measure: the machine these figures come from is shared, and
another program's load stretches wall time far more than CPU time. Every process figure also
records the share of the machine's CPU that other programs used meanwhile (``/proc/stat``).

    python experiments/benchmarks/scale.py --rounds 5
    python experiments/benchmarks/scale.py --only dept --dept-factors 1 10 100
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
# the in-process children run as itsim's command line and workers do: before numpy and pandas
# load, the settings of itsim.experiment.process_env
from itsim.experiment.process_env import configure_process  # noqa: E402

configure_process()

from sweep_speedup import busy_cpu_seconds, speedup_rounds  # noqa: E402

SECTIONS = ("mmc", "years", "dept", "sweep")


def measure(argv: Sequence[str]) -> dict[str, Any]:
    """Run ``argv`` as a child process; its CPU, wall, peak RSS, stdout and others' CPU share.

    CPU and peak RSS come from ``wait4`` on the child, so they cover the child and the worker
    processes it waited for. ``others_cpu_share`` is the share of all CPUs that programs other
    than this one and the child used while it ran (None off Linux).
    """
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        machine, own, started = busy_cpu_seconds(), time.process_time(), time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=err, env=env)
        _pid, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        after = busy_cpu_seconds()
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0), err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{stderr}")
    cpu = usage.ru_utime + usage.ru_stime
    share = None
    if machine is not None and after is not None:
        others = (after - machine) - cpu - (time.process_time() - own)
        share = round(max(0.0, others) / (wall * (os.cpu_count() or 1)), 3)
    return {
        "cpu_s": round(cpu, 3),
        "wall_s": round(wall, 3),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # Linux reports KiB
        "others_cpu_share": share,
        "stdout": stdout,
    }


def _python(*args: str) -> list[str]:
    return [sys.executable, *args]


def spread(values: Sequence[float], digits: int = 3) -> dict[str, float]:
    """Median, minimum and maximum."""
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
    }


def section_mmc(rounds: int, days: int) -> dict[str, Any]:
    """M/M/10 whole process: itsim's CLI against the minimal SimPy script, interleaved."""
    with tempfile.TemporaryDirectory() as tmp:
        itsim = _python("-m", "itsim", "run", "validation/mmc", "--reps", "1", "--jobs", "1",
                        "--days", str(days), "--quiet", "--out", tmp)  # fmt: skip
        plain = _python(str(HERE / "plain_simpy.py"), "--days", str(days))
        runs = {"itsim": [], "plain": []}
        for r in range(rounds):
            order = ["itsim", "plain"] if r % 2 == 0 else ["plain", "itsim"]
            for name in order:
                runs[name].append(measure(itsim if name == "itsim" else plain))
    all_runs = runs["itsim"] + runs["plain"]
    ratios = [a["cpu_s"] / b["cpu_s"] for a, b in zip(runs["itsim"], runs["plain"], strict=True)]
    return {
        "days": days,
        "itsim_cpu_s": spread([m["cpu_s"] for m in runs["itsim"]]),
        "plain_cpu_s": spread([m["cpu_s"] for m in runs["plain"]]),
        "ratio_itsim_over_plain": spread(ratios),
        "itsim_peak_rss_mb": spread([m["peak_rss_mb"] for m in runs["itsim"]], 1),
        "others_cpu_share": spread([m["others_cpu_share"] or 0.0 for m in all_runs]),
    }


def section_years(rounds: int) -> dict[str, Any]:
    """A year of every bundled scenario in-process, and 10 replications with ``itsim run``."""
    inproc = measure(_python(__file__, "--child", "years", str(rounds)))
    per_scenario = json.loads(inproc["stdout"])
    with tempfile.TemporaryDirectory() as tmp:
        run10 = _python("-m", "itsim", "run", "baseline", "--reps", "10", "--jobs", "2",
                        "--quiet", "--out", tmp)  # fmt: skip
        walls = [measure(run10) for _ in range(max(1, rounds // 2))]
    return {
        "cpu_s_per_replication": {name: spread(cpu) for name, cpu in per_scenario.items()},
        "run_baseline_10_reps_2_jobs": {
            "wall_s": spread([m["wall_s"] for m in walls]),
            "cpu_s": spread([m["cpu_s"] for m in walls]),
            "others_cpu_share": spread([m["others_cpu_share"] or 0.0 for m in walls]),
        },
        "others_cpu_share_in_process_part": inproc["others_cpu_share"],
    }


def section_dept(factors: Sequence[int], rounds: int) -> dict[str, Any]:
    """The baseline department scaled by each factor: CPU, peak RSS, per-ticket figures."""
    rows: dict[int, list[dict[str, Any]]] = {k: [] for k in factors}
    for _ in range(rounds):
        for k in factors:
            m = measure(_python(__file__, "--child", "dept", str(k)))
            rows[k].append(m | json.loads(m.pop("stdout")))
    table = {k: _dept_row(ms) for k, ms in rows.items()}
    return {"factors": table, "growth": _growth(table)}


def _dept_row(ms: list[dict[str, Any]]) -> dict[str, Any]:
    tickets = ms[0]["tickets"]
    cpu = statistics.median(m["run_cpu_s"] for m in ms)
    return {
        "tickets": tickets,
        "staff": ms[0]["staff"],
        "run_cpu_s": spread([m["run_cpu_s"] for m in ms]),
        "process_cpu_s": spread([m["cpu_s"] for m in ms]),
        "us_per_ticket": round(cpu / tickets * 1e6, 2),
        "peak_rss_mb": max(m["peak_rss_mb"] for m in ms),
        "others_cpu_share": spread([m["others_cpu_share"] or 0.0 for m in ms]),
    }


def _growth(table: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """Exponent of CPU in tickets, per-ticket CPU ratio and KB per extra ticket, against x1."""
    factors = sorted(table)
    small = table[factors[0]]
    out = {}
    for k in factors[1:]:
        big = table[k]
        cpu_ratio = big["run_cpu_s"]["median"] / small["run_cpu_s"]["median"]
        ticket_ratio = big["tickets"] / small["tickets"]
        extra_kb = (big["peak_rss_mb"] - small["peak_rss_mb"]) * 1024
        out[f"x{factors[0]}_to_x{k}"] = {
            "exponent": round(math.log(cpu_ratio) / math.log(ticket_ratio), 3),
            "per_ticket_cpu_ratio": round(big["us_per_ticket"] / small["us_per_ticket"], 3),
            "kb_per_extra_ticket": round(extra_kb / (big["tickets"] - small["tickets"]), 3),
        }
    return out


def section_sweep(rounds: int, jobs: int, reps: int) -> dict[str, Any]:
    """Sweep speed-up on ``jobs`` processes over serial (``reps`` per headcount, 4 headcounts)."""
    return speedup_rounds(rounds, jobs, reps)


# -- child processes -------------------------------------------------------------------------


def scaled_overrides(factor: int) -> dict[str, Any]:
    """Overrides that make the baseline department ``factor`` times bigger in every way."""
    from itsim.config.load import load_scenario

    base = load_scenario("baseline")
    projects = base.demand.projects
    overrides: dict[str, Any] = {
        "company.employees": base.company.employees * factor,
        "demand.projects.per_month": projects.per_month * factor,
    }
    if projects.wip_limit is not None:
        overrides["demand.projects.wip_limit"] = projects.wip_limit * factor
    for name, team in base.teams.items():
        overrides[f"teams.{name}.headcount"] = team.headcount * factor
    return overrides


def child_dept(factor: int) -> dict[str, Any]:
    """One replication of the scaled baseline; CPU of the run itself (imports excluded)."""
    from itsim.config.load import apply_overrides, load_scenario
    from itsim.experiment.runner import run_one

    scenario = apply_overrides(load_scenario("baseline"), scaled_overrides(factor))
    # a first short run pays the one-off costs (lazy imports, caches) that every later
    # replication of a sweep is spared; the timed run is a warm one, as in a sweep
    run_one(apply_overrides(scenario, {"horizon_days": 14, "warmup_days": 0}), seed=1, rep=0)
    started = time.process_time()
    result = run_one(scenario, seed=1, rep=0)
    cpu = time.process_time() - started
    # every ticket drawn, warm-up included (counted on the columns: DataFrames are made only
    # for callers that ask, and a run's memory is measured without them)
    tickets = len(result.columns["tickets"])
    staff = sum(t.headcount for t in scenario.teams.values())
    return {"factor": factor, "tickets": tickets, "staff": staff, "run_cpu_s": round(cpu, 3)}


def child_years(rounds: int) -> dict[str, list[float]]:
    """In-process CPU seconds of one replication of every bundled scenario, per round."""
    from itsim.config.load import BUNDLED_DIR, load_scenario
    from itsim.experiment.runner import run_one

    scenarios = [load_scenario(p.stem) for p in sorted(BUNDLED_DIR.glob("*.yaml"))]
    cpu: dict[str, list[float]] = {s.name: [] for s in scenarios}
    for r in range(rounds):
        for scenario in scenarios:
            started = time.process_time()
            run_one(scenario, scenario.seed, r)
            cpu[scenario.name].append(time.process_time() - started)
    return cpu


def compile_bytecode() -> bool:
    """Compile itsim's modules to bytecode, as installing a package does; True when done.

    An editable install writes the bytecode on first import, unless ``PYTHONDONTWRITEBYTECODE``
    is set (as on some CI machines and sandboxes): then every ``itsim`` process compiles its
    hundred modules from source, about 0.1 CPU-s that no installed copy pays.
    """
    import compileall

    return bool(compileall.compile_dir(REPO / "itsim", quiet=1))


CHILDREN: dict[str, Callable[[int], Any]] = {"dept": child_dept, "years": child_years}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--rounds", type=int, default=5, help="Rounds of mmc and years.")
    parser.add_argument("--mmc-days", type=int, default=1000)
    parser.add_argument("--dept-factors", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--dept-rounds", type=int, default=1)
    parser.add_argument("--sweep-rounds", type=int, default=3)
    parser.add_argument("--sweep-reps", type=int, default=5, help="Replications per point.")
    parser.add_argument("--jobs", type=int, default=2, help="Processes for the sweep.")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "ARG"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child[0]](int(args.child[1]))))
        return
    runners = {
        "mmc": lambda: section_mmc(args.rounds, args.mmc_days),
        "years": lambda: section_years(args.rounds),
        "dept": lambda: section_dept(args.dept_factors, args.dept_rounds),
        "sweep": lambda: section_sweep(args.sweep_rounds, args.jobs, args.sweep_reps),
    }
    report: dict[str, Any] = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    report["bytecode_compiled"] = compile_bytecode()
    for name in args.only:
        report[name] = runners[name]()
        print(json.dumps({name: report[name]}), file=sys.stderr)  # progress, section by section
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
