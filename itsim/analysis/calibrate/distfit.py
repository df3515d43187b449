"""Fit a positive distribution: candidates by maximum likelihood, the best by AIC, with KS distance.

The candidates are the scipy.stats families the simulator can sample from a mean and a
coefficient of variation: lognormal, gamma, Weibull and exponential, all with location 0.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import stats

CANDIDATES = {
    "lognormal": stats.lognorm,
    "gamma": stats.gamma,
    "weibull": stats.weibull_min,
    "exponential": stats.expon,
}
MIN_HOURS = 1.0 / 60.0  # a log's one-minute resolution: shorter durations are floored here
MAX_FIT_SAMPLES = 4000
MEAN_TOLERANCE = 0.25  # relative error allowed between a fit's mean and the data's mean


@dataclass(frozen=True)
class DistFit:
    """The chosen distribution of a positive quantity (hours).

    Attributes
    ----------
    dist : str
        ``lognormal``, ``gamma``, ``weibull`` or ``exponential``.
    params : tuple[float, ...]
        scipy.stats shape(s) and scale (location fixed at 0).
    Candidates are fitted by maximum likelihood; those whose mean is within 25% of the data's
    compete on AIC. When none is, the lognormal with the data's mean and cv is used.

    mean_hours, cv : float
        Mean and coefficient of variation of the fitted distribution.
    aic : float
        Akaike information criterion of the chosen fit (on the fitted sample).
    ks : float
        Kolmogorov–Smirnov distance between the fit and the data.
    n : int
        Observations (before subsampling).
    median_hours : float
        Median of the data.
    aic_by_dist : dict[str, float]
        AIC of every candidate.
    """

    dist: str
    params: tuple[float, ...]
    mean_hours: float
    cv: float
    aic: float
    ks: float
    n: int
    median_hours: float
    aic_by_dist: dict[str, float]

    def as_scenario_dist(self) -> dict[str, float | str]:
        """The scenario's ``Dist`` block: family, mean and cv."""
        return {"dist": self.dist, "mean": round(self.mean_hours, 4), "cv": round(self.cv, 4)}


def fit_positive(
    values: np.ndarray, rng: np.random.Generator, keep_mean: bool = True
) -> DistFit | None:
    """Fit ``values`` (hours); None when fewer than 5 usable observations.

    Values below one minute are floored at one minute; NaN and negatives are dropped. Samples larger
    than 4,000 are subsampled with ``rng`` for speed (AIC is computed on the subsample).
    ``keep_mean=False`` lets every candidate compete on AIC alone: right for a delay, whose shape
    (the share done by 1, 8, 24 h) matters and whose mean loads no one, wrong for effort.
    """
    data = np.asarray(values, dtype=float)
    data = data[np.isfinite(data) & (data >= 0)]
    if data.size < 5:
        return None
    floored = np.maximum(data, MIN_HOURS)
    sample = floored
    if sample.size > MAX_FIT_SAMPLES:
        sample = rng.choice(floored, size=MAX_FIT_SAMPLES, replace=False)
    tried = {name: _fit_one(family, sample) for name, family in CANDIDATES.items()}
    fits = {name: fit for name, fit in tried.items() if fit is not None}
    faithful = {
        n: f for n, f in fits.items() if not keep_mean or _keeps_mean(CANDIDATES[n](*f[0]), sample)
    }
    if faithful:
        best = min(faithful, key=lambda name: faithful[name][1])
        params, aic = faithful[best]
    else:
        best, params = "lognormal", _lognormal_moments(sample)
        aic = 2.0 * 2 - 2.0 * float(np.sum(stats.lognorm.logpdf(sample, *params)))
    frozen = CANDIDATES[best](*params)
    mean, std = float(frozen.mean()), float(frozen.std())
    ks = float(stats.kstest(sample, frozen.cdf).statistic)
    return DistFit(
        dist=best,
        params=tuple(float(p) for p in params),
        mean_hours=mean,
        cv=std / mean if best != "exponential" else 1.0,
        aic=float(aic),
        ks=ks,
        n=int(data.size),
        median_hours=float(np.median(data)),
        aic_by_dist={name: float(fit[1]) for name, fit in fits.items()},
    )


def _keeps_mean(frozen, sample: np.ndarray) -> bool:
    """A fit whose mean is off the data's by more than MEAN_TOLERANCE would load the simulated
    team with the wrong work, however good its likelihood (a spike at one minute plus a long tail
    drives a lognormal's sigma, and so its mean, far up)."""
    mean = float(frozen.mean())
    return bool(np.isfinite(mean)) and abs(mean / float(sample.mean()) - 1.0) <= MEAN_TOLERANCE


def _lognormal_moments(sample: np.ndarray) -> tuple[float, float, float]:
    """Lognormal (shape, loc=0, scale) with the sample's mean and coefficient of variation."""
    mean, cv = float(sample.mean()), float(sample.std() / sample.mean())
    sigma2 = np.log1p(cv**2)
    return float(np.sqrt(sigma2)), 0.0, float(mean * np.exp(-sigma2 / 2.0))


def _fit_one(family, sample: np.ndarray) -> tuple[tuple[float, ...], float] | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            params = family.fit(sample, floc=0.0)
        except (ValueError, RuntimeError, FloatingPointError):
            return None
        loglik = float(np.sum(family.logpdf(sample, *params)))
    if not np.isfinite(loglik):
        return None
    n_free = len(params) - 1  # location is fixed
    return tuple(params), 2.0 * n_free - 2.0 * loglik
