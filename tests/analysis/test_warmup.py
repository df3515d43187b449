"""Warm-up advice from MSER-5 on daily team series."""

from __future__ import annotations

import numpy as np
import pandas as pd

from itsim.analysis.warmup import warmup_advice


def team_daily(backlog: np.ndarray, reps: int = 4, seed: int = 1) -> pd.DataFrame:
    """A one-team team_daily table: ``backlog`` plus noise, busy = backlog-driven, 5-day weeks."""
    rng = np.random.default_rng(seed)
    days = np.arange(backlog.size)
    open_day = (days % 7) < 5
    rows = []
    for rep in range(reps):
        noisy = backlog + rng.normal(0, 1.0, backlog.size)
        available = np.where(open_day, 80.0, 0.0)
        busy = available * np.clip(noisy / (backlog.max() + 5), 0, 1)
        rows.append(
            pd.DataFrame(
                {
                    "team": "desk",
                    "rep": rep,
                    "day": days,
                    "backlog": noisy,
                    "busy_hours": busy,
                    "available_hours": available,
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def test_advice_covers_a_known_transient_in_whole_weeks() -> None:
    days = np.arange(280)
    transient = 30 * (1 - np.exp(-days / 8.0))  # settles within about 40 days
    advice = warmup_advice(team_daily(transient))
    assert advice.steady
    assert advice.warmup_days % 7 == 0
    assert 14 <= advice.warmup_days <= 70
    by_series = dict(
        zip(advice.per_series["series"], advice.per_series["truncate_day"], strict=True)
    )
    assert set(by_series) == {"backlog (all teams)", "backlog desk", "utilisation desk"}


def test_stationary_series_needs_little_warm_up() -> None:
    advice = warmup_advice(team_daily(np.full(280, 20.0)))
    assert advice.steady
    assert advice.warmup_days <= 28


def test_a_growing_backlog_is_flagged_as_never_steady() -> None:
    advice = warmup_advice(team_daily(np.linspace(0, 400, 280)))
    assert not advice.steady
    assert advice.per_series["at_limit"].any()
