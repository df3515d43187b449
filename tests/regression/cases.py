"""The golden back-test cases: bundled scenarios over a short horizon, one replication each.

``msp_tier1_24x7+pauses`` adds user and vendor pauses, so that the routing of paused tickets
taken by a provider is pinned too.

The goldens pin the model's numbers so that a refactor cannot change behaviour unnoticed. A
change that is meant to move numbers regenerates them in its own commit (see ``regen``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from itsim.config.load import load_scenario
from itsim.experiment.runner import run_one

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
SEED = 20261202
#: Short enough to keep the suite quick, long enough for warm-up, reopenings and stock waits.
OVERRIDES = ("horizon_days=63", "warmup_days=7")
CASES = (
    "baseline",
    "validation/people_off",
    "msp_overflow",
    "msp_tier1_24x7",
    "fractional_cio",
    "supply_3pl",
    "validation/mmc",
    "msp_tier1_24x7+pauses",
)
#: Extra overrides of a case named ``<scenario>+<variant>``.
PAUSES = (
    "flow.pauses={user: {probability: {P2: 0.4, P3: 0.4, P4: 0.4},"
    " hours: {dist: gamma, mean: 6, cv: 1}},"
    " vendor: {probability: {P1: 0.2, P2: 0.2, P3: 0.2}, hours: {dist: fixed, mean: 12}}}",
)
VARIANTS = {"pauses": PAUSES}
#: Tables that carry no rows in a case are not stored.
SORT_KEYS = ("scenario", "point", "rep")


def case_file(case: str, table: str) -> Path:
    """Where the golden of one table of one case is stored."""
    return GOLDEN_DIR / case.replace("/", "__") / f"{table}.parquet"


def run_case(case: str) -> dict[str, pd.DataFrame]:
    """All non-empty tables of one replication of ``case`` (the runs table included)."""
    name, _, variant = case.partition("+")
    scenario = load_scenario(name, OVERRIDES + VARIANTS.get(variant, ()))
    tables = run_one(scenario, SEED, 0).tables
    return {name: frame.reset_index(drop=True) for name, frame in tables.items() if len(frame)}
