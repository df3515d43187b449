"""itsim: discrete-event simulation of an IT department run as a business.

Describe a department in a scenario file (demand, teams, flow, costs), run it, and compare
what-ifs on SLA attainment, cost and burnout with confidence intervals.

The public API:

>>> from itsim import load_scenario, simulate
>>> scenario = load_scenario("baseline")            # doctest: +SKIP
>>> result = simulate(scenario, seed=1, rep=0)      # doctest: +SKIP
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("itsim")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

if TYPE_CHECKING:
    from itsim.config.load import load_scenario
    from itsim.experiment.runner import run_one as simulate
    from itsim.experiment.runner import run_replications

__all__ = ["__version__", "load_scenario", "run_replications", "simulate"]

#: The public API is imported on first use: the command line imports ``itsim`` for its version,
#: and commands such as ``itsim schema`` need neither pandas nor the model.
_LAZY = {
    "load_scenario": ("itsim.config.load", "load_scenario"),
    "simulate": ("itsim.experiment.runner", "run_one"),
    "run_replications": ("itsim.experiment.runner", "run_replications"),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'itsim' has no attribute {name!r}")
    from importlib import import_module

    module_name, attribute = _LAZY[name]
    value = getattr(import_module(module_name), attribute)
    globals()[name] = value
    return value
