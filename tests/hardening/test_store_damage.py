"""A damaged sweep store is detected and redone: checksums in the commit records, --verify."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from itsim.experiment.store import ResultStore
from itsim.experiment.verify import damaged_runs
from tests.hardening.helpers import assert_clean_failure, invoke

SWEEP = ["sweep", "baseline", "--grid", "teams.desk.headcount=3,4", "--reps", "2",
         "--days", "3", "--warmup-days", "0", "--jobs", "1", "--quiet"]  # fmt: skip


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished sweep store of 4 runs (2 points x 2 replications), never touched again."""
    out = tmp_path_factory.mktemp("sweep") / "store"
    outcome = invoke([*SWEEP, "--out", str(out)])
    assert outcome.exit_code == 0, outcome.stderr
    return out


def _copy(finished: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(finished, copy)
    return copy


def _damage_two_runs(store: Path) -> tuple[str, str]:
    """Garble one run's tickets file (same size) and truncate another run's commit record."""
    keys = sorted(p.stem for p in (store / "done").glob("*.json"))
    garbled, truncated = keys[0], keys[-1]
    tickets = store / "tables" / "tickets" / f"{garbled}.parquet"
    data = bytearray(tickets.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 16] = bytes(16)  # still a file of the right size; not the same bytes
    tickets.write_bytes(bytes(data))
    record = store / "done" / f"{truncated}.json"
    record.write_text(record.read_text()[:25])
    return garbled, truncated


def _tables(root: Path) -> dict[str, pd.DataFrame]:
    store = ResultStore(root)
    return {name: store.read_table(name) for name in store.table_names()}


def test_commit_records_carry_rows_size_and_checksum(finished: Path):
    record = json.loads(next((finished / "done").glob("*.json")).read_text())
    for name, rows in record["tables"].items():
        facts = record["files"][name]
        path = finished / "tables" / name / f"{record['run_key']}.parquet"
        assert facts["rows"] == rows and facts["bytes"] == path.stat().st_size
        assert len(facts["sha256"]) == 64


def test_rerun_redoes_exactly_the_damaged_runs(finished: Path, tmp_path: Path):
    store = _copy(finished, tmp_path)
    garbled, truncated = _damage_two_runs(store)
    assert {d.key for d in damaged_runs(ResultStore(store))} == {garbled, truncated}
    untouched = {
        p: p.stat().st_mtime_ns
        for p in store.glob("tables/*/*.parquet")
        if p.stem not in {garbled, truncated}
    }
    outcome = invoke([*SWEEP, "--out", str(store)])
    assert outcome.exit_code == 0, outcome.stderr
    assert "2 run now, 2 of them redone" in outcome.stdout
    assert all(p.stat().st_mtime_ns == mtime for p, mtime in untouched.items())
    assert damaged_runs(ResultStore(store)) == []
    expected, got = _tables(finished), _tables(store)
    assert sorted(got) == sorted(expected)
    for name, table in expected.items():
        pd.testing.assert_frame_equal(got[name], table, check_exact=True)


def test_tables_a_power_cut_kept_from_the_disk_are_redone(finished: Path, tmp_path: Path):
    """Run tables are not flushed one by one: after a power cut a table file whose record
    reached the disk may be empty or missing. The rerun redoes those runs, and only those."""
    store = _copy(finished, tmp_path)
    keys = sorted(p.stem for p in (store / "done").glob("*.json"))
    emptied, missing = keys[0], keys[1]
    (store / "tables" / "staff_daily" / f"{emptied}.parquet").write_bytes(b"")
    (store / "tables" / "runs" / f"{missing}.parquet").unlink()
    assert {d.key for d in damaged_runs(ResultStore(store))} == {emptied, missing}
    outcome = invoke([*SWEEP, "--out", str(store)])
    assert outcome.exit_code == 0, outcome.stderr
    assert "2 run now, 2 of them redone" in outcome.stdout
    expected, got = _tables(finished), _tables(store)
    for name, table in expected.items():
        pd.testing.assert_frame_equal(got[name], table, check_exact=True)


def test_verify_reports_damage_without_running(finished: Path, tmp_path: Path):
    intact = invoke(["sweep", "--verify", str(finished)])
    assert intact.exit_code == 0 and "4 runs, every file matches" in intact.stdout
    store = _copy(finished, tmp_path)
    garbled, truncated = _damage_two_runs(store)
    outcome = invoke(["sweep", "--verify", str(store)])
    assert_clean_failure(outcome, 1, "2 of 4 runs damaged")
    assert f"damaged: {garbled}: table tickets: checksum differs" in outcome.stdout
    assert f"damaged: {truncated}: commit record is not valid JSON" in outcome.stdout
    assert not list((store / "done").glob("*.tmp")) and len(list(store.glob("done/*"))) == 4


def test_records_without_checksums_are_checked_by_row_count(finished: Path, tmp_path: Path):
    store = _copy(finished, tmp_path)
    for path in (store / "done").glob("*.json"):  # as written before records kept checksums
        record = json.loads(path.read_text())
        del record["files"]
        path.write_text(json.dumps(record))
    assert damaged_runs(ResultStore(store)) == []
    victim = next((store / "tables" / "runs").glob("*.parquet"))
    victim.write_bytes(victim.read_bytes()[:40])
    assert [d.key for d in damaged_runs(ResultStore(store))] == [victim.stem]


def test_a_damaged_manifest_is_one_line(finished: Path, tmp_path: Path):
    store = _copy(finished, tmp_path)
    (store / "manifest.json").write_text("{not json")
    outcome = invoke([*SWEEP, "--out", str(store)])
    assert_clean_failure(outcome, 2, "manifest.json", "damaged")


def test_reading_a_damaged_run_is_one_line(finished: Path, tmp_path: Path):
    store = _copy(finished, tmp_path)
    victim = next((store / "tables" / "runs").glob("*.parquet"))
    victim.write_bytes(b"garbage")
    outcome = invoke(["report", str(store), "--out", str(tmp_path / "r.html")])
    assert_clean_failure(outcome, 2, victim.name, "damaged")
