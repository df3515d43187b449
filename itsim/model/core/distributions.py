"""Positive distributions given by mean and coefficient of variation, sampled by inversion.

Sampling goes through the inverse CDF of a uniform drawn at arrival, so that an arm which changes
a distribution's mean (a knowledge base that cuts handle time, say) still maps each ticket's
uniform to the same quantile: common random numbers survive a change of parameters.
"""

from __future__ import annotations

import math

import numpy as np

from itsim.config.schema import Dist


def quantile(spec: Dist, u: np.ndarray) -> np.ndarray:
    """Values of the distribution ``spec`` at probabilities ``u`` (vectorised inverse CDF).

    Parameters
    ----------
    spec : Dist
        ``dist`` family, ``mean`` (> 0) and ``cv`` (>= 0).
    u : ndarray
        Probabilities in [0, 1).

    Returns
    -------
    ndarray
        Same shape as ``u``, in the units of ``spec.mean``.
    """
    u = np.asarray(u, dtype=float)
    mean, cv = spec.mean, spec.cv
    if spec.dist == "fixed" or (cv == 0 and spec.dist != "exponential") or u.size == 0:
        return np.full_like(u, mean)
    if spec.dist == "exponential":
        return -mean * np.log1p(-u)
    # scipy.special is imported only here: it costs ~0.3 CPU-s at start-up, and exponential
    # or fixed handling times (the validation queues) never need it
    if spec.dist == "lognormal":
        from scipy.special import ndtri

        sigma = math.sqrt(math.log1p(cv * cv))
        mu = math.log(mean) - sigma * sigma / 2
        return np.exp(mu + sigma * ndtri(u))
    if spec.dist == "gamma":
        from scipy.special import gammaincinv

        shape = 1.0 / (cv * cv)
        return gammaincinv(shape, u) * mean / shape
    if spec.dist == "weibull":
        shape = weibull_shape(cv)
        scale = mean / math.gamma(1 + 1 / shape)
        return scale * (-np.log1p(-u)) ** (1 / shape)
    raise ValueError(f"unknown distribution {spec.dist!r}")


def weibull_shape(cv: float) -> float:
    """Weibull shape k whose coefficient of variation is ``cv`` (solved by bisection)."""

    def cv_of(k: float) -> float:
        g1, g2 = math.gamma(1 + 1 / k), math.gamma(1 + 2 / k)
        return math.sqrt(max(g2 / (g1 * g1) - 1, 0.0))

    lo, hi = 0.05, 50.0  # cv_of is decreasing in k
    for _ in range(100):
        mid = math.sqrt(lo * hi)
        if cv_of(mid) > cv:
            lo = mid
        else:
            hi = mid
    return math.sqrt(lo * hi)


def sample(spec: Dist, rng: np.random.Generator, size: int) -> np.ndarray:
    """``size`` draws of ``spec`` from ``rng`` (by inversion of uniforms)."""
    return quantile(spec, rng.random(size))
