"""HTML building blocks of the report: embedded figures, tables, notes, formatted cells."""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Sequence

from matplotlib.figure import Figure

from itsim.results.catalog import fmt_half, fmt_value, is_share

FIGURE_DPI = 110


def figure_html(fig: Figure, alt: str, caption: str = "") -> str:
    """A ``<figure>`` with ``fig`` embedded as a base64 PNG (the figure is closed)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=FIGURE_DPI)
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (
        f'<figure><img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">{cap}</figure>'
    )


def fmt_diff(kpi: str, diff: float) -> str:
    """A signed difference in the KPI's unit (percentage points for shares)."""
    if math.isnan(diff):
        return ""
    if is_share(kpi):
        return f"{100 * diff:+.1f} pt"
    return f"{diff:+,.0f}" if kpi.endswith("_usd") else f"{diff:+,.2f}"


def note(text: str) -> str:
    """A highlighted note (used for sections that are not available)."""
    return f'<p class="note">{html.escape(text)}</p>'


def table_html(
    header: Sequence[str], rows: Sequence[Sequence[str]], classes: Sequence[str] = ()
) -> str:
    """A plain HTML table; cells are already formatted (and escaped here)."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        cls = f' class="{classes[i]}"' if i < len(classes) and classes[i] else ""
        body.append(f"<tr{cls}>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    return f'<div class="scroll">{table}</div>'


def cell(kpi: str, mean: float, half: float) -> str:
    value, half_text = html.escape(fmt_value(kpi, mean)), html.escape(fmt_half(kpi, half))
    return f'{value} <span class="ci">{half_text}</span>'


def compact_label(variant: str) -> str:
    """``arm · a=1,b=2`` → ``arm 1/2``: values only, for crowded figures."""
    arm, _, point = variant.rpartition(" · ")
    if "=" not in point:
        return variant
    values = "/".join(part.split("=", 1)[1] for part in point.split(","))
    return f"{arm} {values}".strip()
