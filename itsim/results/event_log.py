"""The event log table: one row per ticket event, in vidigi's column names.

Columns: ``entity_id`` (the ticket id), ``event_type`` (``arrival_departure``, ``queue``,
``resource_use``, ``resource_use_end``), ``event`` (``arrival``, ``depart``, ``<team>_wait``,
``<team>_begin``, ``<team>_end``), ``resource_id`` (the person's number in the team, 0 when no
person is involved), ``time`` (hours from the start of the run), and the ticket's ``kind`` and
``priority`` for colouring. vidigi animates one replication at a time: filter on ``rep``.
"""

from __future__ import annotations

from itsim.model.build import ModelOutput
from itsim.model.core.event_log import EVENT_LOG_FIELDS
from itsim.results.columns import Columns, infer_column


def event_log_table(out: ModelOutput) -> Columns:
    """The replication's event rows (empty with the columns when the log was not asked for)."""
    rows = Columns.from_rows(out.event_log or [], EVENT_LOG_FIELDS)
    frame = rows.rows(slice(None), [n for n in EVENT_LOG_FIELDS if n != "order"])
    frame["resource_id"] = frame["resource_id"].astype("int64")
    kinds = {t.id: (t.kind, t.priority) for t in out.tickets}
    ids = frame["entity_id"].tolist()
    frame["kind"] = infer_column([kinds[i][0] for i in ids])
    frame["priority"] = infer_column([kinds[i][1] for i in ids])
    return frame
