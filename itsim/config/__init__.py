"""Scenario files: schema, loading (``extends:``, ``--set``) and cross-checks."""

from itsim.config.load import apply_overrides, load_scenario, scenario_to_yaml
from itsim.config.schema import Scenario

__all__ = ["Scenario", "apply_overrides", "load_scenario", "scenario_to_yaml"]
