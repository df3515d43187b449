"""The event log table: one row per ticket event, in vidigi's column names.

Columns: ``entity_id`` (the ticket id), ``event_type`` (``arrival_departure``, ``queue``,
``resource_use``, ``resource_use_end``), ``event`` (``arrival``, ``depart``, ``<team>_wait``,
``<team>_begin``, ``<team>_end``), ``resource_id`` (the person's number in the team, 0 when no
person is involved), ``time`` (hours from the start of the run), and the ticket's ``kind`` and
``priority`` for colouring. vidigi animates one replication at a time: filter on ``rep``.
"""

from __future__ import annotations

import pandas as pd

from itsim.model.build import ModelOutput
from itsim.model.core.event_log import EVENT_LOG_FIELDS


def event_log_table(out: ModelOutput) -> pd.DataFrame:
    """The replication's event rows (empty with the columns when the log was not asked for)."""
    frame = pd.DataFrame(out.event_log or [], columns=list(EVENT_LOG_FIELDS))
    frame = frame.drop(columns="order")
    frame["resource_id"] = frame["resource_id"].astype("int64")
    kinds = {t.id: (t.kind, t.priority) for t in out.tickets}
    frame["kind"] = [kinds[i][0] for i in frame["entity_id"]]
    frame["priority"] = [kinds[i][1] for i in frame["entity_id"]]
    return frame
