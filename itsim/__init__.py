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

try:
    __version__ = version("itsim")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

from itsim.config.load import load_scenario
from itsim.experiment.runner import run_one as simulate
from itsim.experiment.runner import run_replications

__all__ = ["__version__", "load_scenario", "run_replications", "simulate"]
