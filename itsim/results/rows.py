"""Rows of a table picked by a mask, cheaply: the KPIs' copies of the tickets table."""

from __future__ import annotations

import numpy as np

from itsim.results.columns import Columns


def rows_with(tickets: Columns, rows: np.ndarray, columns: tuple[str, ...]) -> Columns:
    """The ``rows`` (a boolean mask) of ``tickets``, with those of ``columns`` it has.

    Rows that follow one another (the window's tickets: those after the warm-up, in arrival
    order) are sliced, not gathered: a slice copies no column, a gather copies every string.
    """
    picked = np.flatnonzero(rows)
    if picked.size and picked[-1] - picked[0] + 1 == picked.size:
        return tickets.rows(slice(picked[0], picked[-1] + 1), columns)
    return tickets.rows(rows, columns)
