"""``--kpi`` and ``--json``: which KPIs ``run``, ``compare`` and ``sweep`` print, and how.

``--kpi`` (repeatable, or comma-separated) chooses the KPIs printed and listed in the JSON; an
unknown name is an error that lists the KPIs the runs have. ``--json`` prints one JSON document
on stdout instead of the table (notes and progress stay on stderr), for scripts.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from itsim.errors import InputError
from itsim.results.columns import Columns

if TYPE_CHECKING:
    import pandas as pd

F = Callable[..., Any]


@dataclass(frozen=True)
class KpiView:
    """The ``--kpi`` names asked for (empty: the command's default) and ``--json``."""

    kpis: tuple[str, ...]
    as_json: bool

    def choose(self, available: Iterable[str], default: Sequence[str] | None) -> list[str] | None:
        """The KPIs to show: those asked for (checked), else ``default`` (None: the command's)."""
        if not self.kpis:
            return list(default) if default is not None else None
        present = list(available)
        unknown = [k for k in self.kpis if k not in present]
        if unknown:
            raise InputError("--kpi", unknown[0], f"not measured here (KPIs: {', '.join(present)})")
        return list(self.kpis)


def kpi_options(fn: F) -> F:
    """Decorate a command with ``--kpi`` and ``--json``; it receives ``view: KpiView``."""

    @functools.wraps(fn)
    def gathered(*args: Any, kpi: tuple[str, ...], as_json: bool, **kwargs: Any) -> Any:
        names = tuple(n.strip() for text in kpi for n in text.split(",") if n.strip())
        return fn(*args, view=KpiView(names, as_json), **kwargs)

    command: F = click.option("--json", "as_json", is_flag=True,
                              help="Print the results as JSON on stdout.")(gathered)  # fmt: skip
    return click.option("--kpi", multiple=True, metavar="KPI",
                        help="KPI to print (repeatable or comma-separated).")(command)  # fmt: skip


def records(frame: pd.DataFrame | Columns) -> list[dict[str, Any]]:
    """A table as JSON-ready records (NaN becomes null)."""
    rows: list[dict[Any, Any]]
    if isinstance(frame, Columns):
        names = frame.names
        values = [column.tolist() for _name, column in frame.items()]
        rows = [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]
    else:
        rows = frame.to_dict(orient="records")
    return [{str(k): _plain(v) for k, v in row.items()} for row in rows]


def _plain(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value.item() if hasattr(value, "item") else value


def echo_json(document: dict[str, Any]) -> None:
    """Print one JSON document on stdout."""
    click.echo(json.dumps(document, indent=2, default=str))
