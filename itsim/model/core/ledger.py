"""The cost ledger: money accrued by month and category.

Staff cost is the loaded annual cost per role (salary × loading factor) accrued per person per
calendar day; later blocks (overtime, hiring, MSP fees, leadership, supply) post to the same ledger.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple


def loaded_annual_usd(salary_usd: float, loading_factor: float) -> float:
    """Fully loaded cost of one person per year (USD)."""
    return salary_usd * loading_factor


class CostRow(NamedTuple):
    """Money posted on one day to one category and item (USD)."""

    day: int
    category: str
    item: str
    usd: float


class CostLedger:
    """Sums of USD by (day, category, item); the results layer groups them by month."""

    def __init__(self) -> None:
        self._usd: defaultdict[tuple[int, str, str], float] = defaultdict(float)

    def post(self, day: int, category: str, item: str, usd: float) -> None:
        """Add ``usd`` to ``category``/``item`` on day ``day`` (0-based)."""
        self._usd[(day, category, item)] += usd

    def rows(self) -> list[CostRow]:
        """One row per (day, category, item), sorted."""
        return [CostRow(*key, usd) for key, usd in sorted(self._usd.items())]

    def total(self) -> float:
        """All money posted (USD)."""
        return sum(self._usd.values())
