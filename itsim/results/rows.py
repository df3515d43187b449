"""Rows of a table picked by a mask, cheaply: the KPIs' copies of the tickets table."""

from __future__ import annotations

import numpy as np
import pandas as pd


def rows_with(tickets: pd.DataFrame, rows: pd.Series, columns: tuple[str, ...]) -> pd.DataFrame:
    """The ``rows`` (a boolean mask) of ``tickets``, with those of ``columns`` it has.

    Rows that follow one another (the window's tickets: those after the warm-up, in arrival
    order) are sliced, not gathered: a slice copies no column, a gather copies every string.
    """
    chosen = [c for c in columns if c in tickets.columns]
    picked = np.flatnonzero(rows.to_numpy())
    if picked.size and picked[-1] - picked[0] + 1 == picked.size:
        return tickets.iloc[picked[0] : picked[-1] + 1][chosen]
    return tickets.loc[rows, chosen]
