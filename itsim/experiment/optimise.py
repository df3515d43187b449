"""``optimise``: search decision variables for the best scenario that meets every target.

The search is optuna's: TPE with constraints for one objective, NSGA-II with constraints for
several (a Pareto front). Each trial is a candidate run for ``reps`` replications on common
random numbers (:mod:`itsim.experiment.candidates`); a target's violation (threshold minus mean
for ``>=``) is the trial's constraint. The study lives in SQLite in the output folder, so a
stopped optimisation resumes where it stopped and a larger ``budget`` adds trials. Then the
best few candidates run ``final_reps`` replications and a screening procedure picks among them
(:mod:`itsim.experiment.ranking`, :mod:`itsim.experiment.selection`).
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from itsim.config.schema import Scenario
from itsim.errors import InputError
from itsim.experiment.candidates import Candidate, Evaluator
from itsim.experiment.decision_spec import Objective, Target, Variable
from itsim.experiment.executors import Executor
from itsim.experiment.selection import Selection, select

STUDY_FILE = "study.db"
STUDY_NAME = "itsim-optimise"
#: Trials allowed per budgeted candidate: a proposal seen before costs no run but is a trial.
MAX_TRIALS_PER_CANDIDATE = 5
#: A violation too large to be real, standing in for "not measured" (JSON has no infinity).
UNMEASURED = 1e18
#: KPIs every candidate records besides its objectives and targets (those the runs have).
CONTEXT_KPIS = ("annual_cost_usd", "sla_resolve_P1", "sla_resolve_P2", "sla_resolve_all",
                "utilisation_desk", "share_burned_out", "turnover_rate")  # fmt: skip


@dataclass(frozen=True)
class OptimiseSpec:
    """What to optimise and with how many runs."""

    variables: list[Variable]
    targets: list[Target]
    objectives: list[Objective]
    budget: int = 30  # distinct candidates to simulate in the search
    reps: int = 3
    final_reps: int = 10
    finalists: int = 5
    seed: int = 0

    def question(self) -> dict[str, Any]:
        """The part of the spec a resumed study must share (the budget may grow)."""
        return {"variables": [asdict(v) for v in self.variables],
                "targets": [str(t) for t in self.targets],
                "objectives": [str(o) for o in self.objectives],
                "reps": self.reps, "seed": self.seed}  # fmt: skip

    def tracked_kpis(self) -> list[str]:
        """KPIs recorded per candidate: objectives, targets, then context."""
        return [*(o.kpi for o in self.objectives), *(t.kpi for t in self.targets), *CONTEXT_KPIS]


@dataclass
class OptimiseResult:
    """The search trials and the final selection."""

    spec: OptimiseSpec
    trials: list[tuple[int, Candidate]]
    selection: Selection
    simulated_years: float
    runs: int
    elapsed_seconds: float
    base_name: str
    pick_scenario: Scenario  # the base with the pick's values set (best.yaml / closest.yaml)


def optimise(
    base: Scenario, spec: OptimiseSpec, executor: Executor, out_dir: Path, quiet: bool = True
) -> OptimiseResult:
    """Search, then select among the best candidates with more replications."""
    import optuna  # the optional 'decide' extra; imported only when optimising

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    started = time.perf_counter()
    evaluator = Evaluator(base, spec.seed, executor, spec.tracked_kpis())
    _check_variables(evaluator, spec.variables)
    out_dir.mkdir(parents=True, exist_ok=True)
    study = _study(optuna, spec, out_dir)
    for trial in study.get_trials(deepcopy=False):
        if trial.state.name == "COMPLETE":
            params = {var.key: trial.params[var.key] for var in spec.variables}
            evaluator.add(Candidate(params, _lists(trial.user_attrs["kpis"])))
    with executor:
        if not _enough(evaluator, spec):
            study.optimize(_objective(evaluator, spec), n_trials=MAX_TRIALS_PER_CANDIDATE
                           * spec.budget, callbacks=[_stop_when_enough(evaluator, spec)],
                           show_progress_bar=not quiet)  # fmt: skip
        complete = [t for t in study.get_trials(deepcopy=False) if t.state.name == "COMPLETE"]
        trials = [(t.number, evaluator.cache[_label(t.params, spec)]) for t in complete]
        selection = select(evaluator, spec, [c for _n, c in trials])
    elapsed = time.perf_counter() - started
    picked = evaluator.scenario(selection.pick.params)
    return OptimiseResult(spec, trials, selection, evaluator.simulated_years(), evaluator.runs,
                          elapsed, base.name, picked)  # fmt: skip


def _check_variables(evaluator: Evaluator, variables: list[Variable]) -> None:
    """One clear error before any run when a varied key or value is not valid."""
    for var in variables:
        for value in var.values() or [var.low, var.high]:
            try:
                evaluator.scenario({var.key: value})
            except InputError as exc:
                raise InputError("--vary", var.key, f"{value!r}: {exc.message}") from None


def _study(optuna: Any, spec: OptimiseSpec, out_dir: Path) -> Any:
    # constraints are set per trial (Trial.set_constraint), which both samplers read
    if len(spec.objectives) == 1:
        startup = min(10, max(2, spec.budget // 3))
        sampler = optuna.samplers.TPESampler(seed=spec.seed, n_startup_trials=startup)
    else:
        population = min(50, max(4, spec.budget // 4))
        sampler = optuna.samplers.NSGAIISampler(seed=spec.seed, population_size=population)
    study = optuna.create_study(
        storage=f"sqlite:///{(out_dir / STUDY_FILE).resolve()}",
        study_name=STUDY_NAME,
        sampler=sampler,
        directions=["minimize" if o.sense == "minimise" else "maximize" for o in spec.objectives],
        load_if_exists=True,
    )
    question = json.dumps(spec.question(), sort_keys=True)
    stored = study.user_attrs.get("question")
    if stored is None:
        study.set_user_attr("question", question)
    elif stored != question:
        raise InputError(str(out_dir), "", "holds a different optimisation (other variables, "
                         "targets, objectives, reps or seed); use another --out")  # fmt: skip
    return study


def space_size(variables: list[Variable]) -> float:
    """How many distinct candidates there are (infinite with a continuous variable)."""
    size = 1.0
    for var in variables:
        values = var.values()
        size *= math.inf if values is None else len(values)
    return size


def _enough(evaluator: Evaluator, spec: OptimiseSpec) -> bool:
    """Whether the budget of distinct candidates is spent, or every candidate was tried."""
    distinct = len(evaluator.cache)
    return distinct >= min(spec.budget, space_size(spec.variables))


def _stop_when_enough(evaluator: Evaluator, spec: OptimiseSpec) -> Any:
    def callback(study: Any, _trial: Any) -> None:
        if _enough(evaluator, spec):
            study.stop()

    return callback


def _objective(evaluator: Evaluator, spec: OptimiseSpec) -> Any:
    def run(trial: Any) -> list[float]:
        params = {var.key: _suggest(trial, var) for var in spec.variables}
        candidate = evaluator.evaluate(params, spec.reps)
        trial.set_user_attr("kpis", {k: candidate.values(k, spec.reps).tolist()
                                     for k in evaluator.kpis})  # fmt: skip
        for target in spec.targets:
            miss = target.violation(candidate.mean(target.kpi, spec.reps))
            trial.set_constraint(str(target), _finite(miss))
        return [_objective_value(candidate, o, spec.reps) for o in spec.objectives]

    return run


def _suggest(trial: Any, var: Variable) -> Any:
    if var.kind == "int":
        return trial.suggest_int(var.key, int(var.low), int(var.high))
    if var.kind == "float":
        return trial.suggest_float(var.key, var.low, var.high)
    return trial.suggest_categorical(var.key, list(var.choices))


def _objective_value(candidate: Candidate, objective: Objective, reps: int) -> float:
    value = candidate.mean(objective.kpi, reps)
    if math.isfinite(value):
        return value
    return UNMEASURED if objective.sense == "minimise" else -UNMEASURED


def _finite(value: float) -> float:
    return value if math.isfinite(value) else UNMEASURED


def _lists(kpis: dict[str, Any]) -> dict[str, list[float]]:
    return {k: [math.nan if v is None else float(v) for v in values] for k, values in kpis.items()}


def _label(params: dict[str, Any], spec: OptimiseSpec) -> str:
    from itsim.experiment.candidates import params_label

    return params_label({var.key: params[var.key] for var in spec.variables})
