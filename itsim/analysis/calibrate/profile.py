"""The hour-of-week arrival profile, corrected for how often each hour was observed.

A window of whole weeks sees every hour of the week equally often, and arrivals per hour give the
profile directly. A window that ends mid-week (or lasts only days) sees some hours once more or
not at all; counting arrivals would then read "not observed" as "quiet". The profile is
therefore arrivals per *observed* hour of the week. An hour the window never covers takes the
mean rate of the same hour of the day on the window's covered days of its kind (weekday or
weekend): the window is the regime being fitted, and an unseen Friday is more like the window's
Thursday than like the log's older tickets. Only a kind of day the window never covers (a fit
part of a few weekdays has no weekend) takes its shape from the log's earlier tickets
(everything opened before the window ends, whose span covers it), scaled to the window's level
on the hours both cover; failing that, the mean of any covered day. :func:`uncovered_note` says
so in the report.

:func:`profile_rate` turns a window's count into the rate that goes with the profile: a window
that covers its busy hours more often than its quiet ones would otherwise inflate the rate.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

HOURS_PER_WEEK = 168
MIN_EXPOSURE_HOURS = 0.25  # an hour observed for less than this is treated as unobserved


def exposure(start: pd.Timestamp, end: pd.Timestamp) -> np.ndarray:
    """How many hours of each hour of the week (Monday 00:00 = 0) ``[start, end)`` covers
    (a window starting at 14:46 covers 0.23 of the 14:00 hour)."""
    hours = pd.date_range(start.floor("h"), end, freq="h", inclusive="left")
    index = (hours.day_of_week * 24 + hours.hour).to_numpy(dtype=int)
    starts = ((hours - start) / pd.Timedelta(hours=1)).to_numpy(dtype=float)  # from ``start``
    length = (end - start) / pd.Timedelta(hours=1)
    covered = np.minimum(starts + 1.0, length) - np.maximum(starts, 0.0)
    return np.bincount(index, weights=covered, minlength=HOURS_PER_WEEK)


def hour_of_week_profile(
    opened: pd.Series,
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
    earlier: pd.Series | None = None,
) -> list[float]:
    """168 weights (Monday 00:00 first), mean 1: arrivals per observed hour of the week.

    Parameters
    ----------
    opened : pandas.Series
        Open times of the window's tickets.
    start, end : pandas.Timestamp, optional
        The window; without them every hour counts as observed equally often.
    earlier : pandas.Series, optional
        Open times of the log's tickets up to ``end``, for the hours the window never covers.
    """
    rates = _rates(opened, start, end)
    if rates is None:
        return [1.0] * HOURS_PER_WEEK
    rates = _fill_unseen(rates, same_kind_only=True)
    if np.isnan(rates).any() and earlier is not None and len(earlier):
        rates = _fill_from(rates, _rates(earlier, earlier.min(), end))
    rates = _fill_unseen(rates)
    return [round(float(v), 4) for v in rates * HOURS_PER_WEEK / rates.sum()]


def _rates(opened: pd.Series, start, end) -> np.ndarray | None:
    """Arrivals per observed hour of the week (NaN where never observed; None: no arrivals)."""
    hour_of_week = opened.dt.day_of_week * 24 + opened.dt.hour
    counts = np.bincount(hour_of_week.to_numpy(dtype=int), minlength=HOURS_PER_WEEK)
    if counts.sum() == 0:
        return None
    seen = exposure(start, end) if start is not None and end is not None else np.ones(168)
    return np.where(
        seen > MIN_EXPOSURE_HOURS, counts / np.maximum(seen, MIN_EXPOSURE_HOURS), np.nan
    )


def _fill_from(rates: np.ndarray, other: np.ndarray | None) -> np.ndarray:
    """Unseen hours from ``other``, scaled to ``rates`` on the hours both observed."""
    if other is None:
        return rates
    both = ~np.isnan(rates) & ~np.isnan(other)
    if not both.any() or other[both].sum() <= 0:
        return rates
    scale = rates[both].sum() / other[both].sum()
    return np.where(np.isnan(rates), other * scale, rates)


def _fill_unseen(rates: np.ndarray, same_kind_only: bool = False) -> np.ndarray:
    """Unseen hours from the same hour on the covered days of their kind (weekday or weekend);
    an hour no day of its kind covers from the same hour on any covered day (0 if none) — or,
    with ``same_kind_only``, left unseen (NaN) for another source to fill."""
    by_day = rates.reshape(7, 24)
    filled = by_day.copy()
    with warnings.catch_warnings():  # an hour no day covers: a NaN mean, filled below
        warnings.simplefilter("ignore", RuntimeWarning)
        any_day = np.nanmean(by_day, axis=0)
        for day in range(7):
            if not np.isnan(by_day[day]).any():
                continue
            kind = [d for d in range(7) if (d >= 5) == (day >= 5) and d != day]
            mean = np.nanmean(by_day[kind], axis=0)
            if not same_kind_only:
                mean = np.nan_to_num(np.where(np.isnan(mean), any_day, mean))
            filled[day] = np.where(np.isnan(by_day[day]), mean, by_day[day])
    return filled.reshape(-1)


def uncovered_note(start: pd.Timestamp, end: pd.Timestamp) -> str | None:
    """A warning line when ``[start, end)`` leaves hours of the week unobserved."""
    unseen = int((exposure(start, end) <= MIN_EXPOSURE_HOURS).sum())
    if unseen == 0:
        return None
    return (
        f"the fit window covers {(end - start).total_seconds() / 86400:.1f} days, so {unseen} "
        "hours of the week were never observed: their shape comes from the window's covered "
        "days of their kind (weekday or weekend), or, for a kind it never covers, from the "
        "log's earlier tickets"
    )


def profile_rate(count: int, profile: list[float], start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Arrivals per hour that, with ``profile`` (mean 1), give ``count`` arrivals in
    ``[start, end)`` on average.

    For whole weeks this is ``count / hours``. A window that ends mid-week, or lasts days, covers
    some hours of the week more often than others; dividing by its length would read a window of
    busy weekdays as a busy week.
    """
    expected = float(np.dot(exposure(start, end), np.asarray(profile, dtype=float)))
    if expected <= 0:
        return count / max((end - start) / pd.Timedelta(hours=1), 1e-9)
    return count / expected
