"""Golden back-tests: the bundled scenarios reproduce their stored tables exactly.

Every table stored for a case must come out again with the same rows and values (NaN equal to
NaN, floats compared bit for bit). A table may gain new columns without failing — other work adds
KPIs — but no stored column may change, vanish or change type. Regenerate with
``python -m tests.regression.regen`` only in a commit that changes numbers on purpose.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from tests.regression.cases import CASES, GOLDEN_DIR, case_file, run_case


def stored_tables(case: str) -> list[str]:
    """Names of the tables stored for ``case``."""
    folder = case_file(case, "x").parent
    return sorted(p.stem for p in folder.glob("*.parquet"))


def through_parquet(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as the golden store would give it back (Parquet maps some dtypes)."""
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return pd.read_parquet(buffer)


@pytest.mark.parametrize("case", CASES)
def test_case_reproduces_its_goldens(case: str) -> None:
    names = stored_tables(case)
    assert names, f"no goldens under {GOLDEN_DIR}; run python -m tests.regression.regen"
    tables = run_case(case)
    assert set(names) <= set(tables), f"tables missing: {set(names) - set(tables)}"
    for name in names:
        golden = pd.read_parquet(case_file(case, name))
        actual = through_parquet(tables[name])
        missing = [c for c in golden.columns if c not in actual.columns]
        assert not missing, f"{case}/{name}: columns gone: {missing}"
        pd.testing.assert_frame_equal(
            actual[list(golden.columns)], golden, check_exact=True, obj=f"{case}/{name}"
        )
