"""Abandonment KPIs of one replication: who gave up waiting, who came back, what was lost.

Present only when the scenario has an ``abandonment:`` block (the tickets table then carries
``channel``, ``need_id``, ``contact`` and ``abandoned_hours``). Rates are over the tickets that
arrived in the measured window and reached a queue (deflected tickets never wait); a re-contact is
a ticket of its own, so a need that was abandoned twice and then answered counts two abandoned
tickets, two re-contacts and one answered ticket.
"""

from __future__ import annotations

import math

import numpy as np

from itsim.config.schema import CLASSES
from itsim.model.core.abandonment import LOST as LOST_RESOLVER
from itsim.model.core.pauses import AUTO_CLOSE as AUTO_CLOSE_RESOLVER
from itsim.results.columns import Columns


def _rate(flags: np.ndarray) -> float:
    return float(flags.astype(np.float64).mean()) if len(flags) else math.nan


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole else math.nan


def abandonment_kpis(tickets: Columns) -> dict[str, float]:
    """Abandonment rate overall and per class, re-contacts, lost demand, auto-closures."""
    if "contact" not in tickets:
        return {}
    win = tickets.rows(tickets["in_window"])
    offered = win.rows(win["status"] != "deflected")
    abandoned = offered["status"] == "abandoned"
    lost = abandoned & (offered["resolver"] == LOST_RESOLVER)
    answered = offered["wait_hours"][~np.isnan(offered["wait_hours"])]
    kpis = {
        "tickets_abandoned": float(abandoned.sum()),
        "abandon_rate_all": _rate(abandoned),
        "recontacts": float((win["contact"] > 0).sum()),
        "lost_demand": float(lost.sum()),
        "lost_demand_share": _ratio(float(lost.sum()), float((offered["contact"] == 0).sum())),
        "auto_closed": float((offered["resolver"] == AUTO_CLOSE_RESOLVER).sum()),
        "answered_wait_hours_mean": float(answered.mean()) if len(answered) else math.nan,
    }
    for cls in CLASSES[:-1]:
        kpis[f"abandon_rate_{cls}"] = _rate(abandoned[offered["priority"] == cls])
    return kpis
