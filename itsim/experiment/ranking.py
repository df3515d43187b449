"""Ranking and selection among a few candidates simulated on common random numbers.

After a search has found promising candidates, each finalist is run for more replications on
the same ``(seed, rep)`` pairs and a screening procedure keeps every candidate that could be
the best: Nelson, Swann, Goldsman & Song (2001), "Simple procedures for selecting the best
simulated system when the number of alternatives is large", Operations Research 49(6). For
minimisation, candidate i stays when its mean is at most every other candidate's mean plus

    W_ij = t(1 - alpha / (k - 1), n - 1) * S_ij / sqrt(n),

where S_ij is the standard deviation of the paired differences X_i - X_j over the n common
replications. The subset contains the best with probability >= 1 - alpha; the pick is the best
sample mean in it and the others are reported as statistically tied with it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from scipy import special

from itsim.experiment.decision_spec import Objective, Target

ALPHA = 0.05


def screen(
    samples: Mapping[str, np.ndarray], objective: Objective, alpha: float = ALPHA
) -> list[str]:
    """The candidates that may be best on ``objective`` (paired replications, same length).

    Parameters
    ----------
    samples : mapping of str to ndarray
        Candidate label -> the objective KPI in replications 0..n-1 (common random numbers).
    objective : Objective
        The KPI and whether it is minimised or maximised.
    alpha : float
        One minus the probability that the subset holds the best candidate.
    """
    names = list(samples)
    if len(names) < 2:
        return names
    sign = 1.0 if objective.sense == "minimise" else -1.0
    values = {name: sign * np.asarray(samples[name], dtype=float) for name in names}
    n = min(len(v) for v in values.values())
    if n < 2:
        return names
    t = float(special.stdtrit(n - 1, 1.0 - alpha / (len(names) - 1)))
    kept = []
    for i in names:
        xi = values[i][:n]
        if all(xi.mean() <= values[j][:n].mean() + _width(xi, values[j][:n], t) for j in names
               if j != i):  # fmt: skip
            kept.append(i)
    return kept


def _width(xi: np.ndarray, xj: np.ndarray, t: float) -> float:
    diff = xi - xj
    return t * float(diff.std(ddof=1)) / math.sqrt(diff.size)


def share_meeting(values: np.ndarray, target: Target) -> float:
    """Share of replications (simulated years) in which the KPI meets ``target``."""
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        return math.nan
    return float(np.mean([target.met(v) for v in finite]))


def confidence_mean_meets(values: np.ndarray, target: Target) -> float:
    """Probability that the KPI's long-run mean meets ``target`` (Student t on the mean).

    ``P = T_{n-1}(-violation / standard error)``: 0.5 on the threshold, near 1 when the mean is
    several standard errors on the good side. NaN with fewer than two replications.
    """
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size < 2:
        return math.nan
    se = float(x.std(ddof=1)) / math.sqrt(x.size)
    margin = -target.violation(float(x.mean()))
    if se == 0:
        return 1.0 if margin >= 0 else 0.0
    return float(special.stdtr(x.size - 1, margin / se))
