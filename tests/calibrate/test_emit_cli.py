"""The emitted scenario loads, and the command writes scenario, report and fidelity table."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from itsim.analysis.calibrate.emit import EmitOptions
from itsim.analysis.calibrate.pipeline import calibrate_log
from itsim.cli.calibrate_cmd import calibrate
from itsim.config.load import load_scenario
from tests.calibrate.conftest import BPIC_EXTRACT, BPIC_FULL, UCI_EXTRACT, UCI_FULL


@pytest.mark.parametrize(("path", "fmt"), [(UCI_EXTRACT, "servicenow"), (BPIC_EXTRACT, "bpic2013")])
def test_emitted_scenario_is_valid_and_carries_the_fits(tmp_path, path, fmt):
    result = calibrate_log(path, fmt, options=EmitOptions(), seed=1)
    out = tmp_path / "calibrated.yaml"
    out.write_text(result.scenario_text, encoding="utf-8")
    scenario = load_scenario(out)
    cal = result.calibration
    assert scenario.demand.incidents.per_hour == pytest.approx(cal.rate_per_hour, rel=1e-3)
    assert scenario.flow.first_contact_resolution == pytest.approx(
        1 - cal.escalation_share, abs=1e-3
    )
    assert scenario.demand.requests.per_hour == 0.0
    assert scenario.teams["desk"].handle_hours["incident.P3"].mean > 0


def test_cli_check_writes_report(tmp_path):
    out = tmp_path / "uci.yaml"
    res = CliRunner().invoke(
        calibrate,
        [
            str(UCI_EXTRACT),
            "--format",
            "servicenow",
            "-o",
            str(out),
            "--check",
            "--reps",
            "1",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "hour-of-week profile correlation" in res.output
    report = (tmp_path / "uci_report" / "calibration.md").read_text(encoding="utf-8")
    assert "duplicate_updates" in report and "Fidelity" in report
    assert (tmp_path / "uci_report" / "week_profile.png").is_file()


def test_cli_missing_column_exits_2(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("number,incident_state\nINC1,New\n", encoding="utf-8")
    res = CliRunner().invoke(
        calibrate, [str(bad), "--format", "servicenow", "-o", str(tmp_path / "x.yaml")]
    )
    assert res.exit_code == 2
    assert "sys_updated_at: missing required column" in res.output


@pytest.mark.slow
@pytest.mark.parametrize(("path", "fmt"), [(UCI_FULL, "servicenow"), (BPIC_FULL, "bpic2013")])
def test_full_log_calibrates_and_profile_fits(tmp_path, path, fmt):
    if not path.is_file():
        pytest.skip("../shared/data is not present")
    out = tmp_path / f"{fmt}.yaml"
    res = CliRunner().invoke(
        calibrate, [str(path), "--format", fmt, "-o", str(out), "--check", "--reps", "1"]
    )
    assert res.exit_code == 0, res.output
    load_scenario(out)
    line = next(x for x in res.output.splitlines() if "profile correlation" in x)
    assert float(line.split()[-4]) >= 0.9  # columns: ... observed simulated >= 0.9 yes
