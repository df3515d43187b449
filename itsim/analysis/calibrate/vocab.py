"""Canonical ticket states and priorities, and how source labels map onto them.

States
------
``queued``          waiting for someone to pick it up (New, Queued, Awaiting Assignment, Assigned)
``active``          someone is working on it (Active, In Progress)
``waiting_user``    paused on the caller (Awaiting User Info, Wait - User or Customer, Evidence)
``waiting_vendor``  paused on a supplier (Awaiting Vendor, Wait - Vendor)
``waiting_other``   paused on something else (Awaiting Problem, Wait - Implementation, Wait)
``resolved``        a fix was given (Resolved, Completed - In Call)
``closed``          the record was closed
``cancelled``       withdrawn without a fix
``unknown``         any other label (counted in the cleaning report)
"""

from __future__ import annotations

import re

PAUSE_STATES = ("waiting_user", "waiting_vendor", "waiting_other")
DONE_STATES = ("resolved", "closed")
WORK_STATES = ("queued", "active")
PRIORITIES = ("P1", "P2", "P3", "P4")
CANONICAL_STATES = (
    "queued",
    "active",
    *PAUSE_STATES,
    *DONE_STATES,
    "cancelled",
)

# First match wins, so the more specific patterns come first.
_STATE_RULES: tuple[tuple[str, str], ...] = (
    (r"cancel", "cancelled"),
    (r"awaiting assignment|queued|^new$|assigned", "queued"),
    (r"vendor|supplier", "waiting_vendor"),
    (r"(wait|await).*(user|customer|caller|evidence|info)", "waiting_user"),
    (r"wait|await|pending|hold", "waiting_other"),
    (r"resolved|in call|solved|fixed", "resolved"),
    (r"closed|completed|done", "closed"),
    (r"active|progress|open|work", "active"),
)

_PRIORITY_WORDS = {
    "critical": "P1",
    "major": "P1",
    "urgent": "P1",
    "high": "P2",
    "medium": "P3",
    "moderate": "P3",
    "normal": "P3",
    "low": "P4",
    "minor": "P4",
    "planning": "P4",
}


def normalise_state(label: str) -> str:
    """Map a source status label to a canonical state (``unknown`` when nothing matches).

    >>> normalise_state("Queued-Awaiting Assignment"), normalise_state("Awaiting User Info")
    ('queued', 'waiting_user')
    """
    text = str(label).strip().lower()
    for pattern, state in _STATE_RULES:
        if re.search(pattern, text):
            return state
    return "unknown"


def normalise_priority(label: str) -> str | None:
    """Map ``"1 - Critical"``, ``"P2"``, ``"High"`` … to ``"P1"``..``"P4"`` (None if unknown).

    >>> normalise_priority("3 - Moderate"), normalise_priority("Major"), normalise_priority("x")
    ('P3', 'P1', None)
    """
    text = str(label).strip().lower()
    match = re.match(r"^p?\s*([1-4])\b", text)
    if match:
        return f"P{match.group(1)}"
    for word, priority in _PRIORITY_WORDS.items():
        if word in text:
            return priority
    return None
