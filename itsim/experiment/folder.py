"""Read an output folder of ``itsim run`` or ``itsim sweep`` through one interface.

``itsim run`` writes one Parquet file per table (``DIR/<table>.parquet``); ``itsim sweep``
writes a :class:`~itsim.experiment.store.ResultStore` (``DIR/tables/<table>/<run>.parquet``).
Reports and analysis commands read either through :class:`ResultsFolder`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from itsim.errors import InputError
from itsim.experiment.store import KEY_COLUMNS, ResultStore


class ResultsFolder:
    """Tables, manifest and sweep plan of a run or sweep output folder.

    Raises
    ------
    InputError
        ``root`` holds neither a store with finished runs nor ``runs.parquet``.
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self._store = ResultStore(self.root) if (self.root / "done").is_dir() else None
        if self._store is not None and not self._store.completed_keys():
            raise InputError(str(root), "", "the sweep has no finished run yet")
        if self._store is None and not (self.root / "runs.parquet").is_file():
            raise InputError(str(root), "", "not an itsim run or sweep output folder")

    @property
    def is_sweep(self) -> bool:
        """Whether the folder is a sweep store (rather than an ``itsim run`` folder)."""
        return self._store is not None

    def table_names(self) -> list[str]:
        """Names of the tables present, sorted."""
        if self._store is not None:
            return self._store.table_names()
        return sorted(path.stem for path in self.root.glob("*.parquet"))

    def has(self, name: str) -> bool:
        """Whether a table called ``name`` is present."""
        return name in self.table_names()

    def table(self, name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """One table, all runs, sorted by scenario, point and rep (``columns``: a subset)."""
        if self._store is not None:
            return self._store.read_table(name, columns)
        wanted = None if columns is None else list(dict.fromkeys([*KEY_COLUMNS, *columns]))
        return pd.read_parquet(self.root / f"{name}.parquet", columns=wanted)

    @property
    def manifest(self) -> dict[str, Any]:
        """The folder's manifest (command, seed, versions, and for sweeps the plan)."""
        path = self.root / "manifest.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}

    @property
    def points(self) -> dict[str, dict[str, Any]]:
        """Grid point label → the scenario overrides it applies (``{}`` for ``itsim run``)."""
        return dict(self.manifest.get("points") or {})

    @property
    def grid_keys(self) -> list[str]:
        """Swept scenario keys (empty for ``itsim run``)."""
        return list(self.manifest.get("grid_keys") or [])
