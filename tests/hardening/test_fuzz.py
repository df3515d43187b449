"""Fuzz the command line with generated hostile inputs (see tests/hardening/fuzz.py).

Every case must end with exit code 0 or 2 and no traceback, keep every stderr line short, and,
when a run succeeded, have finite money KPIs. The fast suite runs 100 cases, the slow one 1,200
others; a failure names the case number, which re-creates the case exactly.
"""

from __future__ import annotations

import pytest

from tests.hardening.fuzz import run_cases

FAST_SEED, SLOW_SEED = 20261202, 1


def _assert_clean(result: dict) -> None:
    report = [
        f"#{case.number} {case.kind}: {'; '.join(problems)} :: {case.args} :: {tail}"
        for case, problems, tail in result["failures"]
    ]
    assert not report, "\n".join(report[:10])
    assert result["tracebacks"] == 0
    assert set(result["exit_codes"]) <= {0, 2}


def test_fuzz_fast():
    result = run_cases(100, FAST_SEED)
    _assert_clean(result)
    assert result["exit_codes"].get(0, 0) >= 5, "the generator should also make valid runs"


@pytest.mark.slow
def test_fuzz_slow():
    result = run_cases(1200, SLOW_SEED)
    _assert_clean(result)
    assert len(result["kinds"]) == 7, "every kind of case is generated"
