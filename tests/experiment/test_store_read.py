"""Reading a table of many runs in one pass gives exactly what reading file by file gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from itsim.experiment.store import ResultStore
from itsim.experiment.store_read import read_sorted
from tests.experiment.toy import toy_run, toy_tasks
from tests.hardening.helpers import invoke


def _file_by_file(store: ResultStore, name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """The definition: each committed run's file read alone, concatenated in run-key order
    (empty files left out), then sorted stably by the key columns."""
    keys = sorted(r["run_key"] for r in store.run_records() if name in r["tables"])
    frames = [pd.read_parquet(store.table_path(name, key), columns=columns) for key in keys]
    frames = [f for f in frames if len(f)] or frames[:1]
    table = pd.concat(frames, ignore_index=True)
    by = [c for c in store.key_columns if c in table.columns]
    return table.sort_values(by, kind="stable").reset_index(drop=True)


def _file_by_file_columns(store: ResultStore, name: str, columns: list[str]) -> pd.DataFrame:
    """:func:`_file_by_file` of the ``columns`` each file has."""
    keys = sorted(r["run_key"] for r in store.run_records() if name in r["tables"])
    frames = []
    for key in keys:
        path = store.table_path(name, key)
        present = set(pq.read_schema(path).names)
        frames.append(pd.read_parquet(path, columns=[c for c in columns if c in present]))
    frames = [f for f in frames if len(f)] or frames[:1]
    table = pd.concat(frames, ignore_index=True)
    by = [c for c in store.key_columns if c in table.columns]
    return table.sort_values(by, kind="stable").reset_index(drop=True)


def _paths(store: ResultStore, name: str) -> list[Path]:
    keys = sorted(r["run_key"] for r in store.run_records() if name in r["tables"])
    return [store.table_path(name, key) for key in keys]


@pytest.fixture
def toy_store(tmp_path: Path) -> ResultStore:
    """Two arms x three points x 3 replications, whose run keys sort otherwise than their key
    columns: a point's slug in the key replaces " " by "-", which sorts after "+"."""
    store = ResultStore(tmp_path / "store")
    tasks = toy_tasks(points=["p 1", "p+1", "p2"])
    for task in tasks:
        store.write_run(task.key, toy_run(task))
    by_key = [(t.scenario, t.point, t.rep) for t in sorted(tasks, key=lambda t: t.key)]
    assert by_key != sorted(by_key)  # the files must be reordered to read sorted
    return store


def test_many_runs_read_in_one_pass_as_file_by_file(toy_store: ResultStore) -> None:
    for name in ("tickets", "runs"):
        assert read_sorted(_paths(toy_store, name), None, toy_store.key_columns) is not None
        pd.testing.assert_frame_equal(
            toy_store.read_table(name), _file_by_file(toy_store, name), check_exact=True
        )
    wanted = [*toy_store.key_columns, "wait_hours"]
    pd.testing.assert_frame_equal(
        toy_store.read_table("tickets", columns=["wait_hours"]),
        _file_by_file(toy_store, "tickets", wanted),
        check_exact=True,
    )


def test_files_of_other_schemas_are_read_a_schema_at_a_time(toy_store: ResultStore) -> None:
    """Concatenated as the files are (an int column meets a float one, a column that only some
    runs have), then in key order: a run of another arm sorts between and after the others."""
    for arm, extra in (("a0", {"wait_hours": 1, "note": "late"}), ("c", {"flag": True})):
        task = toy_tasks(arms=[arm], reps=1)[0]
        tables = toy_run(task)
        tables["tickets"] = tables["tickets"].assign(**extra)
        toy_store.write_run(task.key, tables)
    assert read_sorted(_paths(toy_store, "tickets"), None, toy_store.key_columns) is not None
    read = toy_store.read_table("tickets")
    pd.testing.assert_frame_equal(read, _file_by_file(toy_store, "tickets"), check_exact=True)
    assert read["note"].notna().sum() > 0 and read["flag"].notna().sum() > 0
    wanted = [*toy_store.key_columns, "note", "wait_hours"]
    pd.testing.assert_frame_equal(
        toy_store.read_table("tickets", columns=["note", "wait_hours"]),
        _file_by_file_columns(toy_store, "tickets", wanted),
        check_exact=True,
    )


def test_keys_tied_across_schemas_are_read_one_by_one(toy_store: ResultStore) -> None:
    task = toy_tasks(points=["p 1"], reps=1)[0]  # a run the store holds
    tables = toy_run(task)
    tables["tickets"] = tables["tickets"].assign(note="again")  # same keys, another schema
    toy_store.write_run(f"{task.key}-again", tables)
    assert read_sorted(_paths(toy_store, "tickets"), None, toy_store.key_columns) is None
    pd.testing.assert_frame_equal(
        toy_store.read_table("tickets"), _file_by_file(toy_store, "tickets"), check_exact=True
    )


def test_a_file_whose_keys_vary_is_read_one_by_one(toy_store: ResultStore) -> None:
    task = toy_tasks(arms=["c"], reps=1)[0]
    tables = toy_run(task)
    tickets = tables["tickets"]
    tickets["rep"] = np.arange(len(tickets)) % 2  # two replications' rows in one file
    toy_store.write_run(task.key, tables)
    assert read_sorted(_paths(toy_store, "tickets"), None, toy_store.key_columns) is None
    pd.testing.assert_frame_equal(
        toy_store.read_table("tickets"), _file_by_file(toy_store, "tickets"), check_exact=True
    )


def test_tables_of_empty_files_only_are_read_one_by_one(toy_store: ResultStore) -> None:
    assert read_sorted(_paths(toy_store, "projects"), None, toy_store.key_columns) is None
    pd.testing.assert_frame_equal(
        toy_store.read_table("projects"), _file_by_file(toy_store, "projects"), check_exact=True
    )


def test_every_table_of_a_real_sweep_reads_as_file_by_file(tmp_path: Path) -> None:
    out = tmp_path / "sweep"
    sweep = ["sweep", "baseline", "--grid", "teams.desk.headcount=4,5", "--reps", "3",
             "--days", "7", "--warmup-days", "0", "--jobs", "1", "--quiet"]  # fmt: skip
    sweep += ["--out", str(out)]
    assert invoke(sweep).exit_code == 0
    store = ResultStore(out)
    one_pass = []
    for name in store.table_names():
        if read_sorted(_paths(store, name), None, store.key_columns) is not None:
            one_pass.append(name)
        expected = _file_by_file(store, name)
        got = store.read_table(name)
        if name == "runs":  # read_table completes the runs table's derived columns
            got = got[expected.columns]
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert {"staff_daily", "team_daily", "tickets"} <= set(one_pass)
