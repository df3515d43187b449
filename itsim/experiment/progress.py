"""Progress bar with ETA for long sweeps, written to stderr so stdout stays machine-readable."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress(
    iterable: Iterable[T],
    total: int | None,
    quiet: bool = False,
    desc: str = "runs",
    initial: int = 0,
) -> Iterator[T]:
    """Yield from ``iterable`` while drawing a progress bar with rate and ETA on stderr.

    Parameters
    ----------
    iterable : Iterable
        Items to pass through unchanged (e.g. ``executor.map_unordered(...)``).
    total : int or None
        Expected final count, including ``initial``; ``None`` shows a counter without ETA.
    quiet : bool
        Draw nothing (``--quiet``).
    desc : str
        Label in front of the bar.
    initial : int
        Items already done before this call, e.g. runs found in a resumed result store.
    """
    bar = tqdm(
        iterable,
        total=total,
        initial=initial,
        desc=desc,
        unit="run",
        file=sys.stderr,
        disable=quiet,
        dynamic_ncols=True,
        smoothing=0.1,
    )
    try:
        yield from bar
    finally:
        bar.close()
