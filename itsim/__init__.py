"""itsim: discrete-event simulation of an IT department run as a business.

Describe a department in a scenario file (demand, teams, flow, costs), run it, and compare
what-ifs on SLA attainment, cost and burnout with confidence intervals.

The public API (docs/api.md):

>>> import itsim
>>> result = itsim.run("baseline", {"teams.desk.headcount": 9}, reps=4)   # doctest: +SKIP
>>> result.kpi("sla_resolve_all").mean                                    # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    __version__: str
    from itsim.api import (
        CompareResult,
        Estimate,
        Result,
        SweepResult,
        compare,
        run,
        run_replications,
        sweep,
    )
    from itsim.config.load import load_scenario
    from itsim.experiment.runner import run_one as simulate

__all__ = [
    "CompareResult",
    "Estimate",
    "Result",
    "SweepResult",
    "__version__",
    "compare",
    "load_scenario",
    "run",
    "run_replications",
    "simulate",
    "sweep",
]

#: The public API is imported on first use, so ``import itsim`` (and ``itsim --version``) stay
#: light: commands such as ``itsim schema`` need neither pandas nor the model.
_LAZY = {
    "load_scenario": ("itsim.config.load", "load_scenario"),
    "simulate": ("itsim.experiment.runner", "run_one"),
    **{name: ("itsim.api", name) for name in
       ("run", "compare", "sweep", "run_replications", "Result", "CompareResult",
        "SweepResult", "Estimate")},
}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name == "__version__":
        globals()[name] = _installed_version()
        return globals()[name]
    if name not in _LAZY:
        raise AttributeError(f"module 'itsim' has no attribute {name!r}")
    from importlib import import_module

    module_name, attribute = _LAZY[name]
    value = getattr(import_module(module_name), attribute)
    globals()[name] = value
    return value


def _installed_version() -> str:
    """itsim's installed version, read on first use: ``importlib.metadata`` costs every command
    about 12 ms to import, and only ``--version`` and output manifests need it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("itsim")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0"
