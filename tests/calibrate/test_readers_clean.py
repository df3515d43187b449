"""Reading and cleaning: formats, column maps, messy values, each repair counted."""

from __future__ import annotations

import pandas as pd
import pytest

from itsim.analysis.calibrate.clean import clean_events
from itsim.analysis.calibrate.readers import parse_map, parse_times, read_log
from itsim.analysis.calibrate.vocab import normalise_priority, normalise_state
from itsim.errors import InputError
from tests.calibrate.conftest import BPIC_EXTRACT, UCI_EXTRACT

MESSY = """id,when,status,prio,team
A,29/2/2016 10:00,New,1 - Critical,G1
A,29/2/2016 09:00,Active,1 - Critical,G1
A,29/2/2016 10:00,New,1 - Critical,G1
A,1/3/2016 12:00,Resolved,1 - Critical,G1
B,?,New,?,G2
B,2/3/2016 08:30,Awaiting Vendor,Low,G2
C,3/3/2016 08:00,New,2 - High,G1
"""


@pytest.fixture
def messy_csv(tmp_path):
    path = tmp_path / "messy.csv"
    path.write_text(MESSY, encoding="utf-8")
    return path


def _read_messy(path):
    mapping = parse_map(
        ["id=ticket_id", "when=timestamp", "status=state", "prio=priority", "team=group"]
    )
    return read_log(path, "csv", mapping)


def test_messy_values_are_counted_and_repaired(messy_csv):
    read = _read_messy(messy_csv)
    assert read.counts["missing_timestamp"] == 1
    assert read.counts["missing_priority"] == 1
    events, counts = clean_events(read)
    assert counts["dropped_no_id_or_time"] == 1
    assert counts["duplicate_updates"] == 1
    assert counts["out_of_order_events"] == 1
    first = events[events["ticket_id"] == "A"]
    assert first["timestamp"].is_monotonic_increasing
    assert first["timestamp"].iloc[0] == pd.Timestamp("2016-02-29 09:00")


def test_day_first_dates_and_iso_offsets_keep_local_time():
    values = pd.Series(["1/3/2016 12:00", "2012-05-02T03:02:45+01:00", "not a date", None])
    parsed, bad = parse_times(values, dayfirst=True)
    assert parsed.iloc[0] == pd.Timestamp("2016-03-01 12:00")
    assert parsed.iloc[1] == pd.Timestamp("2012-05-02 03:02:45")
    assert bad == 1


def test_missing_required_column_is_a_clear_error(tmp_path):
    path = tmp_path / "no_time.csv"
    path.write_text("number,incident_state\nINC1,New\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_log(path, "servicenow")
    assert err.value.key == "sys_updated_at"
    assert "missing required column" in err.value.message


def test_bad_map_is_rejected():
    with pytest.raises(InputError):
        parse_map(["opened=nonsense_field"])


@pytest.mark.parametrize(
    ("label", "state"),
    [
        ("Queued-Awaiting Assignment", "queued"),
        ("Accepted-Wait - Vendor", "waiting_vendor"),
        ("Awaiting User Info", "waiting_user"),
        ("Completed-In Call", "resolved"),
        ("Completed-Closed", "closed"),
        ("Accepted-In Progress", "active"),
        ("-100", "unknown"),
    ],
)
def test_state_vocabulary(label, state):
    assert normalise_state(label) == state


def test_priority_vocabulary():
    assert [normalise_priority(v) for v in ("1 - Critical", "Major", "Medium", "p4")] == [
        "P1",
        "P1",
        "P3",
        "P4",
    ]


@pytest.mark.parametrize(("path", "fmt"), [(UCI_EXTRACT, "servicenow"), (BPIC_EXTRACT, "bpic2013")])
def test_extracts_read_with_every_field_normalised(path, fmt):
    read = read_log(path, fmt)
    events = read.events
    assert events["ticket_id"].nunique() > 250
    assert events["timestamp"].notna().all()
    assert set(events["priority"].dropna()) <= {"P1", "P2", "P3", "P4"}
    assert read.counts["bad_dates_timestamp"] == 0
