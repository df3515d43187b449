"""``optimise``: the pick equals the best of an exhaustive sweep within its CI; an unreachable
target is reported with the closest candidate and the binding KPI; the study resumes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from itsim.cli import main
from itsim.config.load import apply_overrides
from itsim.experiment.decision_spec import Objective, Target, parse_target, parse_vary
from itsim.experiment.executors import SerialExecutor
from itsim.experiment.optimise import OptimiseSpec, optimise
from itsim.experiment.ranking import screen
from itsim.experiment.runner import run_replications
from tests.conftest import make_scenario

pytest.importorskip("optuna")

HEADCOUNTS = range(1, 6)
SLA = "sla_resolve_all"
COST = "annual_cost_usd"
# a busy desk, so its size moves the SLA (fixed headcounts: cost rises with each analyst)
BASE = {"horizon_days": 35, "warmup_days": 7, "demand.incidents.per_employee_per_month": 4.0}


def _spec(target: Target, **extra) -> OptimiseSpec:
    fields = dict(variables=[parse_vary("teams.desk.headcount=1..5")], targets=[target],
                  objectives=[Objective(COST, "minimise")], budget=5, reps=2, final_reps=4,
                  finalists=3, seed=3) | extra  # fmt: skip
    return OptimiseSpec(**fields)


def _exhaustive(base, reps: int, seed: int) -> pd.DataFrame:
    rows = []
    for headcount in HEADCOUNTS:
        scenario = apply_overrides(base, {"teams.desk.headcount": headcount})
        runs = run_replications(scenario, reps, seed)["runs"]
        rows.append({"headcount": headcount, SLA: runs[SLA].mean(), COST: runs[COST].mean(),
                     "cost_sd": runs[COST].std(ddof=1)})  # fmt: skip
    return pd.DataFrame(rows)


def test_the_pick_is_the_best_of_an_exhaustive_sweep_within_its_ci(tmp_path: Path):
    base = make_scenario(BASE)
    sweep = _exhaustive(base, reps=4, seed=3)
    # a target between the SLA of a 2- and a 3-analyst desk, so it binds
    threshold = float(np.round(sweep[SLA].iloc[[1, 2]].mean(), 3))
    result = optimise(base, _spec(Target(SLA, ">=", threshold)), SerialExecutor(), tmp_path)
    sel = result.selection
    feasible = sweep[sweep[SLA] >= threshold]
    best = feasible.loc[feasible[COST].idxmin()]
    assert sel.status == "recommended"
    half = sel.pick.half_width(COST, sel.final_reps)
    assert abs(sel.pick.mean(COST, sel.final_reps) - best[COST]) <= max(half, 1e-6)
    assert sel.binding == f"{SLA}>={threshold:g}"  # the cheaper desks miss the SLA target
    assert sel.p_met[f"{SLA}>={threshold:g}"] > 0  # its mean meets it, so some years do


def test_an_unreachable_target_names_the_closest_candidate_and_the_binding_kpi(tmp_path: Path):
    base = make_scenario(BASE)
    spec = _spec(Target(COST, "<=", 1000.0))  # no department costs 1,000 a year
    sel = optimise(base, spec, SerialExecutor(), tmp_path).selection
    assert sel.status == "unreachable"
    assert sel.binding == f"{COST}<=1000" and [str(t) for t in sel.failing] == [f"{COST}<=1000"]
    # every desk size was tried (budget 5 = the whole range); the smallest misses by least
    assert sel.pick.params["teams.desk.headcount"] == 1 and sel.pick.mean(COST) > 1000


def test_cli_writes_best_yaml_and_trials_and_resumes(tmp_path: Path, runner):
    path = tmp_path / "tiny.yaml"
    scenario = make_scenario(BASE).model_dump(mode="json")
    path.write_text(yaml.safe_dump(scenario), encoding="utf-8")
    out = tmp_path / "opt"

    def args(budget: int, vary: str = "teams.desk.headcount=1..4") -> list[str]:
        return ["optimise", str(path), "--vary", vary, "--target", f"{SLA}>=0.5", "--minimise",
                COST, "--budget", str(budget), "--reps", "2", "--final-reps", "3", "--jobs", "1",
                "-q", "--out", str(out)]  # fmt: skip

    first = runner.invoke(main, args(2))
    assert first.exit_code == 0, first.output
    trials = pd.read_csv(out / "trials.csv")
    assert {"teams.desk.headcount", f"{SLA}_mean", f"{SLA}_half_width", "feasible"} <= set(trials)
    decision = json.loads((out / "decision.json").read_text())
    assert decision["status"] in {"recommended", "unreachable"}
    assert (out / "study.db").exists()
    bigger = runner.invoke(main, args(4))
    assert bigger.exit_code == 0, bigger.output
    assert pd.read_csv(out / "trials.csv")["candidate"].nunique() == 4  # two more candidates
    other = runner.invoke(main, args(4, "teams.desk.headcount=1..3"))
    assert other.exit_code == 2 and "different optimisation" in other.output


def test_bad_questions_are_one_line_errors(runner):
    assert "must look like" in runner.invoke(main, ["optimise", "baseline", "--vary", "x",
                                                    "--minimise", COST]).output  # fmt: skip
    result = runner.invoke(main, ["optimise", "baseline", "--vary", "teams.nope.headcount=1..2",
                                  "--minimise", COST])  # fmt: skip
    assert result.exit_code == 2 and result.output.startswith("error: --vary")
    with pytest.raises(Exception, match="kpi>=value"):
        parse_target("sla>0.9")


def test_screening_keeps_the_best_and_drops_a_clearly_worse_candidate():
    rng = np.random.default_rng(1)
    common = rng.normal(0, 5, 20)  # common random numbers: a shared component in every arm
    samples = {"a": 100 + common + rng.normal(0, 0.5, 20),
               "b": 100.2 + common + rng.normal(0, 0.5, 20),
               "c": 110 + common + rng.normal(0, 0.5, 20)}  # fmt: skip
    kept = screen(samples, Objective(COST, "minimise"))
    assert "a" in kept and "c" not in kept
