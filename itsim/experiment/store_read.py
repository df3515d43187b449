"""Read one table of many runs in a single pass, when the runs' files allow it.

:meth:`~itsim.experiment.store.ResultStore.read_table` reads every run's file of a table,
concatenates them and sorts the rows stably by the key columns. Read file by file, a sweep of
400 runs spends most of ``itsim report`` there: 0.5-3 ms of pandas per file, then a stable
sort of every row (2.3 s of the 3 s it took for 3.3 million ``staff_daily`` rows).

Each run's file holds one run, so its key columns (scenario, point, replication) are constant,
as the Parquet footer's statistics show without reading the data. Sorting the *files* by those
values, ties in the order given, and reading them in that order as one dataset gives the rows
the stable row sort gives. One read types every column as reading each file alone would only
when the files share a schema, so files are read in one pass per schema (a KPI that is missing
in some runs gives their ``runs`` files a schema of their own), and the groups are concatenated
as the files would be, then put in the files' key order. When a file lacks statistics, its keys
vary, keys tie across schemas, or a file cannot be read, :func:`read_sorted` returns None and
the caller reads the files one by one, which also names a damaged file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
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
    import pyarrow.parquet as pq
    from pyarrow.lib import ArrowException

    try:
        footers = [pq.read_metadata(path) for path in paths]
        schemas = [footer.schema.to_arrow_schema() for footer in footers]
        by = [name for name in key_columns if name in schemas[0].names]
        keys: dict[int, tuple[Any, ...]] = {}  # file index -> its key values, in file order
        # a schema, serialised with its metadata -> the files that have it, first seen first
        groups: dict[bytes, list[int]] = {}
        for i, footer in enumerate(footers):
            if footer.num_rows == 0:
                continue  # an empty file adds no rows (nor, read one by one, any column)
            found = _constant_keys(footer, by)
            if found is None:
                return None
            keys[i] = found
            groups.setdefault(schemas[i].serialize().to_pybytes(), []).append(i)
        if not keys or (len(groups) > 1 and len(set(keys.values())) < len(keys)):
            return None  # across schemas, tied keys would leave the rows' order to the grouping
        return _read_groups(paths, footers, schemas, groups, keys, columns)
    except (OSError, TypeError, ValueError, ArrowException):
        return None


def _read_groups(
    paths: Sequence[Path],
    footers: Sequence[pq.FileMetaData],
    schemas: Sequence[pa.Schema],
    groups: dict[bytes, list[int]],
    keys: dict[int, tuple[Any, ...]],
    columns: Sequence[str] | None,
) -> pd.DataFrame:
    """Read each group of same-schema files in one pass, in key order; put the groups' rows
    in the files' key order (columns in order of first appearance, as pandas concatenates)."""
    import numpy as np
    import pandas as pd

    rank = {i: r for r, i in enumerate(sorted(keys, key=keys.__getitem__))}  # stable on ties
    frames, row_ranks = [], []
    for members in groups.values():
        members.sort(key=rank.__getitem__)
        names = schemas[members[0]].names
        wanted = None if columns is None else [c for c in dict.fromkeys(columns) if c in names]
        # pandas hands a list of files to pyarrow.parquet.read_table, which reads them as one
        # dataset, and types the columns as it does for one file (its stubs know only one)
        files = [str(paths[i]) for i in members]
        frames.append(pd.read_parquet(files, columns=wanted))  # type: ignore[call-overload]
        row_ranks += [np.full(footers[i].num_rows, rank[i]) for i in members]
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    table = pd.concat(frames, ignore_index=True)
    order = np.argsort(np.concatenate(row_ranks), kind="stable")
    return table.take(order).reset_index(drop=True)


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
