"""A run stored from its columns reads back as the run stored from its DataFrames."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from itsim.config.load import BUNDLED_DIR, apply_overrides, load_scenario
from itsim.experiment.runner import run_one
from itsim.experiment.store import ResultStore
from itsim.results.stats import kpi_columns

REPO_ROOT = Path(__file__).absolute().parents[2]
SCENARIOS = sorted(p.stem for p in BUNDLED_DIR.glob("*.yaml"))


@pytest.mark.parametrize("name", SCENARIOS)
def test_columns_and_frames_read_back_alike(name: str, tmp_path: Path) -> None:
    # a short horizon keeps every table (and its empty ones) while staying quick
    scenario = apply_overrides(load_scenario(name), {"horizon_days": 35, "warmup_days": 7})
    result = run_one(scenario, scenario.seed, 0)
    from_columns, from_frames = ResultStore(tmp_path / "c"), ResultStore(tmp_path / "f")
    from_columns.write_run("r0", result.columns)
    from_frames.write_run("r0", result.tables)
    assert from_columns.run_records()[0]["tables"] == from_frames.run_records()[0]["tables"]
    for table in from_frames.table_names():
        pd.testing.assert_frame_equal(
            from_columns.read_table(table), from_frames.read_table(table), check_exact=True,
            obj=f"{name}.{table}",
        )  # fmt: skip
    assert from_columns.runs_csv().read_bytes() == from_frames.runs_csv().read_bytes()


def test_a_worker_stores_a_run_without_pandas(tmp_path: Path) -> None:
    """The sweep's worker function runs and stores a run; pandas is never imported."""
    code = f"""
import sys
from itsim.config.load import apply_overrides, load_scenario
from itsim.experiment.runner import RunTask
from itsim.experiment.sweep import StoringTask, run_and_store
scenario = apply_overrides(load_scenario("baseline"), {{"horizon_days": 14, "warmup_days": 0}})
task = RunTask(scenario, 1, 0)
row = run_and_store(StoringTask(task, {str(tmp_path)!r}))
assert "pandas" not in sys.modules, "pandas was imported"
assert len(row) == 1 and row["rep"].tolist() == [0], row
print(task.key)
"""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert ResultStore(tmp_path).completed_keys() == {done.stdout.strip()}


@pytest.mark.parametrize(
    "points",
    [
        {"headcount=5": {"teams.desk.headcount": 5}, "headcount=6": {"teams.desk.headcount": 6}},
        {"a": {"x": 1, "y": 0.5}, "b": {"x": 2.25}, "c": {"y": 3, "z": "slow"}},
        {"p": {"flag": True, "name": "msp"}, "q": {"flag": False}, "r": {}},
        {"base": {}},
    ],
)
def test_points_csv_is_written_as_pandas_writes_it(points: dict, tmp_path: Path) -> None:
    from itsim.experiment.outputs import write_frame
    from itsim.experiment.sweep import points_table

    rows = [{"point": label, **overrides} for label, overrides in points.items()]
    write_frame(tmp_path / "columns.csv", points_table(points))
    write_frame(tmp_path / "pandas.csv", pd.DataFrame(rows))
    assert (tmp_path / "columns.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()


def _pandas_finish(store: ResultStore) -> tuple[str, str]:
    """runs.csv and summary.csv text as pandas made them: the store's runs table, read back
    from its CSV, grouped by (scenario, point) in order of appearance."""
    import io

    from itsim.results.stats import summarise

    runs_text = store.read_table("runs").to_csv(index=False)
    runs = pd.read_csv(io.StringIO(runs_text))
    kpis = kpi_columns(runs)
    frames = []
    for (scenario, point), group in runs.groupby(["scenario", "point"], sort=False):
        frame = summarise(group, kpis)
        frame.insert(0, "point", str(point))
        frame.insert(0, "scenario", str(scenario))
        frames.append(frame)
    return runs_text, pd.concat(frames, ignore_index=True).to_csv(index=False)


def test_sweep_summary_files_are_those_pandas_wrote(tmp_path: Path) -> None:
    """Arms with different KPIs (cost categories one arm lacks), points, replications out of
    order, and columns that are empty or booleans with gaps in some runs."""
    from itsim.experiment.run_keys import run_key
    from itsim.experiment.sweep import finish_store
    from itsim.results.columns import Columns

    store = ResultStore(tmp_path)
    for rep in (1, 0):
        for name, point in [("msp_overflow", "h=5"), ("baseline", "h=6"), ("baseline", "h=5")]:
            scenario = apply_overrides(load_scenario(name), {"horizon_days": 21, "warmup_days": 0})
            result = run_one(scenario, 7, rep, point=point)
            runs = result.columns["runs"]
            extra = {"gap_kpi": np.array([None], dtype=object),
                     "flag_kpi": np.array([True] if name == "baseline" else [None], dtype=object),
                     "rare_count": np.array([3 + rep])} if point == "h=5" else {}  # fmt: skip
            runs = Columns(dict(runs.items()) | extra, runs.objects | {"gap_kpi"})
            store.write_run(run_key(name, point, rep), {"runs": runs})
    summary = finish_store(store)
    assert summary is not None and len(summary) > 0
    runs_text, summary_text = _pandas_finish(store)
    assert (tmp_path / "runs.csv").read_text() == runs_text
    assert (tmp_path / "summary.csv").read_text() == summary_text
