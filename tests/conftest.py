"""Shared fixtures: a tiny department built in code, a click runner, the bundled scenarios."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from itsim.config.load import set_dotted, validate
from itsim.config.schema import Scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "itsim" / "scenarios"
SHARED_DATA = ROOT.parent / "shared" / "data"

TINY: dict[str, Any] = {
    "name": "tiny",
    "horizon_days": 56,
    "warmup_days": 7,
    "seed": 7,
    "company": {"employees": 300, "growth_per_year": 0.0},
    "demand": {
        "incidents": {"per_employee_per_month": 0.5, "categories": {"hw": 0.5, "sw": 0.5}},
        "requests": {
            "per_employee_per_month": 0.5,
            "catalog": {
                "access": {"share": 0.7},
                "laptop": {"share": 0.3, "fulfil_team": "eng",
                           "fulfil_hours": {"dist": "gamma", "mean": 2.0, "cv": 0.5}},
            },
        },
        "projects": {"per_month": 2, "effort_hours": {"mean": 60, "cv": 0.5},
                     "teams": {"eng": 1.0}, "wip_limit": 2},
    },
    "roles": {"analyst": {"salary_usd": 60000}, "engineer": {"salary_usd": 90000}},
    "teams": {
        "desk": {"role": "analyst", "headcount": 3,
                 "handle_hours": {"incident": {"mean": 0.5}, "request": {"mean": 0.5}}},
        "eng": {"role": "engineer", "headcount": 2,
                "handle_hours": {"escalation": {"dist": "gamma", "mean": 2.0, "cv": 0.8}}},
    },
    "flow": {"routing": {"hw": "eng", "sw": "eng"}, "reopen_probability": 0.1},
}  # fmt: skip


def make_scenario(overrides: dict[str, Any] | None = None, base: dict | None = None) -> Scenario:
    """The tiny department with dotted-key overrides applied."""
    raw = copy.deepcopy(base if base is not None else TINY)
    for key, value in (overrides or {}).items():
        set_dotted(raw, key, value)
    return validate(raw, "<test>")


@pytest.fixture
def tiny() -> Scenario:
    """A small two-team department, eight weeks long."""
    return make_scenario()


@pytest.fixture
def runner() -> CliRunner:
    """A click test runner."""
    return CliRunner()
