"""Small building blocks of the decision report: formatted cells, tables, embedded images.

A table is a plain dict the Jinja2 template renders: ``columns``, ``rows`` of ``(text, ci)``
cells (the template escapes both), optional ``caption``, row ``classes`` and ``text_columns``.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from itsim.results.catalog import fmt_half, fmt_number, fmt_value

Cell = tuple[str, str]


def fmt_plain(value: float) -> str:
    """A number without a unit: thousands separated, no exponent; small values to 4 digits."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a table as plain dicts (column name -> value)."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict(orient="records")]


def text(value: Any) -> Cell:
    """A plain cell."""
    return (str(value), "")


def kpi_cell(kpi: str, mean: float, half: float = math.nan) -> Cell:
    """A KPI value in its unit with its 95% CI half-width."""
    return (fmt_value(kpi, mean), fmt_half(kpi, half))


def diff_cell(kpi: str, diff: float, half: float = math.nan) -> Cell:
    """A signed difference in the KPI's unit (points for shares) with its CI half-width."""
    return (
        fmt_number(kpi, diff, sign="+", share_unit=" pt", pt_digits=2),
        fmt_half(kpi, half, pt_digits=2),
    )


def share_cell(value: float) -> Cell:
    """A probability as a percentage."""
    return ("-" if not math.isfinite(value) else f"{100 * value:.0f}%", "")


def table(
    columns: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    caption: str = "",
    classes: Sequence[str] = (),
    scroll: bool = False,
    text_columns: Sequence[str] = (),
) -> dict[str, Any]:
    """A table for the template."""
    return {
        "columns": list(columns),
        "rows": [list(r) for r in rows],
        "caption": caption,
        "classes": list(classes),
        "scroll": scroll,
        "text_columns": list(text_columns),
    }


def section(
    sid: str,
    title: str,
    intro: str = "",
    tables: Sequence[dict] = (),
    figure: str = "",
    caption: str = "",
    note: str = "",
) -> dict[str, Any]:
    """A report section for the template."""
    return {
        "id": sid,
        "title": title,
        "intro": intro,
        "tables": list(tables),
        "figure": figure,
        "caption": caption,
        "note": note,
    }


def png_uri(path: Path) -> str:
    """A PNG file as a data URI (empty when the file is missing)."""
    if not path.is_file():
        return ""
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def figure_uri(fig: Figure) -> str:
    """A matplotlib figure as a PNG data URI (the figure is closed)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
