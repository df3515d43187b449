"""Flow fits: first-contact resolution, moves between support lines and resolver groups."""

from __future__ import annotations

import itertools

import pandas as pd

from itsim.analysis.calibrate.vocab import PRIORITIES

MIN_PER_PRIORITY = 30  # fewer tickets than this: use the share pooled over priorities
GROUP_COVERAGE = 0.8  # model the busiest resolver groups that take 80% of escalations
MAX_GROUPS = 40


def first_contact_by_priority(done: pd.DataFrame) -> dict[str, float]:
    """Share resolved without escalation, per priority (pooled when a priority is rare)."""
    pooled = 1.0 - float(done["escalated"].mean())
    out = {}
    for priority in PRIORITIES:
        own = done.loc[done["priority"] == priority, "escalated"]
        out[priority] = 1.0 - float(own.mean()) if own.size >= MIN_PER_PRIORITY else pooled
    return out


def tier2_group_shares(
    escalated: pd.DataFrame, coverage: float = GROUP_COVERAGE
) -> dict[str, float]:
    """Share of escalated tickets each resolving group took, for the busiest groups.

    Groups are taken busiest first until they cover ``coverage`` of the escalations (at most
    :data:`MAX_GROUPS`); the rest are spread over them in proportion (renormalised shares).
    """
    counts = escalated["tier2_group"].dropna().value_counts()
    if counts.empty:
        return {}
    covered = counts.cumsum() / counts.sum()
    keep = counts[: max(1, min(MAX_GROUPS, int((covered < coverage).sum()) + 1))]
    return {str(k): float(v / keep.sum()) for k, v in keep.items()}


def transition_matrix(paths: pd.Series) -> dict[str, dict[str, float]]:
    """Row-normalised moves between support lines from paths like ``"L1>L2>L1"``."""
    pairs: dict[str, dict[str, int]] = {}
    for path in paths[paths.str.len() > 0]:
        steps = [*path.split(">"), "resolved"]
        for a, b in itertools.pairwise(steps):
            pairs.setdefault(a, {}).setdefault(b, 0)
            pairs[a][b] += 1
    return {
        a: {b: n / sum(row.values()) for b, n in sorted(row.items())} for a, row in pairs.items()
    }


def group_routing(tickets: pd.DataFrame, top: int = 5) -> dict[str, dict[str, float]]:
    """For the busiest first groups: share of their tickets kept versus passed on."""
    first = tickets["first_group"].dropna()
    routing: dict[str, dict[str, float]] = {}
    for group in first.value_counts().index[:top]:
        own = tickets[tickets["first_group"] == group]
        moved = float((own["reassignments"] > 0).mean())
        routing[str(group)] = {"kept": 1.0 - moved, "passed_on": moved, "tickets": float(len(own))}
    return routing


def tier3_share(escalated: pd.DataFrame) -> float | None:
    if (escalated["max_level"] == "").all() or escalated.empty:
        return None
    return float((escalated["max_level"] == "L3").mean())
