"""Tables as named numpy columns: a replication's tables without pandas.

``itsim run`` builds, summarises and writes its tables with numpy and pyarrow alone, so a
command that never shows a DataFrame does not pay pandas' import (about 0.2 CPU-s, a tenth of a
short run). ``Columns`` is the smallest frame that needs: named equal-length arrays, row
selection, and conversion to pandas (``to_pandas``) for the library API, the web app and the
commands that analyse further. The conversion hands pandas the very arrays the pandas-built
tables were made of, so both give the same frame bit for bit (tests/results/test_columns.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

#: A row selection: a boolean mask, an array of row numbers, or a slice.
Rows = np.ndarray | slice


class Columns:
    """An ordered mapping of column name to a one-dimensional array, all of one length.

    Parameters
    ----------
    data : mapping of str to array-like, optional
        The columns, in order. Scalars are not broadcast: give arrays.
    objects : iterable of str, optional
        Columns that pandas is to keep as ``object`` dtype rather than infer a string dtype for
        (the pandas-built tables cast these to ``object``). Any other empty object column
        becomes a string column, as a column of one repeated label does in pandas.
    """

    __slots__ = ("_data", "_masks", "_objects")

    def __init__(self, data: Mapping[str, Any] | None = None, objects: Iterable[str] = ()) -> None:
        self._data: dict[str, np.ndarray] = {k: np.asarray(v) for k, v in (data or {}).items()}
        self._objects = frozenset(objects)
        self._masks: dict[tuple[str, object], np.ndarray] = {}

    # -- construction ------------------------------------------------------------------
    @classmethod
    def from_rows(cls, rows: Sequence[Sequence[Any]], fields: Sequence[str]) -> Columns:
        """Columns of ``rows`` (tuples in ``fields`` order), typed as pandas would type them.

        Empty rows give object columns, as ``pd.DataFrame([], columns=fields)`` does.
        """
        if len(rows) == 0:
            return cls({f: np.array([], dtype=object) for f in fields}, objects=fields)
        return cls(
            {f: infer_column(list(v)) for f, v in zip(fields, zip(*rows, strict=True), strict=True)}
        )

    @classmethod
    def from_arrow(cls, table: pa.Table) -> Columns:
        """Columns of an Arrow table, typed as ``pd.read_parquet`` types them.

        Integers with a gap become float64 with NaN; text, booleans with a gap and null columns
        become ``object`` columns with None. Values are read with ``to_pylist``, which needs no
        pandas (meant for small tables such as ``runs``).
        """
        import pyarrow as pa

        data: dict[str, np.ndarray] = {}
        nulls: list[str] = []
        for name, column in zip(table.column_names, table.columns, strict=True):
            values, kind = column.to_pylist(), column.type
            gaps = column.null_count > 0
            if pa.types.is_floating(kind) or (pa.types.is_integer(kind) and gaps):
                data[name] = np.array([math.nan if v is None else v for v in values], np.float64)
            elif pa.types.is_integer(kind):
                data[name] = np.array(values, dtype=np.int64)
            elif pa.types.is_boolean(kind) and not gaps:
                data[name] = np.array(values, dtype=bool)
            else:
                data[name] = np.empty(len(values), dtype=object)
                data[name][:] = values
                if pa.types.is_null(kind):
                    nulls.append(name)
        return cls(data, objects=nulls)

    # -- reading -----------------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        """Column names, in order."""
        return list(self._data)

    def __len__(self) -> int:
        return len(next(iter(self._data.values()))) if self._data else 0

    @property
    def empty(self) -> bool:
        """True when the table has no rows."""
        return len(self) == 0

    def __contains__(self, name: object) -> bool:
        return name in self._data

    def __getitem__(self, name: str) -> np.ndarray:
        return self._data[name]

    def get(self, name: str, default: np.ndarray | None = None) -> np.ndarray | None:
        """The column ``name``, or ``default`` when the table has none."""
        return self._data.get(name, default)

    def is_(self, name: str, value: object) -> np.ndarray:
        """Rows where column ``name`` equals ``value`` (a boolean mask, kept for reuse).

        The KPIs ask the same questions of the same labels (status, priority) several times;
        comparing an object column is a Python call per row, so each answer is worked out once.
        """
        key = (name, value)
        mask = self._masks.get(key)
        if mask is None:
            mask = self._masks[key] = self._data[name] == value
        return mask

    def items(self) -> Iterator[tuple[str, np.ndarray]]:
        """(name, column) pairs, in order."""
        return iter(self._data.items())

    # -- deriving ----------------------------------------------------------------------
    def __setitem__(self, name: str, values: Any) -> None:
        self._data[name] = np.asarray(values)
        self._masks = {k: v for k, v in self._masks.items() if k[0] != name}

    def rows(self, which: Rows, names: Iterable[str] | None = None) -> Columns:
        """The rows ``which`` selects, with the columns ``names`` (all by default)."""
        keep = self.names if names is None else [n for n in names if n in self._data]
        return Columns({n: self._data[n][which] for n in keep}, self._objects)

    def kept_as_objects(self, names: Iterable[str]) -> Columns:
        """The table with ``names`` also kept as ``object`` dtype in pandas."""
        return Columns(self._data, self._objects | set(names))

    @property
    def objects(self) -> frozenset[str]:
        """The columns pandas keeps as ``object`` dtype."""
        return self._objects

    def with_keys(self, scenario: str, point: str, rep: int) -> Columns:
        """The table with ``scenario``, ``point`` and ``rep`` columns in front."""
        n = len(self)
        keys = {
            "scenario": np.full(n, scenario, dtype=object),
            "point": np.full(n, point, dtype=object),
            "rep": np.full(n, rep, dtype=np.int64),
        }
        return Columns(keys | self._data, self._objects)

    # -- converting --------------------------------------------------------------------
    def to_pandas(self) -> pd.DataFrame:
        """The table as a DataFrame (pandas is imported here, on first use)."""
        import pandas as pd

        data = {
            n: np.array([], dtype=str) if _empty_label(v) and n not in self._objects else v
            for n, v in self._data.items()
        }
        frame = pd.DataFrame(data, copy=False)
        kept = {n: object for n in self._objects if n in data and data[n].dtype == object}
        return frame.astype(kept) if kept else frame

    def to_arrow(self) -> pa.Table:
        """The table as a pyarrow Table (strings as ``string``, missing values as nulls)."""
        import pyarrow as pa

        arrays = [_arrow_array(v, n in self._objects) for n, v in self._data.items()]
        return pa.Table.from_arrays(arrays, names=self.names)


def _empty_label(values: np.ndarray) -> bool:
    return values.dtype == object and values.size == 0


def _arrow_array(values: np.ndarray, plain_object: bool = False) -> Any:
    """One column as an Arrow array built from its buffers.

    ``pa.array`` on any Python or numpy object asks pyarrow's pandas shim first, which imports
    pandas; building from buffers does not. Missing values (NaN, None) become nulls, and an
    object column with nothing in it becomes a null column, as in ``pa.Table.from_pandas``
    (``plain_object``: the column pandas keeps as ``object``; an empty string column stays a
    string column).
    """
    import pyarrow as pa

    kind = values.dtype.kind
    if kind == "f":
        missing = np.isnan(values)
        data = np.ascontiguousarray(values, dtype=np.float64)
        return pa.Array.from_buffers(
            pa.float64(), len(data), [_validity(missing), pa.py_buffer(data)]
        )
    if kind in "iu":
        data = np.ascontiguousarray(values, dtype=np.int64)
        return pa.Array.from_buffers(pa.int64(), len(data), [None, pa.py_buffer(data)])
    if kind == "b":
        return _arrow_bools(values.astype(bool), np.zeros(len(values), dtype=bool))
    items = values.tolist()
    if set(map(type, items)) <= _LABEL_TYPES:
        # text and gaps (the usual label column): each distinct value is looked at once
        return _arrow_labels(values, items, plain_object)
    missing = np.array([is_missing(v) for v in items], dtype=bool)
    present = {type(v) for v, gone in zip(items, missing, strict=True) if not gone}
    if not present and (plain_object or items):
        return pa.nulls(len(items))
    if present <= {bool, np.bool_}:
        return _arrow_bools(
            np.array([bool(v) and not m for v, m in zip(items, missing, strict=True)]), missing
        )
    return pa.array(values, from_pandas=True)  # anything else: let pyarrow (and pandas) decide


#: Types of a column of labels: strings, and None or NaN for a missing one (a float that is
#: not NaN sends the column down the general path).
_LABEL_TYPES = {str, type(None), float}


def _arrow_labels(values: np.ndarray, items: list[Any], plain_object: bool) -> Any:
    """A column of strings, None and floats as :func:`_arrow_array` makes it, by distinct value.

    Strings never compare equal to None or a float, so coding the values by a dict keeps every
    string apart; gaps and any other floats are then judged once per distinct value.
    """
    import pyarrow as pa

    index: dict[Any, int] = {}
    codes = np.fromiter(
        [index.setdefault(v, len(index)) for v in items], dtype=np.int64, count=len(items)
    )
    distinct = list(index)
    gone = np.array([is_missing(v) for v in distinct], dtype=bool)
    present = {type(v) for v, g in zip(distinct, gone, strict=True) if not g}
    if not present and (plain_object or items):
        return pa.nulls(len(items))
    if not present <= {str}:
        return pa.array(values, from_pandas=True)
    encoded = [b"" if g else v.encode("utf-8") for v, g in zip(distinct, gone, strict=True)]
    return _arrow_strings(encoded, codes, gone[codes])


def is_missing(value: object) -> bool:
    """Whether a cell is a gap: None or a float NaN (as pandas counts them)."""
    return value is None or (isinstance(value, float) and value != value)


def _validity(missing: np.ndarray) -> Any:
    """An Arrow validity bitmap (None when nothing is missing)."""
    import pyarrow as pa

    if not missing.any():
        return None
    return pa.py_buffer(np.packbits(~missing, bitorder="little"))


def _arrow_bools(flags: np.ndarray, missing: np.ndarray) -> Any:
    import pyarrow as pa

    bits = pa.py_buffer(np.packbits(flags, bitorder="little"))
    return pa.Array.from_buffers(pa.bool_(), len(flags), [_validity(missing), bits])


def _arrow_strings(distinct: list[bytes], codes: np.ndarray, missing: np.ndarray) -> Any:
    """A string array (``large_string`` past 2 GiB of text): row ``i`` holds the UTF-8 text
    ``distinct[codes[i]]``, or a gap where ``missing``."""
    import pyarrow as pa

    distinct_lengths = np.fromiter(map(len, distinct), dtype=np.int64, count=len(distinct))
    distinct_starts = np.cumsum(distinct_lengths) - distinct_lengths
    lengths = distinct_lengths[codes]
    offsets = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    # each row's bytes copied from its distinct value's: source position of every output byte
    source = np.repeat(distinct_starts[codes] - offsets[:-1], lengths)
    source += np.arange(offsets[-1], dtype=np.int64)
    text = np.frombuffer(b"".join(distinct), dtype=np.uint8)[source]
    small = offsets[-1] < 2**31
    kind = pa.string() if small else pa.large_string()
    offsets = offsets.astype(np.int32) if small else offsets
    buffers = [_validity(missing), pa.py_buffer(offsets), pa.py_buffer(text)]
    return pa.Array.from_buffers(kind, len(codes), buffers)


def infer_column(values: list[Any]) -> np.ndarray:
    """One column of Python values as pandas types it: bool, int64, float64, else object.

    Integers and floats together make float64; None among numbers becomes NaN; anything else
    (strings, a mix) stays object.
    """
    kinds = set(map(type, values))
    if not kinds:
        return np.array([], dtype=object)
    if kinds <= {bool, np.bool_}:
        return np.array(values, dtype=bool)
    if kinds <= _INTEGERS:
        return np.array(values, dtype=np.int64)
    if kinds <= _NUMBERS | {type(None)} and not kinds <= {type(None)}:
        return np.array([math.nan if v is None else v for v in values], dtype=np.float64)
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


_INTEGERS = {int, np.int64, np.int32}
_NUMBERS = _INTEGERS | {float, np.float64}


# -- across tables ---------------------------------------------------------------------
def concat(parts: Sequence[Columns]) -> Columns:
    """The rows of ``parts`` one after another; columns in order of first appearance.

    A column a part lacks is missing there, as in ``pd.concat``: NaN, with integers made float
    and booleans and strings made object.
    """
    names: dict[str, None] = {}
    objects: set[str] = set()
    for part in parts:
        names.update(dict.fromkeys(part.names))
        objects |= part.objects
    columns = {n: _concat_column([(p.get(n), len(p)) for p in parts]) for n in names}
    return Columns(columns, objects)


def _concat_column(pieces: list[tuple[np.ndarray | None, int]]) -> np.ndarray:
    present = [v for v, _n in pieces if v is not None]
    if len(present) == len(pieces):
        return np.concatenate(present)
    dtype = np.result_type(*present)
    fill_dtype = np.float64 if dtype.kind in "if" else object
    filled = [
        v.astype(fill_dtype) if v is not None else np.full(n, math.nan, dtype=fill_dtype)
        for v, n in pieces
    ]
    return np.concatenate(filled)


def group_sum(keys: Sequence[np.ndarray], values: np.ndarray) -> tuple[list[tuple], np.ndarray]:
    """Sums of ``values`` by the distinct tuples of ``keys``, in sorted key order.

    The sums are added as pandas' ``groupby(keys, sort=True).sum()`` adds them, so a table or
    KPI summed here equals the pandas-built one bit for bit: when the rows are already in key
    order and hold no NaN, by ``np.add.reduceat`` over each run of rows; otherwise row by row
    with Kahan's compensation, skipping NaNs. Integers and booleans give exact int64 sums.

    Returns
    -------
    list of tuple, ndarray
        The sorted key tuples, and the sums (float64, or int64 for integer values).
    """
    # one key (the usual case, and the long one: staff-days by team) is coded without a
    # tuple per row, which for a large department would be a hundred megabytes at a time
    rows = keys[0].tolist() if len(keys) == 1 else list(_key_tuples(keys))
    distinct = sorted(set(rows))
    position = {key: i for i, key in enumerate(distinct)}
    codes = np.fromiter((position[k] for k in rows), dtype=np.int64, count=len(rows))
    del rows
    groups = [(k,) for k in distinct] if len(keys) == 1 else distinct
    exact = values.dtype.kind in "biu"
    if exact:
        values = values.astype(np.int64)
    in_order = codes.size == 0 or bool(np.all(codes[1:] >= codes[:-1]))
    if in_order and (exact or not np.isnan(values).any()):
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if codes.size else codes
        return groups, np.add.reduceat(values, starts) if codes.size else values[:0]
    if exact:
        totals = np.zeros(len(groups), dtype=np.int64)
        np.add.at(totals, codes, values)
        return groups, totals
    return groups, _kahan_sums(codes, values.tolist(), len(groups))


def _kahan_sums(codes: np.ndarray, values: list[float], groups: int) -> np.ndarray:
    """Compensated sums per group code, row by row, NaNs skipped (pandas' Cython kernel)."""
    sums = [0.0] * groups
    compensation = [0.0] * groups
    for code, value in zip(codes.tolist(), values, strict=True):
        if value != value:  # NaN
            continue
        y = value - compensation[code]
        t = sums[code] + y
        c = t - sums[code] - y
        compensation[code] = 0.0 if c != c else c  # an infinite value leaves it NaN
        sums[code] = t
    return np.array(sums, dtype=np.float64)


def _key_tuples(keys: Sequence[np.ndarray]) -> Iterator[tuple]:
    return zip(*(k.tolist() for k in keys), strict=True)
