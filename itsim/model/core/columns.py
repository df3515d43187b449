"""Row records kept as columns: one compact array per field of a named-tuple row type.

A year of a large department writes hundreds of thousands of person-day rows. As named tuples
each row costs a tuple and a float object per number; as columns a number costs 8 bytes. Rows
are appended one at a time as the run goes and read back as named tuples, or handed to the
tables as arrays without a copy.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from typing import Any, Generic, NamedTuple, TypeVar, get_type_hints

import numpy as np

Row = TypeVar("Row", bound=NamedTuple)

#: ``array`` type codes of the field types held as numbers (others are kept in lists).
_CODES = {float: "d", int: "q", bool: "b"}


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
        # one appender per field; a flag column's converts first (a numpy bool is no int),
        # so that a row costs no per-field test
        self._appenders: list[Callable[[Any], None]] = [
            _as_bool(self._data[name].append) if code == "b" else self._data[name].append
            for name, code in self.codes.items()
        ]

    def append(self, row: Row) -> None:
        """Add one row at the end."""
        for add, value in zip(self._appenders, row, strict=True):
            add(value)

    def __len__(self) -> int:
        return len(self._data[self.fields[0]])

    def column(self, name: str) -> Any:
        """The stored column ``name`` (an ``array.array`` or a list; writable in place)."""
        return self._data[name]

    def __getitem__(self, index: int) -> Row:
        return self.row_type(*(self._value(name, index) for name in self.fields))

    def _value(self, name: str, index: int) -> Any:
        value = self._data[name][index]
        return bool(value) if self.codes[name] == "b" else value

    def __iter__(self) -> Iterator[Row]:
        for i in range(len(self)):
            yield self[i]

    def arrays(self) -> dict[str, np.ndarray]:
        """Every column as a numpy array (numbers without a copy, others as object arrays)."""
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


def _as_bool(add: Callable[[Any], None]) -> Callable[[Any], None]:
    """``add`` of a flag column, taking any truth value (``array('b')`` takes only ints)."""

    def add_flag(value: Any) -> None:
        add(bool(value))

    return add_flag
