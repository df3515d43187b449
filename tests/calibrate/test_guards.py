"""Loud failures and value maps, on the committed UCI extract relabelled as another tool would."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from itsim.analysis.calibrate.guards import MAX_UNKNOWN_STATE_SHARE
from itsim.analysis.calibrate.pipeline import calibrate_log
from itsim.analysis.calibrate.valuemap import read_vocab, value_maps
from itsim.cli.calibrate_cmd import calibrate
from itsim.errors import InputError
from tests.calibrate.conftest import UCI_EXTRACT

#: Labels a different tool might use for the UCI states and priorities (none matches a rule).
OTHER_STATES = {"New": "Triage", "Active": "Investigating"}
OTHER_PRIORITIES = {"1 - Critical": "Sev A", "2 - High": "Sev B", "3 - Moderate": "Sev C",
                    "4 - Low": "Sev D"}  # fmt: skip


def relabelled(tmp_path, column: str, labels: dict[str, str], last_row_only: bool = False):
    """The UCI extract with ``column`` relabelled (and optionally one row per ticket)."""
    with UCI_EXTRACT.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row[column] = labels.get(row[column], row[column])
    if last_row_only:
        rows = list({row["number"]: row for row in rows}.values())
    path = tmp_path / "other.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def invoke(tmp_path, log, *extra):
    args = [str(log), "--format", "servicenow", "-o", str(tmp_path / "out.yaml"), *extra]
    return CliRunner().invoke(calibrate, args)


def test_unknown_states_stop_with_one_line_naming_the_labels(tmp_path):
    log = relabelled(tmp_path, "incident_state", OTHER_STATES)
    res = invoke(tmp_path, log)
    assert res.exit_code == 2, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in res.output
    assert "not recognised" in lines[0] and "'Investigating'" in lines[0]
    assert "--state-map" in lines[0] and str(log) in lines[0]


def test_state_map_makes_the_same_log_calibrate(tmp_path):
    log = relabelled(tmp_path, "incident_state", OTHER_STATES)
    res = invoke(tmp_path, log, "--state-map", "Triage=queued", "--state-map",
                 "investigating=active")  # fmt: skip
    assert res.exit_code == 0, res.output


def test_a_few_unknown_states_are_tolerated_and_counted(tmp_path):
    log = relabelled(tmp_path, "incident_state", {"Awaiting Vendor": "Parked"})
    result = calibrate_log(log, "servicenow")
    share = result.counts["unknown_states"] / result.counts["events_kept"]
    assert 0 < share <= MAX_UNKNOWN_STATE_SHARE


def test_unrecognised_priorities_stop_and_a_priority_map_fixes_them(tmp_path):
    log = relabelled(tmp_path, "priority", OTHER_PRIORITIES)
    res = invoke(tmp_path, log)
    assert res.exit_code == 2, res.output
    assert "no priority recognised" in res.output and "'Sev C'" in res.output
    maps = [a for label, p in zip(OTHER_PRIORITIES.values(), ("P1", "P2", "P3", "P4"), strict=True)
            for a in ("--priority-map", f"{label}={p}")]  # fmt: skip
    assert invoke(tmp_path, log, *maps).exit_code == 0


def test_vocab_file_maps_states_and_priorities(tmp_path):
    vocab = tmp_path / "vocab.yaml"
    vocab.write_text("states:\n  Triage: queued\npriorities:\n  'Sev A': P1\n", encoding="utf-8")
    maps = read_vocab(vocab)
    assert maps.states == {"triage": "queued"} and maps.priorities == {"sev a": "P1"}
    merged = value_maps(["Triage=active"], [], str(vocab))
    assert merged.states["triage"] == "active"  # the command line wins over the file


@pytest.mark.parametrize("pair", ["Triage=working", "=queued", "Triage"])
def test_bad_state_map_is_rejected(pair):
    with pytest.raises(InputError, match="--state-map"):
        value_maps([pair])


def test_one_row_per_ticket_stops_unless_elapsed_only(tmp_path):
    log = relabelled(tmp_path, "incident_state", {}, last_row_only=True)
    res = invoke(tmp_path, log)
    assert res.exit_code == 2, res.output
    assert "no state history" in res.output and "--elapsed-only" in res.output
    res = invoke(tmp_path, log, "--elapsed-only")
    assert res.exit_code == 0, res.output
    assert "elapsed-only mode" in res.output  # the warning says what it cannot fit
    report = (tmp_path / "out_report" / "calibration.md").read_text(encoding="utf-8")
    assert "elapsed-only mode" in report
