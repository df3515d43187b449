"""``itsim sweep``, ``itsim warmup`` and ``itsim reps`` from the command line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml
from click.testing import CliRunner

from itsim.cli import main
from tests.conftest import TINY


def tiny_file(folder: Path, days: int = 21) -> Path:
    path = folder / "tiny.yaml"
    path.write_text(yaml.safe_dump({**TINY, "horizon_days": days, "warmup_days": 7}))
    return path


def test_grid_sweep_writes_a_store_and_prints_each_point(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "out"
    args = [
        "sweep",
        str(tiny_file(tmp_path)),
        "--grid",
        "teams.desk.headcount=2..3",
        "--grid",
        "flow.dispatch=priority,edf",
        "--reps",
        "2",
        "--jobs",
        "1",
        "-q",
        "--out",
        str(out),
    ]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "1 arm(s) x 4 point(s) x 2 replications = 8 runs (0 already stored, 8 run now)" in (
        result.output
    )
    assert "headcount=3,dispatch=edf" in result.output
    runs = pd.read_csv(out / "runs.csv")
    assert len(runs) == 8 and set(runs["seed"]) == {7}
    summary = pd.read_csv(out / "summary.csv")
    assert set(summary["point"]) == set(runs["point"])
    again = runner.invoke(main, args)
    assert "(8 already stored, 0 run now)" in again.output


def test_unknown_grid_key_is_one_line_and_exit_2(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        main,
        [
            "sweep",
            str(tiny_file(tmp_path)),
            "--grid",
            "teams.desk.headcont=1,2",
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: --grid: teams.desk.headcont: unknown key")
    assert not (tmp_path / "o").exists()


def test_bad_experiment_file_is_one_line_and_exit_2(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "exp.yaml"
    path.write_text(
        yaml.safe_dump({"base": "baseline", "grid": {"factorial": {}}, "replicatons": 3})
    )
    result = runner.invoke(main, ["sweep", str(path)])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert "replicatons: unknown key" in result.output


def test_sweep_of_a_scenario_needs_a_grid(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["sweep", str(tiny_file(tmp_path))])
    assert result.exit_code == 2
    assert "--grid" in result.output


def test_bundled_staffing_curve_validates() -> None:
    from itsim.experiment.plan import plan_from_experiment, sweep_scenarios

    root = Path(__file__).resolve().parents[2]
    plan = plan_from_experiment(root / "experiments" / "staffing_curve.yaml")
    scenarios = sweep_scenarios(plan)
    assert len(plan.points) == 7 and plan.replications == 10
    assert sorted({s.teams["desk"].headcount for s in scenarios.values()}) == list(range(2, 9))
    # the MSP arm turns the msp block on; the in-house arm leaves it off
    assert {s.msp is None for s in scenarios.values()} == {True, False}


def test_warmup_prints_advice(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["warmup", str(tiny_file(tmp_path, days=70)), "--reps", "2", "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "backlog desk" in result.output and "utilisation eng" in result.output
    assert "advice: warmup_days:" in result.output and "(scenario has 7)" in result.output


def test_reps_on_a_run_folder_and_on_a_scenario(tmp_path: Path, runner: CliRunner) -> None:
    scenario = tiny_file(tmp_path)
    out = tmp_path / "run"
    runner.invoke(main, ["run", str(scenario), "--reps", "8", "--jobs", "1", "-q", "-o", str(out)])
    result = runner.invoke(main, ["reps", str(out), "--kpi", "wait_hours_mean=0.5"])
    assert result.exit_code == 0, result.output
    assert "wait_hours_mean ±50%" in result.output and "after 8" in result.output
    live = runner.invoke(
        main,
        ["reps", str(scenario), "--kpi", "tickets_arrived=0.2", "--jobs", "1", "--max-reps", "12"],
    )
    assert live.exit_code == 0, live.output
    assert "needs" in live.output
    bad = runner.invoke(main, ["reps", str(out), "--kpi", "no_such_kpi=0.1"])
    assert bad.exit_code == 2 and "no such KPI" in bad.output
