"""Result store: atomic writes, resume after a kill, deterministic tables."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from itsim.experiment import store as store_module
from itsim.experiment.executors import SerialExecutor
from itsim.experiment.progress import progress
from itsim.experiment.store import ResultStore, StoreMismatchError, run_key
from tests.experiment.toy import ToyTask, run_into_store, toy_run, toy_tasks

REPO_ROOT = Path(__file__).absolute().parents[2]


def fill(root: Path, tasks: list[ToyTask]) -> ResultStore:
    store = ResultStore(root)
    with SerialExecutor() as executor:
        list(run_into_store(store, executor, tasks))
    return store


def assert_same_store(left: ResultStore, right: ResultStore) -> None:
    assert left.completed_keys() == right.completed_keys()
    assert left.table_names() == right.table_names()
    for name in left.table_names():
        pd.testing.assert_frame_equal(left.read_table(name), right.read_table(name), obj=name)
    assert left.runs_csv().read_bytes() == right.runs_csv().read_bytes()


def test_partial_store_with_debris_resumes_to_uninterrupted_tables(tmp_path: Path) -> None:
    tasks = toy_tasks(reps=4)
    reference = fill(tmp_path / "reference", tasks)

    partial = ResultStore(tmp_path / "partial")
    for task in reversed(tasks[:5]):  # a different completion order
        partial.write_run(task.key, toy_run(task))
    unfinished = tasks[5]
    tickets_dir = tmp_path / "partial" / "tables" / "tickets"
    (tickets_dir / f"{unfinished.key}.parquet").write_bytes(b"PAR1 truncated")  # no commit
    (tickets_dir / f".{unfinished.key}.parquet.123.abcd.tmp").write_bytes(b"half")
    (tmp_path / "partial" / "done" / f".{unfinished.key}.json.123.abcd.tmp").write_text("{")

    resumed = ResultStore(tmp_path / "partial")
    assert resumed.completed_keys() == {t.key for t in tasks[:5]}
    assert resumed.remove_stray_files() == 3
    assert list((tmp_path / "partial").rglob("*.tmp")) == []
    with SerialExecutor() as executor:
        redone = list(run_into_store(resumed, executor, tasks))
    assert redone == [t.key for t in tasks[5:]]
    assert_same_store(resumed, reference)


@pytest.mark.parametrize("fail_on_replace", [1, 2, 4])
def test_interrupted_write_does_not_count_as_finished(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_on_replace: int
) -> None:
    store = ResultStore(tmp_path)
    task = ToyTask("a", "p1", 0)
    calls = []

    def replace_then_die(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == fail_on_replace:  # 3 tables, then the commit record (4th)
            raise KeyboardInterrupt
        real_replace(src, dst)

    real_replace = store_module.os.replace
    monkeypatch.setattr(store_module.os, "replace", replace_then_die)
    with pytest.raises(KeyboardInterrupt):
        store.write_run(task.key, toy_run(task))
    monkeypatch.undo()
    assert len(calls) == fail_on_replace
    assert store.completed_keys() == set()
    assert list(tmp_path.rglob("*.tmp")) == []
    with pytest.raises(KeyError):
        store.read_table("runs")


def test_store_killed_by_sigkill_resumes_to_uninterrupted_tables(tmp_path: Path) -> None:
    root = tmp_path / "killed"
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.experiment.toy", str(root)], cwd=REPO_ROOT
    )
    try:
        deadline = time.monotonic() + 120  # guards against a hang only
        while time.monotonic() < deadline and len(ResultStore(root).completed_keys()) < 3:
            assert child.poll() is None, "writer exited before it could be killed"
            time.sleep(0.05)
    finally:
        child.kill()
        child.wait()
    tasks = [ToyTask("a", "p1", rep) for rep in range(60)]  # same keys as toy.main
    killed = ResultStore(root)
    assert 3 <= len(killed.completed_keys()) < len(tasks)
    with SerialExecutor() as executor:
        list(run_into_store(killed, executor, tasks))
    assert_same_store(killed, fill(tmp_path / "reference", tasks))


def test_read_table_is_sorted_by_key_columns_and_keeps_empty_tables(tmp_path: Path) -> None:
    tasks = toy_tasks(reps=3)
    store = ResultStore(tmp_path)
    for task in sorted(tasks, key=lambda t: (-t.rep, t.point)):
        store.write_run(task.key, toy_run(task))
    tickets = store.read_table("tickets")
    keys = tickets[["scenario", "point", "rep"]]
    pd.testing.assert_frame_equal(keys, keys.sort_values(list(keys.columns), kind="stable"))
    first = tickets[(tickets.scenario == "a") & (tickets.point == "p1") & (tickets.rep == 0)]
    assert first["ticket_id"].tolist() == list(range(len(first)))
    projects = store.read_table("projects")
    assert projects.empty and "project_id" in projects.columns
    assert store.run_records()[0]["tables"]["runs"] == 1


def test_runs_csv_matches_runs_table(tmp_path: Path) -> None:
    store = fill(tmp_path, toy_tasks(reps=2))
    csv = pd.read_csv(store.runs_csv())
    runs = store.read_table("runs")
    assert csv["wait_hours_mean"].tolist() == pytest.approx(runs["wait_hours_mean"].tolist())
    assert csv["rep"].tolist() == runs["rep"].tolist()


def test_runs_read_before_are_reused_until_a_run_is_rewritten_or_forgotten(
    tmp_path: Path,
) -> None:
    tasks = toy_tasks(reps=2)
    store = fill(tmp_path, tasks)
    first = store.read_columns("runs").to_pandas()  # remembered run by run
    pd.testing.assert_frame_equal(first, ResultStore(tmp_path).read_columns("runs").to_pandas())
    task = tasks[0]
    changed = toy_run(task)
    changed["runs"] = changed["runs"].assign(wait_hours_mean=-1.0)
    store.write_run(task.key, changed)
    again = store.read_columns("runs")
    assert (again["wait_hours_mean"] == -1.0).sum() == 1
    store.forget_run(task.key)
    assert len(store.read_columns("runs")) == len(first) - 1


def test_a_runs_row_handed_over_by_its_writer_reads_as_the_stored_file(tmp_path: Path) -> None:
    """What ``write_run`` returns, adopted by another store object, stands in for the file."""
    tasks = toy_tasks(reps=2)
    writer = ResultStore(tmp_path)
    rows = {task.key: writer.write_run(task.key, toy_run(task)) for task in tasks}
    from_files = ResultStore(tmp_path).read_columns("runs").to_pandas()
    driver = ResultStore(tmp_path)
    for key, row in rows.items():
        assert row is not None and len(row) == 1
        driver.adopt_runs_row(key, row)
    for path in (tmp_path / "tables" / "runs").glob("*.parquet"):
        path.unlink()  # the adopted rows must not need them
    pd.testing.assert_frame_equal(driver.read_columns("runs").to_pandas(), from_files)
    assert writer.write_run("no-runs-table", {"tickets": toy_run(tasks[0])["tickets"]}) is None


def test_a_run_is_flushed_to_disk_once_by_its_commit_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tables are renamed into place unflushed; the record, which holds their checksums,
    is flushed before it is renamed, so it never reaches the disk ahead of its own content."""
    from itsim.experiment import atomic

    flushed: list[Path] = []
    real_fsync, real_replace = atomic.os.fsync, atomic.os.replace

    def fsync(fd: int) -> None:
        flushed.append(Path(f"fd-{fd}"))
        real_fsync(fd)

    def replace(src: str | Path, dst: str | Path) -> None:
        if flushed and flushed[-1].name.startswith("fd-"):
            flushed[-1] = Path(dst)  # the file just flushed is the one renamed next
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    monkeypatch.setattr(atomic.os, "replace", replace)
    task = toy_tasks(reps=1)[0]
    ResultStore(tmp_path).write_run(task.key, toy_run(task))
    assert flushed == [tmp_path / "done" / f"{task.key}.json"]


def test_run_keys_are_safe_and_distinct() -> None:
    parts = [
        ("base", "teams.desk.headcount=3,msp.mode=none", 0),
        ("base", "teams.desk.headcount=3,msp.mode=none", 1),
        ("base", "teams.desk.headcount=3;msp.mode=none", 0),
        ("base/../x", "p" * 500, 7),
        (".hidden", "é ü", 12345),
        ("", "", 0),
    ]
    keys = [run_key(*p) for p in parts]
    assert len(set(keys)) == len(keys)
    for key in keys:
        assert store_module._SAFE_NAME.fullmatch(key), key
    assert run_key(*parts[0]) == keys[0]
    with pytest.raises(ValueError):
        run_key("a", "b", -1)


def test_write_run_rejects_unsafe_names(tmp_path: Path) -> None:
    store = ResultStore(tmp_path)
    with pytest.raises(ValueError):
        store.write_run("../escape", {})
    with pytest.raises(ValueError):
        store.write_run("ok", {"../tickets": pd.DataFrame()})


def test_bind_refuses_a_different_experiment(tmp_path: Path) -> None:
    ResultStore(tmp_path).bind({"reps": 10, "grid": {"x": [1, 2]}})
    ResultStore(tmp_path).bind({"grid": {"x": [1, 2]}, "reps": 10})
    with pytest.raises(StoreMismatchError, match="reps"):
        ResultStore(tmp_path).bind({"reps": 20, "grid": {"x": [1, 2]}})
    store = ResultStore(tmp_path)
    store.update_manifest(command="itsim sweep x.yaml")
    assert store.manifest()["identity"]["reps"] == 10
    assert store.manifest()["command"] == "itsim sweep x.yaml"


def test_progress_passes_items_through(capsys: pytest.CaptureFixture[str]) -> None:
    assert list(progress(iter(range(5)), total=7, initial=2)) == [0, 1, 2, 3, 4]
    assert "7/7" in capsys.readouterr().err
    assert list(progress(range(3), total=3, quiet=True)) == [0, 1, 2]
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""
