"""Tickets as columns: the drawn attributes before the run, the outcomes after it.

A year of a large department holds millions of tickets. As objects they cost about half a
kilobyte each from the draw to the tables; as columns they cost a tenth of that. The run still
works on :class:`~itsim.model.core.work.Ticket` objects, but only on the ones in the system:
:class:`TicketDraws` makes them in arrival order a chunk at a time, and :class:`TicketRecords`
keeps what the tables need of each ticket once it has left (resolved or deflected), so the
object can go. Parts of the model that keep every ticket in hand (abandonment, named delay
classes, the supply plan, business impact, the event log) take the objects at once instead;
the values are the same either way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING

import numpy as np

from itsim.model.core.work import NOT_YET, Ticket

if TYPE_CHECKING:
    from collections.abc import Sequence

#: Ticket fields filled from the drawn columns, in the order of ``Ticket``'s constructor.
DRAWN = ("kind", "priority", "category", "created", "respond_deadline", "resolve_deadline",
         "desk_hours", "tier2_team", "tier2_hours", "fcr_u", "reopen_u")  # fmt: skip
#: Drawn fields that are 0.0 for most tickets, set after construction where they are not.
PAUSES = ("pause_hours", "user_pause_hours")
#: Tickets made at a time by the arrival feed: enough to amortise the column slicing, few
#: enough that the tickets still to arrive are not all objects at once.
CHUNK = 2048


@dataclass
class TicketDraws:
    """Every ticket of a run as columns in arrival order (row ``i`` is ticket id ``i``).

    Parameters
    ----------
    columns : dict of str to numpy.ndarray
        One array per name in ``DRAWN`` and ``PAUSES``, all of one length.
    """

    columns: dict[str, np.ndarray]

    def __len__(self) -> int:
        return int(self.columns["created"].size)

    @property
    def kinds(self) -> np.ndarray:
        """Kind of each ticket (``incident`` or ``request``)."""
        return self.columns["kind"]

    def objects(self, start: int = 0, stop: int | None = None) -> list[Ticket]:
        """Ticket objects of rows ``start`` to ``stop`` (exclusive; default: to the end)."""
        stop = len(self) if stop is None else min(stop, len(self))
        cols = self.columns
        lists = [cols[name][start:stop].tolist() for name in DRAWN]
        tickets = list(map(Ticket, range(start, stop), *lists))
        pauses, user = cols["pause_hours"][start:stop], cols["user_pause_hours"][start:stop]
        for i in np.flatnonzero(pauses).tolist():  # most tickets never pause (default 0.0)
            tickets[i].pause_hours = float(pauses[i])
            tickets[i].user_pause_hours = float(user[i])
        return tickets

    def materialise(self) -> list[Ticket]:
        """Every ticket as an object, at once."""
        return self.objects()

    def __iter__(self) -> Iterator[Ticket]:
        # chained in C: a generator here would be resumed once per ticket
        n = len(self)
        chunks = map(self.objects, range(0, n, CHUNK), range(CHUNK, n + CHUNK, CHUNK))
        return chain.from_iterable(chunks)


def ids_of_kind(tickets: Sequence[Ticket] | TicketDraws, kind: str) -> list[int]:
    """Ids of the tickets of ``kind``, in arrival order."""
    if isinstance(tickets, TicketDraws):
        return np.flatnonzero(tickets.kinds == kind).tolist()
    return [t.id for t in tickets if t.kind == kind]


#: Fields a ticket's run changes, with the value of a ticket that has not arrived (None: the
#: drawn value) and the numpy type of the column that holds them.
_CHANGING: dict[str, tuple[object, str]] = {
    "created": (None, "f8"),  # arrival takes the clock's reading; until then the drawn time
    "responded": (NOT_YET, "f8"),
    "resolved": (NOT_YET, "f8"),
    "first_resolved": (NOT_YET, "f8"),
    "abandoned": (NOT_YET, "f8"),
    "escalations": (0, "i4"),
    "reopened": (0, "i4"),
    "deflected": (False, "?"),
    "resolver": ("", "O"),
    "channel": ("", "O"),
    "need": (-1, "i8"),
    "contact": (0, "i4"),
}
_CHANGING_OF = attrgetter(*_CHANGING)
#: Drawn fields the tables read.
_KEPT = ("kind", "priority", "category", "respond_deadline", "resolve_deadline")


class TicketRecords:
    """What the tables need of every ticket, as columns indexed by ticket id.

    Build with :meth:`for_draws` (then :meth:`put` each ticket as it leaves the system, and
    the rest at the end) or :meth:`from_tickets` (every ticket in hand).
    """

    def __init__(self, columns: dict[str, np.ndarray], draws: TicketDraws | None = None):
        self._columns = columns
        self._draws = draws  # to rebuild whole tickets on request (inspection, tests)
        # the changing fields of the tickets put and not yet written, ticket after ticket (one
        # extend a ticket; a slice a column takes them out again)
        self._pending: list[object] = []
        self._rows: list[int] = []

    @classmethod
    def for_draws(cls, draws: TicketDraws) -> TicketRecords:
        """Records of ``draws`` before the run: every ticket as drawn, nothing happened yet."""
        n = len(draws)
        columns = {name: draws.columns[name] for name in _KEPT}
        for name, (blank, dtype) in _CHANGING.items():
            if blank is None:
                columns[name] = draws.columns[name].copy()
            else:
                columns[name] = np.full(n, blank, dtype=dtype)
        return cls(columns, draws)

    @classmethod
    def from_tickets(cls, tickets: Sequence[Ticket]) -> TicketRecords:
        """Records of tickets in hand, in their order (ids need not be 0..n-1)."""
        columns = {"id": np.array([t.id for t in tickets], dtype=np.int64)}
        for name in _KEPT + tuple(_CHANGING):
            dtype = "f8" if name.endswith("deadline") else _CHANGING.get(name, (None, "O"))[1]
            columns[name] = np.array([getattr(t, name) for t in tickets], dtype=dtype)
        return cls(columns)

    def put(self, ticket: Ticket) -> None:
        """Record ``ticket`` as it is now (it has left the system, or the run has ended).

        Tickets are written a batch at a time: one vectorised assignment per column costs far
        less than a numpy item assignment per field and ticket. Read the columns only after
        :meth:`flush`.
        """
        self._pending.extend(_CHANGING_OF(ticket))
        self._rows.append(ticket.id)
        if len(self._rows) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        """Write the tickets put since the last flush into the columns."""
        if not self._rows:
            return
        rows = np.array(self._rows, dtype=np.int64)
        width = len(_CHANGING)
        for i, name in enumerate(_CHANGING):
            self._columns[name][rows] = self._pending[i::width]
        self._pending, self._rows = [], []

    def __len__(self) -> int:
        return int(self._columns["created"].size)

    def column(self, name: str) -> np.ndarray:
        """One column; ``id`` is the row number for records of draws."""
        self.flush()
        if name == "id" and name not in self._columns:
            return np.arange(len(self), dtype=np.int64)
        return self._columns[name]

    def need_ids(self) -> np.ndarray:
        """Id of each ticket's need: its first ticket's id (a re-contact shares it)."""
        need = self.column("need")
        return np.where(need < 0, self.column("id"), need)

    def release_draws(self) -> None:
        """Let go of the drawn columns no table reads (``tickets()`` then no longer works)."""
        self._draws = None

    def tickets(self) -> list[Ticket]:
        """Whole ticket objects with the recorded outcomes (for inspection; costs memory).

        Fields no table reads (the current stage's team and effort, pause bookkeeping) keep
        their drawn or default values.
        """
        if self._draws is None:
            raise ValueError("these records hold only the tables' columns (draws released)")
        self.flush()
        tickets = self._draws.materialise()
        for name in _CHANGING:
            for ticket, value in zip(tickets, self._columns[name].tolist(), strict=True):
                setattr(ticket, name, value)
        return tickets
