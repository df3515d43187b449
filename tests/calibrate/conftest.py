"""Fixtures: the committed log extracts and the full logs when ../shared/data is present."""

from __future__ import annotations

from pathlib import Path

import pytest

from itsim.analysis.calibrate.clean import clean_events
from itsim.analysis.calibrate.readers import read_log
from itsim.analysis.calibrate.reduce import reduce_tickets

DATA = Path(__file__).resolve().parents[1] / "data"
_REPO_SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
# CI clones the repository next to shared/; a development worktree may sit deeper.
SHARED = _REPO_SHARED if _REPO_SHARED.is_dir() else Path("/work/shared/data")
UCI_EXTRACT = DATA / "uci_incident_extract.csv"
BPIC_EXTRACT = DATA / "bpic2013_extract.csv"
UCI_FULL = SHARED / "uci_incident_event_log" / "incident_event_log.csv"
BPIC_FULL = SHARED / "bpic2013_volvo_incidents" / "VINST-new.csv"


@pytest.fixture(scope="session")
def uci_tickets():
    events, _ = clean_events(read_log(UCI_EXTRACT, "servicenow"))
    return reduce_tickets(events)


@pytest.fixture(scope="session")
def bpic_tickets():
    events, _ = clean_events(read_log(BPIC_EXTRACT, "bpic2013"))
    return reduce_tickets(events)
