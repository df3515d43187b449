"""Calibrate a scenario from a real ticket log: read, clean, reduce, fit, emit, check, report.

>>> from itsim.analysis.calibrate import calibrate_log                      # doctest: +SKIP
>>> result = calibrate_log("incident_event_log.csv", "servicenow")          # doctest: +SKIP
>>> print(result.scenario_text)                                            # doctest: +SKIP
"""

from __future__ import annotations

from itsim.analysis.calibrate.pipeline import CalibrationResult, calibrate_log

__all__ = ["CalibrationResult", "calibrate_log"]
