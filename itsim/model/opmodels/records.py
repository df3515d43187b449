"""The operating-models wing's records: the provider's counters and the hiring policy asked for."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OperatingRecords:
    """What the operating model hands to the results layer after the run."""

    hiring_policy: str | None  # "capacity" when capacity planning runs, else None
    msp_taken: int = 0  # tickets the provider took (0 without one)
    msp_sla_misses: int = 0  # the provider's SLA misses that earned us credits
