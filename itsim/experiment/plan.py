"""Sweep plans: a base scenario, arms, grid points, replications and seed, from an experiment
file or from ``--grid`` options, expanded into validated scenarios and run tasks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from itsim.config.experiment_schema import Experiment, Grid
from itsim.config.load import (
    _first_error,
    apply_overrides,
    read_raw,
    resolve_path,
    set_dotted,
    validate,
)
from itsim.config.overrides import Override, overrides_per_arm
from itsim.config.schema import Scenario
from itsim.errors import InputError
from itsim.experiment.grid import Point, expand_grid
from itsim.experiment.runner import RunTask


@dataclass(frozen=True)
class SweepPlan:
    """What to run: a base scenario, arms (named overrides), grid points, reps and seed.

    ``arms`` maps an arm name to its overrides; an empty mapping means one arm, the base
    scenario under its own name. ``source`` names where the plan came from, for error messages.
    """

    name: str
    base: Scenario
    points: list[Point]
    replications: int
    seed: int
    arms: dict[str, dict[str, Any]] = field(default_factory=dict)
    grid_keys: list[str] = field(default_factory=list)
    source: str = "--grid"
    notes: list[str] = field(default_factory=list)  # command-line overrides an arm did not get

    @property
    def arm_names(self) -> list[str]:
        """Arm names in file order (the base scenario's name when there are no arms)."""
        return list(self.arms) or [self.base.name]


def load_experiment(path: str | Path) -> Experiment:
    """Read and validate an experiment file (unknown keys are errors)."""
    raw = read_raw(Path(path))
    try:
        return Experiment.model_validate(raw)
    except ValidationError as exc:
        raise _first_error(exc, str(path)) from None


def is_experiment_file(path: str | Path) -> bool:
    """Whether ``path`` is an experiment file (it names a ``base``, ``arms`` or ``grid``)."""
    file = Path(path)
    if not file.is_file():
        return False
    return bool({"base", "arms", "grid"} & set(read_raw(file)))


def plan_from_experiment(
    path: str | Path,
    extra_set: Mapping[str, Any] | Sequence[Override] | None = None,
    extra_grid: Grid | None = None,
) -> SweepPlan:
    """Expand an experiment file into a plan; ``extra_*`` come from the command line.

    With arms, each ``extra_set`` override goes to the arms that have its key's block or to the
    arm it names (:mod:`itsim.config.overrides`); without arms it sets the base scenario.
    """
    experiment = load_experiment(path)
    extra = _as_overrides(extra_set)
    base_file = Path(path).parent / experiment.base
    raw = read_raw(base_file if base_file.is_file() else resolve_path(experiment.base))
    on_base = {} if experiment.arms else {o.key: o.value for o in extra if o.arm is None}
    for key, value in {**experiment.set, **on_base}.items():
        set_dotted(raw, key, value)
    base = validate(raw, f"{path}: base {experiment.base}")
    arms, notes = _arms_with(base, experiment, extra, str(path))
    grid = experiment.grid
    if extra_grid is not None:
        grid = Grid(
            factorial={**grid.factorial, **extra_grid.factorial}, zip=grid.zip, lhs=grid.lhs
        )
    return SweepPlan(
        name=experiment.name,
        base=base,
        points=expand_grid(grid),
        replications=experiment.replications or base.replications,
        seed=experiment.seed if experiment.seed is not None else base.seed,
        arms=arms,
        grid_keys=grid.keys,
        source=str(path),
        notes=notes,
    )


def _as_overrides(extra: Mapping[str, Any] | Sequence[Override] | None) -> list[Override]:
    if extra is None:
        return []
    if isinstance(extra, Mapping):
        return [Override(key, value) for key, value in extra.items()]
    return list(extra)


def _arms_with(
    base: Scenario, experiment: Experiment, extra: Sequence[Override], source: str
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Each arm's overrides followed by the command-line overrides that fit the arm."""
    arms = {name: dict(overrides) for name, overrides in experiment.arms.items()}
    if not arms:
        named = [o for o in extra if o.arm is not None]
        if named:
            where = f"{named[0].arm}:{named[0].key}"
            raise InputError("--set", where, "the experiment has no arms")
        return arms, []
    resolved = {}
    for name, overrides in arms.items():
        try:
            resolved[name] = apply_overrides(base, overrides).model_dump(mode="json")
        except InputError as exc:
            raise InputError(source, exc.key, f"{exc.message} (arm {name})") from None
    per_arm, notes = overrides_per_arm(resolved, extra)
    return {name: {**arms[name], **per_arm[name]} for name in arms}, notes


def plan_from_grid(scenario: Scenario, factors: Mapping[str, Sequence[Any]]) -> SweepPlan:
    """A plan sweeping the full factorial of ``factors`` over one scenario (``--grid``)."""
    grid = Grid(factorial={key: list(values) for key, values in factors.items()})
    return SweepPlan(
        name=f"{scenario.name}-sweep",
        base=scenario,
        points=expand_grid(grid),
        replications=scenario.replications,
        seed=scenario.seed,
        grid_keys=grid.keys,
    )


def sweep_scenarios(plan: SweepPlan) -> dict[tuple[str, str], Scenario]:
    """The validated scenario of every (arm, point); a bad key or value is an InputError."""
    scenarios = {}
    for arm in plan.arm_names:
        arm_overrides = plan.arms.get(arm, {})
        named = {"name": arm} if plan.arms else {}
        for point in plan.points:
            try:
                scenario = apply_overrides(plan.base, {**arm_overrides, **point.overrides, **named})
            except InputError as exc:
                where = f" (arm {arm}, point {point.label})" if plan.arms else ""
                where = where or f" (point {point.label})"
                raise InputError(plan.source, exc.key, exc.message + where) from None
            scenarios[arm, point.label] = scenario
    return scenarios


def sweep_tasks(plan: SweepPlan, scenarios: Mapping[tuple[str, str], Scenario]) -> list[RunTask]:
    """One task per (rep, arm, point), replication-major; every task of a rep shares its seed."""
    return [
        RunTask(scenarios[arm, point.label], plan.seed, rep, point.label)
        for rep in range(plan.replications)
        for arm in plan.arm_names
        for point in plan.points
    ]
