"""Resolution targets from a log's ``made_sla`` flag.

A log that records whether each ticket met its SLA tells the targets it was measured against:
for a priority whose tickets met the SLA in a share *s* of cases, the target is the *s*-quantile
of their resolution time, on that priority's clock (business hours on the office day, or
calendar hours for a 24x7 clock). The *agreement* — the share of tickets for which "resolved
within the target" equals the log's flag — says whether the flag is about resolution at all (a
response-time SLA would agree poorly); a target that agrees with fewer than
:data:`MIN_AGREEMENT` of tickets is reported and not used.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from itsim.analysis.calibrate.vocab import PRIORITIES
from itsim.analysis.calibrate.worktime import WorkWeek, working_hours_between

MIN_TICKETS = 30
MIN_AGREEMENT = 0.8
MIN_TARGET_HOURS = 0.25


def fit_sla_targets(
    done: pd.DataFrame, clocks: dict[str, str], week: WorkWeek
) -> dict[str, dict[str, Any]]:
    """Per priority: ``resolve_hours``, ``clock``, ``made_share``, ``agreement``, ``n``, ``used``.

    Parameters
    ----------
    done : pandas.DataFrame
        Resolved tickets with ``made_sla`` (bool or NA), ``opened_at``, ``resolved_at``.
    clocks : dict[str, str]
        The base scenario's clock per priority (``"24x7"`` or ``"business"``).
    week : WorkWeek
        The office day business clocks run on.
    """
    if "made_sla" not in done or done["made_sla"].isna().all():
        return {}
    out: dict[str, dict[str, Any]] = {}
    for priority in PRIORITIES:
        own = done[(done["priority"] == priority) & done["made_sla"].notna()]
        if len(own) < MIN_TICKETS:
            continue
        clock = clocks.get(priority, "business")
        hours = _clock_hours(own, clock, week)
        made = own["made_sla"].astype(bool).to_numpy()
        target = max(float(np.quantile(hours, made.mean())), MIN_TARGET_HOURS)
        agreement = float(((hours <= target) == made).mean())
        out[priority] = {
            "resolve_hours": round(target, 3),
            "clock": clock,
            "made_share": float(made.mean()),
            "agreement": agreement,
            "n": len(own),
            "used": agreement >= MIN_AGREEMENT,
        }
    return out


def _clock_hours(tickets: pd.DataFrame, clock: str, week: WorkWeek) -> np.ndarray:
    if clock == "24x7":
        return tickets["resolve_hours"].to_numpy(dtype=float)
    return working_hours_between(tickets["opened_at"], tickets["resolved_at"], week)
