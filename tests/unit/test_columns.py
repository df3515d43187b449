"""Tables as numpy columns give exactly what pandas gives: sums, types, files, and no import.

``itsim run`` builds its tables and KPIs without pandas (itsim/results/columns.py); these tests
hold each piece to the pandas operation it replaces, bit for bit.
"""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from itsim.experiment.outputs import csv_text
from itsim.results.columns import Columns, concat, group_sum, infer_column

LABELS = np.array(["desk", "dev", "eng", "msp", "zeta"], dtype=object)


@pytest.mark.parametrize("in_key_order", [True, False])
@pytest.mark.parametrize("with_nan", [True, False])
def test_group_sum_adds_as_pandas_groupby(in_key_order: bool, with_nan: bool) -> None:
    rng = np.random.default_rng(7)
    for _ in range(60):
        n = int(rng.integers(1, 400))
        values = rng.random(n) * rng.choice([1.0, 1e3, 1e7])
        if with_nan:
            values[rng.random(n) < 0.1] = np.nan
        codes = rng.integers(0, len(LABELS), n)
        if in_key_order:
            codes = np.sort(codes)
        teams, months = LABELS[codes], rng.integers(0, 2, n) if not in_key_order else np.zeros(n)
        frame = pd.DataFrame({"team": teams, "month": months, "v": values})
        expected = frame.groupby(["team", "month"], sort=True)["v"].sum()
        groups, sums = group_sum((teams, months), values)
        assert groups == list(expected.index)
        assert np.array_equal(sums, expected.to_numpy())  # bit for bit, no tolerance


def test_group_sum_counts_integers_and_flags_exactly() -> None:
    rng = np.random.default_rng(3)
    codes = rng.integers(0, 3, 500)
    flags = rng.random(500) < 0.3
    groups, sums = group_sum((LABELS[codes],), flags)
    expected = pd.Series(flags).groupby(LABELS[codes]).sum()
    assert [g[0] for g in groups] == list(expected.index)
    assert sums.dtype == np.int64 and sums.tolist() == expected.tolist()


@pytest.mark.parametrize(
    "values",
    [[1, 2, 3], [1, 2.5], [1.0, None], [True, False], ["a", "b"], ["a", 1], [None, "x"]],
)
def test_columns_from_values_are_typed_as_pandas_types_them(values: list) -> None:
    ours = Columns({"x": infer_column(values)}).to_pandas()
    theirs = pd.DataFrame([(v,) for v in values], columns=["x"])
    pd.testing.assert_frame_equal(ours, theirs, check_exact=True)


def test_empty_rows_give_pandas_empty_frame() -> None:
    fields = ("team", "day", "hours")
    ours = Columns.from_rows([], fields).to_pandas()
    pd.testing.assert_frame_equal(ours, pd.DataFrame([], columns=list(fields)))


def test_concat_fills_missing_columns_as_pandas_concat() -> None:
    a = Columns({"k": np.array(["x"], dtype=object), "n": np.array([1]), "f": np.array([True])})
    b = Columns({"k": np.array(["y"], dtype=object), "cost": np.array([2.5])})
    ours = concat([a, b]).to_pandas()
    theirs = pd.concat([a.to_pandas(), b.to_pandas()], ignore_index=True)
    pd.testing.assert_frame_equal(ours, theirs, check_exact=True)


def _mixed_table() -> Columns:
    strings = np.array(["desk", None, "eng, tier 2", 'say "hi"'], dtype=object)
    return Columns({
        "team": strings,
        "kind": np.array(["a", "b", "a", "c"], dtype=object),
        "hours": np.array([0.1, np.nan, 1e-5, 2405840.0]),
        "count": np.array([1, 2, 3, 4], dtype=np.int64),
        "met": np.array([True, False, True, True]),
        "flag": np.array([True, np.nan, False, True], dtype=object),
    })  # fmt: skip


def test_parquet_from_columns_reads_back_as_from_pandas() -> None:
    table = _mixed_table()
    ours, theirs = io.BytesIO(), io.BytesIO()
    import pyarrow.parquet as pq

    pq.write_table(table.to_arrow(), ours)
    table.to_pandas().to_parquet(theirs, index=False)
    pd.testing.assert_frame_equal(
        pd.read_parquet(io.BytesIO(ours.getvalue())),
        pd.read_parquet(io.BytesIO(theirs.getvalue())),
        check_exact=True,
    )


def test_csv_text_is_byte_for_byte_to_csv() -> None:
    table = _mixed_table()
    assert csv_text(table) == table.to_pandas().to_csv(index=False)


def test_run_command_never_imports_pandas(tmp_path) -> None:
    """The default ``itsim run`` keeps its tables as columns from the model to the files."""
    code = (
        "import sys\n"
        "from itsim.cli import main\n"
        f"main.main(['run', 'validation/mmc', '--days', '30', '--reps', '2', '--jobs', '1',"
        f" '--quiet', '--out', {str(tmp_path)!r}], standalone_mode=False)\n"
        "print('pandas' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "False"
    runs = pd.read_csv(tmp_path / "runs.csv")
    assert len(runs) == 2 and (tmp_path / "summary.csv").exists()


def test_a_replication_hands_out_frames_on_demand_and_pickles_without_them() -> None:
    import pickle

    from itsim.config.load import load_scenario
    from itsim.experiment.runner import run_one

    scenario = load_scenario("validation/mmc", ["horizon_days=30"])
    result = run_one(scenario, 1, 0)
    frames = result.tables
    assert set(frames) == set(result.columns)
    assert frames["runs"].iloc[0]["tickets_arrived"] == result.kpis["tickets_arrived"]
    again = pickle.loads(pickle.dumps(result))
    assert again._frames is None  # the DataFrames are rebuilt, not sent between processes
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(again.tables[name], frame, check_exact=True)


@pytest.mark.parametrize("seed", range(6))
def test_label_columns_become_the_arrow_arrays_pyarrow_makes(seed: int) -> None:
    """Text with gaps (None, NaN), repeats, non-ASCII and empty strings, coded by value."""
    import pyarrow as pa

    from itsim.results.columns import _arrow_array

    rng = np.random.default_rng(seed)
    pool = ["desk", "", "Zürich", "größe ✓", "dev", "a,b", "P1", None, float("nan")]
    # seeds 2 and 5 draw no gap, 1 and 4 only None
    picks = rng.integers(0, len(pool) - seed % 3, size=int(rng.integers(0, 400)))
    values = np.empty(len(picks), dtype=object)
    values[:] = [pool[i] for i in picks]
    ours = _arrow_array(values)
    theirs = pa.array(values, from_pandas=True)
    if theirs.type == pa.null() and len(values) == 0:
        theirs = pa.array([], type=pa.string())  # an empty column that is not kept as object
    assert ours.type == theirs.type
    assert ours.to_pylist() == theirs.to_pylist()
    assert ours.null_count == theirs.null_count
