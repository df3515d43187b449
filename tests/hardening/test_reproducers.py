"""One regression test per input that used to end in a traceback, a hang or an infinite cost.

Each case ran against the code before the hardening and failed as its comment says; now each
ends with one short ``error:`` line and exit code 2 (or 1 for a system failure).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import SCENARIOS
from tests.hardening.helpers import SHORT_RUN, assert_clean_failure, invoke

BASE = SCENARIOS / "baseline.yaml"


def _file(tmp_path: Path, text: str, name: str = "s.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _child(tmp_path: Path, extra: str) -> str:
    return _file(tmp_path, f"extends: {BASE}\n{extra}\n")


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        ("calendar: {start_date: 2027-02-30}", "not a valid date"),  # was ValueError
        ("horizon_days: !!int abc", "not an integer"),  # was ValueError
        ("horizon_days: 0x_", "horizon_days"),  # was ValueError (base 16)
        ("name: " + "[" * 600 + "]" * 600, "nested more than"),  # was RecursionError
        ("name: a\nname: b", "given twice"),  # was silently the last
        ("horizon_days: 1:30", "horizon_days"),  # was 90 (YAML 1.1 base 60)
        ("calendar: {business_days: []}", "business_days"),  # was IndexError mid-run
        ("teams: {desk: {productivity: .inf}}", "finite"),  # was OverflowError in build
        ("roles: {desk_analyst: {salary_usd: .inf}}", "finite"),  # was inf costs, exit 0
        ("roles: {desk_analyst: {salary_usd: 1.0e+308}}", "<= 1e+09"),  # was inf costs, exit 0
        ("demand: {incidents: {per_employee_per_month: .inf}}", "finite"),  # lam too large
        ("company: {employees: 1.0e+30}", "employees"),  # was "lam value too large"
        ("teams: {desk: {headcount: 1.0e+15}}", "each person is simulated"),  # MemoryError
    ],
)
def test_bad_scenario_values_are_one_line(tmp_path: Path, extra: str, needle: str):
    line = assert_clean_failure(invoke(["validate", _child(tmp_path, extra)]), 2, needle)
    assert "s.yaml" in line


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--set", "calendar.start_date=2027-02-30"], "not a valid date"),  # was ValueError
        (["--set", "teams.desk.headcount=" + "9" * 5000], "not an integer"),  # was ValueError
        (["--set", "horizon_days=1:30"], "horizon_days"),  # was 90 days
        (["--seed", "1" + "0" * 40], "--seed"),  # was OverflowError writing Parquet
        (["--set", "seed=10000000000000000000000000000000000000000"], "seed"),
    ],
)
def test_bad_command_line_values_are_one_line(tmp_path: Path, args: list[str], needle: str):
    out = tmp_path / "out"
    outcome = invoke(["run", *SHORT_RUN, "--out", str(out), *args])
    assert not outcome.crashed and outcome.exit_code == 2, outcome.stderr
    assert needle in outcome.stderr


@pytest.mark.parametrize(
    ("grid", "needle"),
    [
        ("teams.desk.headcount=2027-02-30", "not a valid date"),  # was ValueError
        ("teams.desk.headcount=" + "9" * 5000, "not an integer"),
        ("teams.desk.headcount=1.." + "9" * 5000, "two integers"),
        ("teams.desk.headcount=1..1000000000", "at most 10,000"),  # was a 36 GB list
    ],
)
def test_bad_grid_options_are_one_line(tmp_path: Path, grid: str, needle: str):
    outcome = invoke(
        ["sweep", "baseline", *SHORT_RUN, "--out", str(tmp_path / "o"), "--grid", grid]
    )
    assert_clean_failure(outcome, 2, needle)


def test_file_names_too_long_for_the_os_are_not_found(tmp_path: Path):
    long_name = "a" * 300  # was OSError ENAMETOOLONG
    assert_clean_failure(invoke(["validate", long_name]), 2, "file not found")
    child = _file(tmp_path, f"extends: {long_name}\n")
    assert_clean_failure(invoke(["validate", child]), 2, "parent file not found")


def test_review_period_too_short_to_end_is_refused(tmp_path: Path):
    # 1e-300 days validated and then never advanced the clock: the run hung for ever
    path = _file(
        tmp_path,
        f"extends: {SCENARIOS / 'supply_3pl.yaml'}\n"
        "supply: {items: {peripherals: {policy: {review_days: 1.0e-300}}}}\n",
    )
    assert_clean_failure(invoke(["validate", path]), 2, "review_days", "continuous review")


def test_a_huge_value_is_echoed_short(tmp_path: Path):
    path = _child(tmp_path, "teams: {desk: {role: " + "x" * 100_000 + "}}")
    line = assert_clean_failure(invoke(["validate", path]), 2, "teams.desk.role")
    assert len(line) < 600


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path):
    # nine levels of nine aliases: 385 bytes that expand to 9**9 values (a 72 MB message before)
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(8):
        prev, name = chr(ord("a") + i), chr(ord("b") + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    line = assert_clean_failure(invoke(["validate", _file(tmp_path, "\n".join(lines))]), 2)
    assert "expands to more than" in line


def test_a_value_from_the_parent_is_blamed_on_the_parent(tmp_path: Path):
    parent = _file(
        tmp_path, f"extends: {BASE}\nteams: {{desk: {{headcount: -1}}}}\n", "parent.yaml"
    )
    child = _file(tmp_path, "extends: parent.yaml\nname: child\n", "child.yaml")
    line = assert_clean_failure(invoke(["validate", child]), 2, "teams.desk.headcount")
    assert line.startswith(f"error: {parent}:"), line


def test_a_bad_week_profile_reports_the_bad_weight(tmp_path: Path):
    weights = ", ".join(["1"] * 167 + ["-1"])
    path = _child(tmp_path, f"demand: {{incidents: {{week_profile: [{weights}]}}}}")
    line = assert_clean_failure(invoke(["validate", path]), 2, "week_profile.167", ">= 0")
    assert "'office'" not in line and "more problem" not in line


def test_calibrate_of_a_missing_log_has_the_error_prefix(tmp_path: Path):
    outcome = invoke(["calibrate", str(tmp_path / "missing.csv"), "--format", "servicenow",
                      "-o", str(tmp_path / "x.yaml")])  # fmt: skip
    assert_clean_failure(outcome, 2, "missing.csv")


@pytest.mark.parametrize("command", ["run", "sweep"])
def test_output_folder_that_is_a_file_is_one_line(tmp_path: Path, command: str):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    grid = ["--grid", "teams.desk.headcount=3,4"] if command == "sweep" else []
    for out in (blocker / "sub", Path(os.devnull)):  # was NotADirectoryError / FileExistsError
        outcome = invoke([command, "baseline", *SHORT_RUN, "--out", str(out), *grid])
        assert_clean_failure(outcome, 2, str(out))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder_is_one_line(tmp_path: Path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        outcome = invoke(["run", "baseline", *SHORT_RUN, "--out", str(locked / "out")])
        assert_clean_failure(outcome, 2, "Permission denied")
    finally:
        locked.chmod(0o700)


def test_report_into_a_missing_folder_is_one_line(tmp_path: Path):
    out = tmp_path / "run"
    assert invoke(["run", "baseline", *SHORT_RUN, "--out", str(out)]).exit_code == 0
    target = tmp_path / "nowhere" / "r.html"  # was FileNotFoundError from report.py
    assert_clean_failure(invoke(["report", str(out), "--out", str(target)]), 2, str(target))


def test_a_full_disk_is_one_line_with_exit_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import errno

    import itsim.experiment.store as store

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store.os, "fsync", full)
    outcome = invoke(["run", "baseline", *SHORT_RUN, "--out", str(tmp_path / "out")])
    assert_clean_failure(outcome, 1, "No space left on device")
    assert not list((tmp_path / "out").glob(".*.tmp")), "a temporary file was left behind"
