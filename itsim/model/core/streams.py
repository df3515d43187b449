"""Named random streams per (seed, replication), for common random numbers.

Each stream name maps to its own ``numpy.random.Generator``, seeded from
``SeedSequence(seed, spawn_key=(rep, crc32(name)))``. A stream depends only on the seed, the
replication and its own name: adding or using another stream never shifts it, and two arms of an
experiment with the same (seed, rep) draw identical tickets from the arrival-side streams.
"""

from __future__ import annotations

import zlib

import numpy as np

#: Streams the core model uses (documentation; any name works and is independent of the others).
KNOWN_STREAMS = (
    "arrivals.incident",
    "arrivals.request",
    "arrivals.project",
    "incident.priority",
    "incident.category",
    "incident.effort.desk",
    "incident.effort.tier2",
    "incident.fcr",
    "incident.reopen",
    "incident.pause.user",  # and .vendor/.other, each with a ".hours" stream (model/pauses.py)
    "incident.pickup.desk",  # and .desk_escalated/.tier2, and incident.holding.* (core/holding.py)
    "incident.delay_class",  # read from its start by the ticket draws and the delays alike
    "request.item",
    "request.effort.desk",
    "request.effort.fulfil",
    "project.effort",
    "project.value",
)


def stream_key(name: str) -> int:
    """A stable 32-bit key for a stream name (CRC-32 of its UTF-8 bytes)."""
    return zlib.crc32(name.encode("utf-8"))


class RandomStreams:
    """One independent Generator per named stream for replication ``rep`` of ``seed``.

    Parameters
    ----------
    seed : int
        The experiment seed (>= 0).
    rep : int
        The replication number (>= 0).
    """

    def __init__(self, seed: int, rep: int) -> None:
        self.seed = seed
        self.rep = rep
        self._rngs: dict[str, np.random.Generator] = {}

    def rng(self, name: str) -> np.random.Generator:
        """The Generator of stream ``name`` (created on first use, then reused)."""
        gen = self._rngs.get(name)
        if gen is None:
            seq = np.random.SeedSequence(self.seed, spawn_key=(self.rep, stream_key(name)))
            gen = self._rngs[name] = np.random.default_rng(seq)
        return gen

    def uniforms(self, name: str, size: int) -> np.ndarray:
        """``size`` U(0, 1) draws from stream ``name``."""
        return self.rng(name).random(size)

    def uniforms_from_start(self, name: str, size: int) -> np.ndarray:
        """The first ``size`` U(0, 1) draws of stream ``name``, whatever was drawn from it
        before (nothing is consumed): for two parts of the model that must read the same
        per-ticket draw, such as an incident's delay class (the ticket draws and the delays)."""
        seq = np.random.SeedSequence(self.seed, spawn_key=(self.rep, stream_key(name)))
        return np.random.default_rng(seq).random(size)
