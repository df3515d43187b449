"""The documented Python API (docs/api.md): :func:`run`, :func:`compare`, :func:`sweep`."""

from __future__ import annotations

from itsim.api.calls import compare, run, run_replications, sweep
from itsim.api.comparison import CompareResult, SweepResult, paired_deltas
from itsim.api.result import Estimate, Result

__all__ = [
    "CompareResult",
    "Estimate",
    "Result",
    "SweepResult",
    "compare",
    "paired_deltas",
    "run",
    "run_replications",
    "sweep",
]
