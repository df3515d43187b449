"""The final step of an optimisation: more replications for the best candidates, then a pick.

Feasible means every target is met by the candidate's mean. With one objective the finalists
are the best feasible candidates of the search; with several, the feasible Pareto front. Each
finalist runs ``final_reps`` replications on the same seeds, the screening of
:mod:`itsim.experiment.ranking` keeps those that may be best, and the pick is the best mean
among them. When no candidate is feasible the answer is "unreachable": the closest candidate
(smallest total relative violation) and the targets it misses.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from itsim.experiment.candidates import Candidate, Evaluator
from itsim.experiment.decision_spec import Objective, Target
from itsim.experiment.ranking import confidence_mean_meets, screen, share_meeting

if TYPE_CHECKING:
    from itsim.experiment.optimise import OptimiseSpec


@dataclass
class Selection:
    """The answer of an optimisation (see the module docstring)."""

    status: Literal["recommended", "unreachable"]
    pick: Candidate
    final_reps: int
    finalists: list[Candidate] = field(default_factory=list)
    tied: list[str] = field(default_factory=list)
    front: list[Candidate] = field(default_factory=list)
    binding: str | None = None
    failing: list[Target] = field(default_factory=list)
    p_met: dict[str, float] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)


def feasible(candidate: Candidate, targets: Sequence[Target], reps: int | None = None) -> bool:
    """Whether the candidate's means meet every target."""
    return all(t.met(candidate.mean(t.kpi, reps)) for t in targets)


def select(evaluator: Evaluator, spec: OptimiseSpec, searched: Sequence[Candidate]) -> Selection:
    """Run the finalists for ``spec.final_reps`` and pick one (or say it is unreachable)."""
    distinct = list({c.label: c for c in searched}.values())
    first = spec.objectives[0]
    ok = [c for c in distinct if feasible(c, spec.targets, spec.reps)]
    if not ok:
        return _unreachable(evaluator, spec, distinct)
    if len(spec.objectives) > 1:
        finalists = _spread(pareto_front(ok, spec.objectives, spec.reps), spec.finalists, first)
    else:
        finalists = sorted(ok, key=lambda c: _key(c, first, spec.reps))[: spec.finalists]
    reps = max(spec.final_reps, spec.reps)
    evaluator.evaluate_many([c.params for c in finalists], reps)
    still = [c for c in finalists if feasible(c, spec.targets, reps)]
    if not still:
        return _unreachable(evaluator, spec, distinct, finalists)
    subset = screen({c.label: c.values(first.kpi, reps) for c in still}, first)
    kept = [c for c in still if c.label in subset]
    pick = min(kept, key=lambda c: _key(c, first, reps))
    front = pareto_front(still, spec.objectives, reps) if len(spec.objectives) > 1 else []
    return Selection("recommended", pick, reps, finalists,
                     tied=[c.label for c in kept if c is not pick], front=front,
                     binding=_binding(pick, distinct, spec),
                     **_probabilities(pick, spec.targets, reps))  # fmt: skip


def _key(candidate: Candidate, objective: Objective, reps: int | None) -> float:
    value = candidate.mean(objective.kpi, reps)
    if not math.isfinite(value):
        return math.inf
    return value if objective.sense == "minimise" else -value


def _probabilities(pick: Candidate, targets: Sequence[Target], reps: int) -> dict:
    return {
        "p_met": {str(t): share_meeting(pick.values(t.kpi, reps), t) for t in targets},
        "confidence": {str(t): confidence_mean_meets(pick.values(t.kpi, reps), t) for t in targets},
    }


def _binding(pick: Candidate, distinct: Sequence[Candidate], spec: OptimiseSpec) -> str | None:
    """The target that the candidates better than the pick on the objective miss most often."""
    first = spec.objectives[0]
    mine = _key(pick, first, spec.reps)
    better = [c for c in distinct if _key(c, first, spec.reps) < mine]
    counts = {
        str(t): sum(not t.met(c.mean(t.kpi, spec.reps)) for c in better) for t in spec.targets
    }
    top = max(counts.values(), default=0)
    return next((t for t, n in counts.items() if n == top), None) if top else None


def _relative_violation(candidate: Candidate, targets: Sequence[Target], reps: int | None) -> float:
    total = 0.0
    for target in targets:
        miss = target.violation(candidate.mean(target.kpi, reps))
        total += max(0.0, miss) / max(abs(target.threshold), 1e-9)
    return total


def _unreachable(
    evaluator: Evaluator,
    spec: OptimiseSpec,
    distinct: Sequence[Candidate],
    finalists: Sequence[Candidate] = (),
) -> Selection:
    pool = list(finalists) or list(distinct)
    closest = min(pool, key=lambda c: _relative_violation(c, spec.targets, None))
    reps = max(spec.final_reps, spec.reps)
    evaluator.evaluate(closest.params, reps)
    failing = [t for t in spec.targets if not t.met(closest.mean(t.kpi, reps))]
    misses = {str(t): sum(not t.met(c.mean(t.kpi, spec.reps)) for c in distinct)
              for t in spec.targets}  # fmt: skip
    binding = max(misses, key=lambda t: misses[t]) if misses else None
    return Selection("unreachable", closest, reps, list(finalists), binding=binding,
                     failing=failing or list(spec.targets),
                     **_probabilities(closest, spec.targets, reps))  # fmt: skip


def pareto_front(
    candidates: Sequence[Candidate], objectives: Sequence[Objective], reps: int | None
) -> list[Candidate]:
    """The candidates no other candidate beats on every objective (means)."""
    keys = {c.label: [_key(c, o, reps) for o in objectives] for c in candidates}

    def dominated(c: Candidate) -> bool:
        mine = keys[c.label]
        return any(all(a <= b for a, b in zip(keys[o.label], mine, strict=True))
                   and keys[o.label] != mine for o in candidates)  # fmt: skip

    return [c for c in candidates if not dominated(c)]


def _spread(front: list[Candidate], most: int, first: Objective) -> list[Candidate]:
    """At most ``most`` members of the front, evenly spaced along the first objective."""
    ordered = sorted(front, key=lambda c: _key(c, first, None))
    if len(ordered) <= most:
        return ordered
    step = (len(ordered) - 1) / max(1, most - 1)
    return [ordered[round(i * step)] for i in range(most)]
