"""Sweeps on the real model: common random numbers, identical tables on every executor,
resume after a kill or Ctrl-C, and clear errors for keys the schema lacks."""

from __future__ import annotations

import importlib.util
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from itsim.errors import InputError
from itsim.experiment.executors import DaskExecutor, ProcessExecutor, SerialExecutor
from itsim.experiment.store import ResultStore, StoreMismatchError
from itsim.experiment.sweep import (
    plan_from_experiment,
    plan_from_grid,
    run_sweep,
    sweep_scenarios,
    sweep_tasks,
)
from tests.conftest import TINY, make_scenario

ROOT = Path(__file__).absolute().parents[2]
HAS_DASK = importlib.util.find_spec("distributed") is not None


def write_experiment(
    folder: Path, reps: int = 2, headcounts: tuple[int, ...] = (2, 3), horizon_days: int = 21
) -> Path:
    """A tiny department and an experiment of two arms over desk headcounts."""
    base = {**TINY, "horizon_days": horizon_days, "warmup_days": 7}
    (folder / "tiny.yaml").write_text(yaml.safe_dump(base), encoding="utf-8")
    experiment = {
        "name": "tiny_curve",
        "base": "tiny.yaml",
        "arms": {"now": {}, "better_fcr": {"flow.first_contact_resolution": 0.85}},
        "grid": {"factorial": {"teams.desk.headcount": list(headcounts)}},
        "replications": reps,
        "seed": 11,
    }
    path = folder / "tiny_curve.yaml"
    path.write_text(yaml.safe_dump(experiment), encoding="utf-8")
    return path


def store_tables(root: Path) -> dict[str, pd.DataFrame]:
    store = ResultStore(root)
    return {name: store.read_table(name) for name in store.table_names()}


def assert_same_tables(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    assert left.keys() == right.keys()
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


def test_experiment_expands_to_arms_x_points_x_reps_with_common_seeds(tmp_path: Path) -> None:
    plan = plan_from_experiment(write_experiment(tmp_path, reps=3))
    scenarios = sweep_scenarios(plan)
    tasks = sweep_tasks(plan, scenarios)
    assert len(tasks) == 2 * 2 * 3
    assert {t.scenario.name for t in tasks} == {"now", "better_fcr"}
    assert {t.seed for t in tasks} == {11}
    assert [t.rep for t in tasks[:4]] == [0, 0, 0, 0]  # replication-major order
    fcr = {t.scenario.name: t.scenario.flow.first_contact_resolution for t in tasks}
    assert fcr == {"now": 0.7, "better_fcr": 0.85}
    heads = {(t.point, t.scenario.teams["desk"].headcount) for t in tasks}
    assert heads == {("headcount=2", 2), ("headcount=3", 3)}
    assert len({t.key for t in tasks}) == len(tasks)


def test_points_see_the_same_tickets(tmp_path: Path) -> None:
    plan = plan_from_grid(make_scenario({"horizon_days": 14}), {"teams.desk.headcount": [2, 4]})
    plan = type(plan)(**{**plan.__dict__, "replications": 1})
    with SerialExecutor() as executor:
        run_sweep(plan, tmp_path / "s", executor, quiet=True)
    tickets = ResultStore(tmp_path / "s").read_table("tickets")
    columns = ["ticket_id", "kind", "priority", "category", "created_hours"]
    two, four = (
        tickets[tickets["point"] == p][columns].reset_index(drop=True)
        for p in ("headcount=2", "headcount=4")
    )
    pd.testing.assert_frame_equal(two, four)
    waits = tickets.groupby("point")["wait_hours"].mean()
    assert waits["headcount=4"] < waits["headcount=2"]


def test_unknown_grid_key_is_one_input_error_naming_it() -> None:
    plan = plan_from_grid(make_scenario(), {"teams.desk.headcont": [1, 2]})
    with pytest.raises(InputError) as info:
        sweep_scenarios(plan)
    assert info.value.file == "--grid" and info.value.key == "teams.desk.headcont"
    assert "unknown key" in info.value.message


def test_a_store_of_another_experiment_is_refused(tmp_path: Path) -> None:
    path = write_experiment(tmp_path)
    with SerialExecutor() as executor:
        run_sweep(plan_from_experiment(path), tmp_path / "s", executor, quiet=True)
    other = plan_from_experiment(path, extra_set={"flow.handoff_hours": 1.0})
    with pytest.raises(StoreMismatchError):
        run_sweep(other, tmp_path / "s", SerialExecutor(), quiet=True)


def test_more_replications_extend_a_finished_sweep(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, reps=1)
    plan = plan_from_experiment(path)
    with SerialExecutor() as executor:
        first = run_sweep(plan, tmp_path / "s", executor, quiet=True)
    more = type(plan)(**{**plan.__dict__, "replications": 2})
    with SerialExecutor() as executor:
        second = run_sweep(more, tmp_path / "s", executor, quiet=True)
    assert (first.ran, second.skipped, second.ran) == (4, 4, 4)
    with SerialExecutor() as executor:
        run_sweep(more, tmp_path / "fresh", executor, quiet=True)
    assert_same_tables(store_tables(tmp_path / "s"), store_tables(tmp_path / "fresh"))


def test_new_grid_values_and_arms_extend_a_store(tmp_path: Path) -> None:
    path = write_experiment(tmp_path, reps=1, headcounts=(2,))
    with SerialExecutor() as executor:
        run_sweep(plan_from_experiment(path), tmp_path / "s", executor, quiet=True)
    wider = write_experiment(tmp_path, reps=1, headcounts=(2, 3))
    with SerialExecutor() as executor:
        outcome = run_sweep(plan_from_experiment(wider), tmp_path / "s", executor, quiet=True)
    assert (outcome.skipped, outcome.ran) == (2, 2)
    manifest = ResultStore(tmp_path / "s").manifest()
    assert set(manifest["points"]) == {"headcount=2", "headcount=3"}


@pytest.mark.slow
@pytest.mark.skipif(not HAS_DASK, reason="dask.distributed not installed")
def test_serial_process_and_dask_give_identical_tables(tmp_path: Path) -> None:
    plan = plan_from_experiment(write_experiment(tmp_path))
    executors = {
        "serial": SerialExecutor(),
        "process": ProcessExecutor(2),
        "dask": DaskExecutor(local_workers=2),
    }
    tables = {}
    for name, executor in executors.items():
        outcome = run_sweep(plan, tmp_path / name, executor, quiet=True)
        assert outcome.ran == outcome.total == 8
        tables[name] = store_tables(tmp_path / name)
    assert len(tables["serial"]["runs"]) == 8
    assert "team_hour_of_week" in tables["serial"]
    assert_same_tables(tables["serial"], tables["process"])
    assert_same_tables(tables["serial"], tables["dask"])
    runs_csv = {name: (tmp_path / name / "runs.csv").read_bytes() for name in executors}
    assert runs_csv["serial"] == runs_csv["process"] == runs_csv["dask"]


def sweep_command(experiment: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "itsim",
        "sweep",
        str(experiment),
        "--out",
        str(out),
        "--quiet",
        *extra,
    ]


def start_and_stop(command: list[str], root: Path, sig: int, at_least: int) -> subprocess.Popen:
    """Start ``itsim sweep`` in a subprocess; send ``sig`` once ``at_least`` runs are stored."""
    child = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120  # guards against a hang only
    try:
        while time.monotonic() < deadline and len(ResultStore(root).completed_keys()) < at_least:
            assert child.poll() is None, "the sweep ended before it could be stopped"
            time.sleep(0.02)
        child.send_signal(sig)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return child


@pytest.mark.slow  # three itsim processes: about 10 s each
@pytest.mark.parametrize(("sig", "jobs"), [(signal.SIGKILL, "1"), (signal.SIGINT, "2")])
def test_stopped_sweep_reruns_to_the_uninterrupted_tables(
    tmp_path: Path, sig: int, jobs: str
) -> None:
    # runs long enough that the sweep cannot finish between the stop being decided and sent
    experiment = write_experiment(tmp_path, reps=5, horizon_days=84)
    total = 2 * 2 * 5
    stopped = tmp_path / "stopped"
    child = start_and_stop(sweep_command(experiment, stopped, "--jobs", jobs), stopped, sig, 2)
    finished = ResultStore(stopped).completed_keys()
    assert 2 <= len(finished) < total
    if sig == signal.SIGINT:  # Ctrl-C: a clean stop that says how to resume
        assert child.returncode == 130
        assert "run the same command to resume" in (child.stderr.read() if child.stderr else "")
        assert (stopped / "runs.csv").is_file()
    rerun = subprocess.run(
        sweep_command(experiment, stopped, "--jobs", "2"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert f"{len(finished)} already stored, {total - len(finished)} run now" in rerun.stdout
    with SerialExecutor() as executor:
        run_sweep(plan_from_experiment(experiment), tmp_path / "reference", executor, quiet=True)
    assert_same_tables(store_tables(stopped), store_tables(tmp_path / "reference"))
    reference_csv = (tmp_path / "reference" / "runs.csv").read_bytes()
    assert (stopped / "runs.csv").read_bytes() == reference_csv
