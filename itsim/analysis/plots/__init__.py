"""Figures from tidy tables: one module per subject, each function table → matplotlib Figure.

Plotting never imports the model; it reads the tables that ``itsim.results`` produces.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; no display is needed or wanted

import matplotlib.pyplot as plt
from matplotlib.figure import Figure


def new_figure(width_in: float = 8.0, height_in: float = 4.5) -> tuple[Figure, plt.Axes]:
    """A figure and one axes, sized in inches, with a light grid."""
    fig, ax = plt.subplots(figsize=(width_in, height_in), layout="constrained")
    ax.grid(True, alpha=0.3)
    return fig, ax


def save(fig: Figure, path: Path, dpi: int = 120) -> Path:
    """Write ``fig`` as PNG and release its memory."""
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return path
