"""What the decision commands need to know about a KPI: its label, unit and better direction.

A thin accessor over the KPI catalogue (:mod:`itsim.results.catalog`), so ``optimise``,
``breakeven``, ``sensitivity`` and the decision report never hard-code a KPI's meaning.
"""

from __future__ import annotations

from typing import Literal

from itsim.results import catalog

Direction = Literal["higher", "lower"]


def direction(kpi: str) -> Direction | None:
    """Whether a higher or a lower value of ``kpi`` is better (None: neither, e.g. utilisation)."""
    return catalog.direction(kpi)


def is_share(kpi: str) -> bool:
    """Whether ``kpi`` is a proportion in [0, 1] (shown as a percentage)."""
    return catalog.is_share(kpi)


def unit(kpi: str) -> str:
    """The unit of ``kpi`` as printed after a value."""
    return catalog.unit(kpi)


def label(kpi: str) -> str:
    """A readable name of ``kpi``."""
    return catalog.label(kpi)
