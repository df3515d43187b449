"""Check a result store against its commit records; find and discard damaged runs.

Every commit record lists, per table, the row count and the size and SHA-256 of the Parquet
file written (see :meth:`~itsim.experiment.store.ResultStore.write_run`). A run is damaged when
its record is not valid JSON or lacks those facts, or a table file is missing or differs from
them (a truncated copy, a disk error, an edit). Records written before files carried checksums
are checked by the row count in the file's Parquet footer.

A rerun of the sweep discards damaged runs (record first, then tables) so they are redone;
``itsim sweep --verify DIR`` only reports them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itsim.experiment.store import ResultStore


@dataclass(frozen=True)
class Damage:
    """One damaged run: its key and what is wrong, in a few words."""

    key: str
    reason: str


def damaged_runs(store: ResultStore) -> list[Damage]:
    """Every committed run of ``store`` whose record or table files fail the check."""
    found = []
    for path in sorted(store.done_dir.glob("*.json")):
        reason = _record_problem(store, path)
        if reason is not None:
            found.append(Damage(path.stem, reason))
    return found


def discard_damaged(store: ResultStore) -> list[Damage]:
    """Remove the damaged runs of ``store`` so the next sweep redoes them; return them."""
    damaged = damaged_runs(store)
    for damage in damaged:
        store.forget_run(damage.key)
    return damaged


def _record_problem(store: ResultStore, path: Path) -> str | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return "commit record is not valid JSON"
    tables = record.get("tables") if isinstance(record, dict) else None
    if record.get("run_key") != path.stem or not isinstance(tables, Mapping):
        return "commit record lacks its run key or tables"
    files = record.get("files") or {}
    for name, rows in tables.items():
        problem = _table_problem(store.table_path(str(name), path.stem), rows, files.get(name))
        if problem is not None:
            return f"table {name}: {problem}"
    return None


def _table_problem(path: Path, rows: Any, facts: Mapping[str, Any] | None) -> str | None:
    if not path.is_file():
        return "file missing"
    if facts is None:  # a record from before checksums: trust the Parquet footer's row count
        return _footer_problem(path, rows)
    if path.stat().st_size != facts.get("bytes"):
        return f"{path.stat().st_size} bytes, the record says {facts.get('bytes')}"
    with path.open("rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
    return None if digest == facts.get("sha256") else "checksum differs from the record"


def _footer_problem(path: Path, rows: Any) -> str | None:
    import pyarrow.parquet as pq

    try:
        found = pq.read_metadata(path).num_rows
    except Exception:  # pyarrow raises its own errors for a damaged footer
        return "not a readable Parquet file"
    return None if found == rows else f"{found} rows, the record says {rows}"
