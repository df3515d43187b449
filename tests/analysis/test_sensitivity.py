"""Sensitivity: estimates read from the register and sized by grade, a ranking by span on
common random numbers, a tornado, and flips of a comparison."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import yaml

from itsim.analysis.assumptions import SWING_PART_ESTIMATE, SWING_PURE_ESTIMATE, estimates
from itsim.analysis.sensitivity import swings_for
from itsim.cli import main
from tests.conftest import make_scenario

REGISTER = """
| parameter | default | where (scenario key) | source | grade |
|---|---|---|---|---|
| desk effort | 0.5 h | `teams.<team>.handle_hours.incident` | guess | E |
| reopen probability | 0.1 | `flow.reopen_probability` | log | D / E |
| salary | 60,000 | `roles.analyst.salary_usd` | BLS | S |
| desk headcount | 3 | `teams.desk.headcount` | guess | E |
| a note | `horizon_days` | run setting | E |
"""


def test_estimates_come_from_e_graded_rows_and_swing_by_grade():
    resolved = make_scenario().model_dump(mode="json")
    found = {e.key: e for e in estimates(REGISTER, resolved)}
    # the placeholder expands over the teams that have an incident handle time; a distribution
    # is swung through its mean; sourced rows, decisions and run settings are left alone
    assert set(found) == {"teams.desk.handle_hours.incident.mean", "flow.reopen_probability"}
    assert found["teams.desk.handle_hours.incident.mean"].swing == SWING_PURE_ESTIMATE
    assert found["flow.reopen_probability"].swing == SWING_PART_ESTIMATE
    swings = {s.key: s for s in swings_for(list(found.values()), resolved)}
    assert (swings["flow.reopen_probability"].low, swings["flow.reopen_probability"].high) == (
        0.1 * 0.75,
        0.1 * 1.25,
    )


def test_cli_ranks_assumptions_and_reports_flips(tmp_path: Path, runner):
    register = tmp_path / "register.md"
    register.write_text(REGISTER, encoding="utf-8")
    base = make_scenario({"horizon_days": 28, "warmup_days": 7}).model_dump(mode="json")
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(base), encoding="utf-8")
    (tmp_path / "arm.yaml").write_text(yaml.safe_dump(base | {"name": "arm"}), encoding="utf-8")
    out = tmp_path / "se"
    args = ["sensitivity", str(tmp_path / "base.yaml"), "--kpi", "wait_hours_mean",
            "--register", str(register), "--vary", "roles.analyst.salary_usd=50000..70000",
            "--against", str(tmp_path / "arm.yaml"), "--reps", "2", "--jobs", "1", "-q",
            "--out", str(out)]  # fmt: skip
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    ranking = pd.read_csv(out / "ranking.csv")
    assert list(ranking["span"]) == sorted(ranking["span"], reverse=True)
    by_key = ranking.set_index("key")
    # a salary does not change waits; a 50% longer desk handle time lengthens them
    assert by_key.loc["roles.analyst.salary_usd", "span"] == 0
    assert by_key.loc["teams.desk.handle_hours.incident.mean", "delta_high"] > 0
    assert not ranking["flips"].any()  # an identical arm has nothing to flip
    assert (out / "tornado-wait_hours_mean.png").stat().st_size > 0
    record = json.loads((out / "decision.json").read_text())
    assert record["top_assumptions"]["wait_hours_mean"][0] == ranking["key"].iloc[0]
