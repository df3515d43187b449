"""``itsim compare``: arms on the same seeds, CIs, paired deltas, output folder and figure."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from itsim.cli import main
from itsim.experiment.compare import comparison_tasks, distinct_arms
from itsim.results.catalog import label
from tests.conftest import TINY, make_scenario


def _write(tmp_path: Path, name: str, extra: dict) -> str:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(TINY | {"name": name} | extra))
    return str(path)


def test_compare_prints_cis_and_paired_deltas_and_writes_outputs(runner, tmp_path):
    base = _write(tmp_path, "base", {})
    msp = _write(tmp_path, "with_msp", {"msp": {"mode": "after_hours"}})
    out = tmp_path / "out"
    args = ["compare", base, msp, "--reps", "3", "--jobs", "1", "-q", "--out", str(out)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "Δ vs base" in result.output and "tickets resolved by the MSP" in result.output
    deltas = pd.read_csv(out / "deltas.csv")
    assert set(deltas["arm"]) == {"with_msp"} and set(deltas["baseline"]) == {"base"}
    runs = pd.read_csv(out / "runs.csv")
    assert sorted(runs["scenario"].unique()) == ["base", "with_msp"]
    assert (runs.groupby("scenario")["seed"].nunique() == 1).all()
    wait = deltas[deltas["kpi"] == "wait_hours_mean"].iloc[0]
    assert wait["upper"] < 0  # after-hours cover cuts the wait on every seed
    lines = result.output.splitlines()
    wait_block = lines.index(label("wait_hours_mean"))
    assert lines[wait_block + 2].strip().startswith("with_msp") and lines[wait_block + 2][-1] == "*"
    assert (out / "compare.png").stat().st_size > 0


def test_compare_needs_two_scenarios(runner, tmp_path):
    result = runner.invoke(main, ["compare", _write(tmp_path, "only", {})])
    assert result.exit_code == 2


def test_arms_share_seeds_and_get_unique_names():
    one, two = make_scenario(), make_scenario()
    arms = distinct_arms([one, two])
    assert [a.name for a in arms] == ["tiny", "tiny-2"]
    tasks = comparison_tasks(arms, reps=2, seed=9)
    assert [(t.scenario.name, t.rep, t.seed) for t in tasks] == [
        ("tiny", 0, 9), ("tiny-2", 0, 9), ("tiny", 1, 9), ("tiny-2", 1, 9),
    ]  # fmt: skip


def test_documented_msp_recipe_leaves_the_baseline_without_an_msp(runner, tmp_path):
    # docs/model/operating-models.md: the penalty must change the MSP arm only
    out = tmp_path / "out"
    args = ["compare", "baseline", "msp_overflow", "--set", "msp.quality.knowledge_penalty=0.4",
            "--days", "42", "--warmup-days", "7", "--reps", "2", "--jobs", "1", "-q",
            "--out", str(out)]  # fmt: skip
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "applies to msp_overflow only: baseline has no msp block" in result.output
    baseline = yaml.safe_load((out / "scenario-baseline.yaml").read_text())
    msp = yaml.safe_load((out / "scenario-msp_overflow.yaml").read_text())
    assert baseline["msp"] is None and msp["msp"]["quality"]["knowledge_penalty"] == 0.4
    deltas = pd.read_csv(out / "deltas.csv").set_index("kpi")
    assert deltas.loc["msp_resolved_share", "diff"] > 0  # the effect is no longer zero
