"""Row records kept as columns: one compact array per field of a named-tuple row type.

A year of a large department writes hundreds of thousands of person-day rows. As named tuples
each row costs a tuple and a float object per number; as columns a number costs 8 bytes. Rows
are appended one at a time as the run goes and read back as named tuples, or handed to the
tables as arrays without a copy.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import Any, Generic, NamedTuple, TypeVar, get_type_hints

import numpy as np

Row = TypeVar("Row", bound=NamedTuple)

#: ``array`` type codes of the field types held as numbers (others are kept in lists).
_CODES = {float: "d", int: "q", bool: "b"}
#: Rows held as tuples before they are written into the columns.
BLOCK = 1024


class Columns(Generic[Row]):
    """Rows of ``row_type`` stored field by field.

    Parameters
    ----------
    row_type : type
        A ``typing.NamedTuple``; ``float``, ``int`` and ``bool`` fields are held in typed
        arrays, every other field in a list.
    """

    def __init__(self, row_type: type[Row]) -> None:
        self.row_type = row_type
        self.fields: tuple[str, ...] = row_type._fields
        hints = get_type_hints(row_type)
        self.codes = {name: _CODES.get(hints[name]) for name in self.fields}
        self._data: dict[str, Any] = {
            name: array(code) if code else [] for name, code in self.codes.items()
        }
        # the values of the rows appended since the columns were last written, row after row:
        # a row appended costs one call where writing it field by field costs one a field;
        # they are moved into the columns a block at a time, a column at a time
        self._pending: list[Any] = []
        self._width = len(self.fields)

    def append(self, row: Row | tuple[Any, ...]) -> None:
        """Add one row at the end: a ``row_type``, or a plain tuple of its fields in order
        (which a caller writing a row per person and day builds for less)."""
        if len(row) != self._width:
            raise ValueError(f"a {self.row_type.__name__} row has {self._width} fields")
        pending = self._pending
        pending.extend(row)
        if len(pending) >= BLOCK * self._width:
            self._write_pending()

    def _write_pending(self) -> None:
        """Move the pending rows into the columns."""
        pending, width = self._pending, self._width
        if not pending:
            return
        for i, (name, code) in enumerate(self.codes.items()):
            values = pending[i::width]  # field i of every pending row
            if code == "b":  # ``array('b')`` takes ints, and a numpy bool is none
                values = [bool(value) for value in values]
            column = self._data[name]
            if code:
                column.fromlist(values)
            else:
                column.extend(values)
        self._pending = []

    def __len__(self) -> int:
        return len(self._data[self.fields[0]]) + len(self._pending) // self._width

    def column(self, name: str) -> Any:
        """The stored column ``name`` (an ``array.array`` or a list; writable in place)."""
        self._write_pending()
        return self._data[name]

    def __getitem__(self, index: int) -> Row:
        return self.row_type(*(self._value(name, index) for name in self.fields))

    def _value(self, name: str, index: int) -> Any:
        self._write_pending()
        value = self._data[name][index]
        return bool(value) if self.codes[name] == "b" else value

    def __iter__(self) -> Iterator[Row]:
        for i in range(len(self)):
            yield self[i]

    def arrays(self) -> dict[str, np.ndarray]:
        """Every column as a numpy array (numbers without a copy, others as object arrays)."""
        self._write_pending()
        out: dict[str, np.ndarray] = {}
        for name, code in self.codes.items():
            data = self._data[name]
            if code == "b":
                out[name] = (
                    np.frombuffer(data, dtype=np.int8).astype(bool) if data else np.zeros(0, bool)
                )
            elif code:
                out[name] = np.frombuffer(data, dtype=code) if data else np.zeros(0, code)
            else:
                column = np.empty(len(data), dtype=object)
                column[:] = data
                out[name] = column
        return out
