"""The command line: runs end to end; bad input gives one line and exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from itsim.cli import main
from tests.conftest import SCENARIOS

SHORT = ["--days", "21", "--warmup-days", "7", "--reps", "2", "--jobs", "1", "--quiet"]


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and "itsim" in result.output


def test_run_writes_per_ticket_rows_only_when_asked(runner, tmp_path):
    plain, everything = tmp_path / "plain", tmp_path / "all"
    assert runner.invoke(main, ["run", *SHORT, "--out", str(plain)]).exit_code == 0
    result = runner.invoke(main, ["run", *SHORT, "--tables", "--out", str(everything)])
    assert result.exit_code == 0, result.output
    written = {p.stem for p in plain.glob("*.parquet")}
    assert {"runs", "team_daily", "team_hour_of_week", "staff_daily", "costs"} <= written
    assert "tickets" not in written
    assert {p.stem for p in everything.glob("*.parquet")} == written | {"tickets"}
    for name in written:  # the tables both folders hold are the same
        pd.testing.assert_frame_equal(
            pd.read_parquet(plain / f"{name}.parquet"),
            pd.read_parquet(everything / f"{name}.parquet"),
        )


def test_run_writes_tables_and_prints_kpis_with_cis(runner, tmp_path: Path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["run", *SHORT, "--tables", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "SLA attainment, resolve (all)" in result.output and "±" in result.output
    for name in ("tickets", "projects", "team_daily", "costs", "runs"):
        assert (out / f"{name}.parquet").is_file()
    runs = pd.read_csv(out / "runs.csv")
    assert list(runs["rep"]) == [0, 1]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["replications"] == 2 and "simpy" in manifest["versions"]
    assert (out / "scenario.yaml").read_text().startswith("name: baseline")
    tickets = pd.read_parquet(out / "tickets.parquet")
    needed = {"wait_hours", "resolve_hours", "priority", "kind", "resolver", "escalated",
              "sla_resolve_met", "sla_response_met"}  # fmt: skip
    assert needed <= set(tickets.columns)


def test_set_changes_the_run(runner, tmp_path: Path):
    out = tmp_path / "o"
    result = runner.invoke(
        main, ["run", *SHORT, "--set", "teams.desk.headcount=12", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "team_daily.parquet").is_file()
    daily = pd.read_parquet(out / "team_daily.parquet")
    desk = daily.loc[daily["team"] == "desk", "headcount"]
    assert desk.iloc[0] == 12 and desk.max() == 12  # people leave and are backfilled, never more


def _bad(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def _with(extra: str) -> str:
    return f"extends: {SCENARIOS / 'baseline.yaml'}\n{extra}"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("unknown.yaml", _with("teams:\n  desk:\n    headcont: 3\n"),
         "teams.desk.headcont: unknown key"),
        ("negative.yaml", _with("teams:\n  desk:\n    headcount: -2\n"),
         "teams.desk.headcount: must be >= 0, got -2"),
        ("shares.yaml", _with("demand:\n  incidents:\n    priority_mix: {P1: 0.5, P2: 0.2}\n"),
         "demand.incidents.priority_mix: shares must sum to 1, got 0.7"),
        ("routing.yaml", _with("flow:\n  routing:\n    hardware: netops\n"),
         "flow.routing.hardware: team 'netops' does not exist"),
        ("notyaml.yaml", "name: [oops\n  - : :\n", "not valid YAML"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", ["run", "validate"])
def test_bad_input_is_one_line_and_exit_2(runner, tmp_path, name, text, expected, command):
    path = _bad(tmp_path, name, text)
    result = runner.invoke(main, [command, path, *(SHORT if command == "run" else [])])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert expected in lines[0] and path in lines[0]
    assert "Traceback" not in result.output


def test_missing_file_is_one_line(runner, tmp_path):
    result = runner.invoke(main, ["run", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
    assert result.output.strip().endswith("missing.yaml: file not found")


def test_bad_set_value_names_the_key(runner):
    result = runner.invoke(main, ["run", *SHORT, "--set", "teams.desk.headcount=-1"])
    assert result.exit_code == 2
    assert "teams.desk.headcount: must be >= 0, got -1" in result.output


def test_validate_ok_and_schema(runner):
    result = runner.invoke(main, ["validate", str(SCENARIOS / "baseline.yaml")])
    assert result.exit_code == 0 and result.output.startswith("ok:")
    schema = json.loads(runner.invoke(main, ["schema"]).output)
    assert "teams" in schema["properties"] and schema["additionalProperties"] is False
