"""``itsim run --plots`` writes the people pictures; the people KPIs reach the terminal."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from itsim.cli import main

SHORT = ["--days", "42", "--warmup-days", "7", "--reps", "2", "--jobs", "1", "--quiet"]


def test_run_with_plots_writes_pngs_and_people_tables(runner, tmp_path: Path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["run", "understaffed", *SHORT, "--plots", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "mean energy" in result.output and "departures" in result.output
    for name in ("energy", "headcount", "backlog"):
        png = out / f"{name}.png"
        assert png.is_file() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    staff = pd.read_parquet(out / "staff_daily.parquet")
    assert {"person", "day", "hours_worked", "overtime_hours", "utilisation", "energy",
            "status"} <= set(staff.columns)  # fmt: skip
    assert set(staff["rep"]) == {0, 1}


def test_plots_work_with_people_off(runner, tmp_path: Path):
    out = tmp_path / "core"
    result = runner.invoke(main, ["run", "validation/mmc", *SHORT, "--plots", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "backlog.png").is_file() and (out / "energy.png").is_file()
    assert "mean energy" not in result.output
