"""Read one table of many runs in a single pass, when the runs' files allow it.

:meth:`~itsim.experiment.store.ResultStore.read_table` reads every run's file of a table,
concatenates them and sorts the rows stably by the key columns. Read file by file, a sweep of
400 runs spends most of ``itsim report`` there: 0.5-3 ms of pandas per file, then a stable
sort of every row (2.3 s of the 3 s it took for 3.3 million ``staff_daily`` rows).

Each run's file holds one run, so its key columns (scenario, point, replication) are constant,
as the Parquet footer's statistics show without reading the data. Sorting the *files* by those
values, ties in the order given, and reading them in that order as one dataset gives the rows
the stable row sort gives. That needs every file to have the same schema (so that one read
types every column as reading each file alone and concatenating would); when a file differs,
lacks statistics or cannot be read, :func:`read_sorted` returns None and the caller reads the
files one by one, which also names a damaged file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow.parquet as pq


def read_sorted(
    paths: Sequence[Path], columns: Sequence[str] | None, key_columns: Sequence[str]
) -> pd.DataFrame | None:
    """The rows of ``paths``, read in one pass and ordered as a stable sort by the key columns
    present; None when the files do not allow it (see the module's description).

    Parameters
    ----------
    paths : sequence of Path
        One Parquet file per run, in the order ties keep.
    columns : sequence of str or None
        Columns to read (those present), or every column.
    key_columns : sequence of str
        The sort keys; each must be constant within a file.
    """
    import pandas as pd
    import pyarrow.parquet as pq
    from pyarrow.lib import ArrowException

    try:
        footers = [pq.read_metadata(path) for path in paths]
        schema = footers[0].schema.to_arrow_schema()
        if any(not f.schema.to_arrow_schema().equals(schema, check_metadata=True) for f in footers):
            return None
        by = [name for name in key_columns if name in schema.names]
        keys: dict[int, tuple[Any, ...]] = {}  # file index -> its key values, in file order
        for i, footer in enumerate(footers):
            if footer.num_rows == 0:
                continue  # an empty file adds no rows
            found = _constant_keys(footer, by)
            if found is None:
                return None
            keys[i] = found
        if not keys:
            return None
        order = sorted(keys, key=keys.__getitem__)  # stable: ties keep the given order
        wanted = (
            None if columns is None else [c for c in dict.fromkeys(columns) if c in schema.names]
        )
        # pandas hands a list of files to pyarrow.parquet.read_table, which reads them as one
        # dataset, and types the columns as it does for one file (its stubs know only one)
        files = [str(paths[i]) for i in order]
        table = pd.read_parquet(files, columns=wanted)  # type: ignore[call-overload]
    except (OSError, TypeError, ValueError, ArrowException):
        return None
    return table.reset_index(drop=True)


def _constant_keys(footer: pq.FileMetaData, names: Sequence[str]) -> tuple[Any, ...] | None:
    """The values of columns ``names``, each the same on every row of the file; None when the
    statistics do not show that (missing, differing, or a gap among the values)."""
    leaves = {footer.schema.column(i).path: i for i in range(footer.num_columns)}
    values = []
    for name in names:
        index = leaves.get(name)
        if index is None:
            return None
        seen = set()
        for group in range(footer.num_row_groups):
            stats = footer.row_group(group).column(index).statistics
            if stats is None or not stats.has_min_max or stats.null_count or stats.min != stats.max:
                return None
            seen.add(stats.min)
        if len(seen) != 1:
            return None
        values.append(seen.pop())
    return tuple(values)
