"""The decision report: page one states the question and the answer for every kind of folder;
the tables export to Excel; assumptions and provenance are listed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from itsim.cli import main
from tests.conftest import make_scenario

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("jinja2")
SHORT = ["--reps", "2", "--jobs", "1", "-q"]


@pytest.fixture
def scenario_file(tmp_path: Path) -> str:
    body = make_scenario({"horizon_days": 28, "warmup_days": 7}).model_dump(mode="json")
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(body), encoding="utf-8")
    return str(path)


def _report(runner, folder: Path) -> str:
    result = runner.invoke(main, ["report", str(folder), "--xlsx"])
    assert result.exit_code == 0, result.output
    return (folder / "report.html").read_text(encoding="utf-8")


def _sheets(folder: Path) -> list[str]:
    return openpyxl.load_workbook(folder / "report.xlsx", read_only=True).sheetnames


def test_optimise_report_leads_with_the_recommendation(tmp_path, runner, scenario_file):
    out = tmp_path / "opt"
    args = [
        "optimise",
        scenario_file,
        "--vary",
        "teams.desk.headcount=1..3",
        "--target",
        "sla_resolve_all>=0.5",
        "--minimise",
        "annual_cost_usd",
        "--budget",
        "3",
        "--final-reps",
        "3",
        *SHORT,
        "--out",
        str(out),
    ]
    assert runner.invoke(main, args).exit_code == 0
    html = _report(runner, out)
    page_one = html.split("<nav>")[0]
    assert "Question." in page_one and ("Recommended:" in page_one or "Unreachable:" in page_one)
    assert "replications of 28 days" in page_one and 'id="finalists"' in html
    assert 'id="assumptions"' in html and 'id="provenance"' in html
    assert {"decision", "finalists", "trials"} <= set(_sheets(out))


def test_breakeven_and_sensitivity_reports(tmp_path, runner, scenario_file):
    be, se = tmp_path / "be", tmp_path / "se"
    assert (
        runner.invoke(
            main,
            [
                "breakeven",
                scenario_file,
                scenario_file,
                "--lever",
                "roles.analyst.salary_usd",
                "--range",
                "40000..80000",
                "--on",
                "annual_cost_usd",
                *SHORT,
                "--out",
                str(be),
            ],
        ).exit_code
        == 0
    )
    html = _report(runner, be)
    assert "break-even at roles.analyst.salary_usd" in html and "data:image/png" in html
    assert {"decision", "curve"} <= set(_sheets(be))
    register = tmp_path / "register.md"
    register.write_text(
        "| p | d | k | s | g |\n|---|---|---|---|---|\n"
        "| desk effort | 0.5 | `teams.desk.handle_hours.incident` | - | E |\n"
    )
    assert (
        runner.invoke(
            main,
            [
                "sensitivity",
                scenario_file,
                "--kpi",
                "wait_hours_mean",
                "--register",
                str(register),
                *SHORT,
                "--out",
                str(se),
            ],
        ).exit_code
        == 0
    )
    html = _report(runner, se)
    assert "teams.desk.handle_hours.incident.mean" in html.split("<nav>")[0]
    assert {"decision", "ranking"} <= set(_sheets(se))


def test_compare_report_gives_a_verdict_per_arm(tmp_path, runner, scenario_file):
    out = tmp_path / "cmp"
    args = [
        "compare",
        scenario_file,
        scenario_file,
        "--set",
        "tiny-2:teams.desk.headcount=5",
        "--days",
        "28",
        *SHORT,
        "--out",
        str(out),
    ]
    assert runner.invoke(main, args).exit_code == 0
    html = _report(runner, out)
    page_one = html.split("<nav>")[0]
    # two more analysts cost more, every seed, and that is said on page one
    assert "tiny-2 vs tiny" in page_one and "worse on cost per year ($)" in page_one
    assert 'id="priority"' in html and 'id="cost"' in html and 'id="monthly"' in html
    assert {"summary", "deltas"} <= set(_sheets(out))
