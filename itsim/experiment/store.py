"""Resumable result store: one folder, one Parquet file per (table, run), written atomically.

Layout of a store folder ``DIR``::

    DIR/manifest.json                      store metadata (identity, command, versions, ...)
    DIR/tables/<table>/<run_key>.parquet   one file per table and finished run
    DIR/done/<run_key>.json                commit record: the run is finished
    DIR/runs.csv                           the ``runs`` table as CSV (``runs_csv()``)

Every file is written to a temporary file in the same folder and then renamed over its final
name (``os.replace`` is atomic on POSIX and Windows), so a reader never sees a half-written
file. A run counts as finished only once its commit record exists, and that record is written
after all of the run's tables and flushed to disk before it is renamed into place; the tables
are not flushed one by one, because the record holds their checksums (below). A process killed
at any moment therefore leaves either a finished run or nothing that counts: temporary files
and table files without a commit record are ignored by readers, overwritten when the run is
redone, and deleted by :meth:`ResultStore.remove_stray_files`. One commit record per run
(rather than one growing list) keeps each write O(1), so the store scales to sweeps of many
thousands of runs.

Damage after the fact (a truncated copy, a disk error, an edit, a table that had not reached
the disk when the power went) is caught by the commit record: it keeps each table file's row
count, size and SHA-256, which :mod:`itsim.experiment.verify` checks; a rerun of the sweep
redoes every run that fails the check.

Each run has a single writer: a local worker writes its own run's files; runs from remote
(Dask) workers are written by the process driving the sweep, which alone writes the manifest.
Opening a store has no side effects, so reports can read it while a sweep is still writing.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np

from itsim.errors import InputError
from itsim.experiment.atomic import (
    TMP_SUFFIX,
    atomic_write,
    make_folder,
    write_json,
    write_text,
    writing,
)
from itsim.experiment.outputs import csv_text
from itsim.experiment.run_keys import run_key
from itsim.experiment.store_read import read_sorted
from itsim.results.columns import Columns, concat
from itsim.results.kpis import complete_run_columns, complete_runs

if TYPE_CHECKING:
    import pandas as pd

__all__ = [  # the atomic writers are re-exported: every output folder uses them
    "KEY_COLUMNS",
    "TMP_SUFFIX",
    "ResultStore",
    "StoreMismatchError",
    "atomic_write",
    "make_folder",
    "run_key",
    "write_json",
    "write_text",
    "writing",
]
#: What to do about a damaged store file, said after its name.
REDO_HINT = "run the sweep command again to redo damaged runs (itsim sweep --verify DIR lists them)"

#: Columns every table carries; tables are sorted by the ones present when read back.
KEY_COLUMNS: tuple[str, ...] = ("scenario", "point", "rep")

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.,=+-]{0,199}")


class StoreMismatchError(ValueError):
    """The folder already holds results of a different experiment."""


def _check_name(kind: str, name: str) -> None:
    if not _SAFE_NAME.fullmatch(name):
        raise ValueError(f"unsafe {kind} {name!r}: use letters, digits and _.,=+- only")


class ResultStore:
    """Folder of per-run Parquet tables that can be resumed after any interruption.

    Parameters
    ----------
    root : str or os.PathLike
        Store folder; created by the first write.
    key_columns : sequence of str
        Columns used to sort tables deterministically in ``read_table``.
    """

    def __init__(self, root: str | os.PathLike[str], key_columns: Sequence[str] = KEY_COLUMNS):
        self.root = Path(root)
        self.key_columns = tuple(key_columns)
        self._tables_dir = self.root / "tables"
        self._done_dir = self.root / "done"
        # runs rows read so far, by run key: a finished run's files do not change, so a sweep
        # that reads its runs while the last ones finish reads each file once
        self._runs_read: dict[str, Columns] = {}

    @property
    def done_dir(self) -> Path:
        """The folder of commit records (one ``<run_key>.json`` per finished run)."""
        return self._done_dir

    def table_path(self, name: str, key: str) -> Path:
        """Where table ``name`` of run ``key`` is stored."""
        return self._tables_dir / name / f"{key}.parquet"

    def forget_run(self, key: str) -> None:
        """Delete a run's commit record, then its table files, so the run counts as not done."""
        self._runs_read.pop(key, None)
        with contextlib.suppress(FileNotFoundError):
            (self._done_dir / f"{key}.json").unlink()
        for path in self._tables_dir.glob(f"*/{key}.parquet"):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def remove_stray_files(self) -> int:
        """Delete leftovers of interrupted writes; returns how many files were removed.

        Leftovers are temporary files and table files of runs without a commit record. They
        never count as results, so this only frees space. Call it from the single writer
        before resuming, never while another process is writing to this store.
        """
        done = self.completed_keys()
        stray = [p for p in self.root.rglob(f".*{TMP_SUFFIX}") if p.is_file()]
        if self._tables_dir.is_dir():
            stray += [p for p in self._tables_dir.glob("*/*.parquet") if p.stem not in done]
        for path in stray:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        return len(stray)

    # -- runs -------------------------------------------------------------------------------

    def completed_keys(self) -> set[str]:
        """Keys of runs whose tables are all stored."""
        return {path.stem for path in self._done_dir.glob("*.json")}

    def write_run(
        self,
        key: str,
        tables: Mapping[str, pd.DataFrame] | Mapping[str, Columns],
        meta: Mapping[str, Any] | None = None,
    ) -> Columns | None:
        """Store one finished run: every table first, then its commit record.

        Parameters
        ----------
        key : str
            Run key, normally from :func:`run_key`.
        tables : mapping of str to DataFrame or Columns
            The run's tables by name; the index is not stored. Columns are written without
            pandas (a worker that only stores runs never imports it) and read back as the
            same DataFrames.
        meta : mapping, optional
            JSON-serialisable facts about the run (seed, parameters), kept in the record.

        Returns
        -------
        Columns or None
            The run's ``runs`` row read back from the bytes just written, exactly as
            :meth:`read_columns` reads its file (None when ``tables`` has no ``runs``). A
            worker hands it to the process driving the sweep (:meth:`adopt_runs_row`), which
            then summarises the sweep without opening the runs' files again.
        """
        _check_name("run key", key)
        self._runs_read.pop(key, None)
        rows, files = {}, {}
        runs_row = None
        for name, frame in tables.items():
            _check_name("table name", name)
            folder = make_folder(self._tables_dir / name)
            data = _parquet_bytes(frame)
            # not flushed to disk one by one: the record below, which is, holds each file's
            # size and checksum, and a rerun redoes a run whose files did not survive a power
            # cut. A flush waits for the disk (about 0.5 ms per file on the benchmarks' virtual
            # disks, far longer on network filesystems), for each of 8 tables.
            write_bytes = functools.partial(_write_bytes, data)
            atomic_write(folder / f"{key}.parquet", write_bytes, flush_to_disk=False)
            rows[name] = len(frame)
            files[name] = file_facts(data, len(frame))
            if name == "runs":
                runs_row = _columns_of_parquet(data)
        record = {
            "run_key": key,
            "tables": rows,
            "files": files,  # rows, size and checksum: a rerun redoes a run that differs
            "meta": dict(meta or {}),
            "finished_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        make_folder(self._done_dir)
        write_json(self._done_dir / f"{key}.json", record)
        if runs_row is not None:
            self._runs_read[key] = runs_row
        return runs_row

    def adopt_runs_row(self, key: str, row: Columns) -> None:
        """Take run ``key``'s ``runs`` row as returned by the :meth:`write_run` that stored it.

        :meth:`read_columns` then uses it instead of reading the run's file: a sweep's main
        process, whose workers store the runs, summarises them without reading Parquet, and
        so without importing Arrow (about 60 ms) while the last run finishes.
        """
        self._runs_read[key] = row

    def run_records(self) -> list[dict[str, Any]]:
        """Commit records of finished runs, sorted by run key.

        Raises
        ------
        InputError
            A record is damaged (not JSON); a rerun of the sweep redoes that run.
        """
        return [_read_json(path) for path in sorted(self._done_dir.glob("*.json"))]

    # -- tables -----------------------------------------------------------------------------

    def table_names(self) -> list[str]:
        """Names of tables stored by at least one finished run, sorted."""
        names = {name for record in self.run_records() for name in record["tables"]}
        return sorted(names)

    def _keys_with(self, name: str) -> list[str]:
        """Sorted keys of the finished runs that stored table ``name`` (KeyError if none)."""
        keys = sorted(r["run_key"] for r in self.run_records() if name in r["tables"])
        if not keys:
            raise KeyError(f"{self.root}: no finished run has a table {name!r}")
        return keys

    def read_table(self, name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """All finished runs' rows of one table, sorted by the key columns present.

        ``columns`` reads only those columns (plus the key columns), to save memory on big
        tables such as ``tickets``.

        The sort is stable and files are read in run-key order, so the result does not depend
        on the order in which runs finished or on the executor that ran them.

        Raises
        ------
        KeyError
            No finished run stored a table called ``name``.
        """
        keys = self._keys_with(name)
        wanted = None if columns is None else [*self.key_columns, *columns]
        paths = [self.table_path(name, key) for key in keys]
        table = read_sorted(paths, wanted, self.key_columns)  # one pass, where the files allow
        if table is None:
            frames = [_read_parquet(path, wanted) for path in paths]
            table = _concat_sorted(frames, [c for c in self.key_columns if c in frames[0].columns])
        return complete_runs(table) if name == "runs" else table

    def read_columns(self, name: str) -> Columns:
        """:meth:`read_table` without pandas: the same rows, in the same order, as columns.

        Meant for small tables (``runs``): values are read as Python objects.

        Raises
        ------
        KeyError
            No finished run stored a table called ``name``.
        """
        keys = self._keys_with(name)
        parts = [self._read_columns_of(name, key) for key in keys]
        table = concat([p for p in parts if len(p)] or parts[:1])
        by = [c for c in self.key_columns if c in parts[0]]
        if by and len(table) > 1:
            keys_of = [table[c].tolist() for c in by]
            order = sorted(range(len(table)), key=lambda i: [k[i] for k in keys_of])  # stable
            table = table.rows(np.array(order, dtype=np.int64))
        return complete_run_columns(table) if name == "runs" else table

    def _read_columns_of(self, name: str, key: str) -> Columns:
        if name != "runs":
            return _read_arrow(self.table_path(name, key))
        part = self._runs_read.get(key)
        if part is None:
            part = self._runs_read[key] = _read_arrow(self.table_path(name, key))
        return part

    def runs_csv(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Write the ``runs`` table (one row per run) as CSV; returns the path written."""
        target = Path(path) if path is not None else self.root / "runs.csv"
        make_folder(target.parent)
        write_text(target, csv_text(self.read_columns("runs")))
        return target

    # -- manifest ---------------------------------------------------------------------------

    def manifest(self) -> dict[str, Any]:
        """Store metadata from ``manifest.json`` (empty when not written yet)."""
        path = self.root / "manifest.json"
        if not path.is_file():
            return {}
        manifest = _read_json(path, "use a new output folder, or delete the damaged file")
        return manifest if isinstance(manifest, dict) else {}

    def update_manifest(self, **fields: Any) -> dict[str, Any]:
        """Merge ``fields`` into the manifest (top level) and rewrite it atomically."""
        manifest = {**self.manifest(), **fields}
        make_folder(self.root)
        write_json(self.root / "manifest.json", manifest)
        return manifest

    def bind(self, identity: Mapping[str, Any]) -> None:
        """Tie the folder to one experiment so a resume cannot mix different experiments.

        The first call records ``identity`` (e.g. resolved scenarios, grid, seed, reps) in
        the manifest; later calls raise :class:`StoreMismatchError` if it differs.
        """
        wanted = json.loads(json.dumps(identity, sort_keys=True, default=str))
        recorded = self.manifest().get("identity")
        if recorded is None:
            self.update_manifest(identity=wanted)
        elif recorded != wanted:
            changed = sorted(
                k for k in wanted.keys() | recorded.keys() if wanted.get(k) != recorded.get(k)
            )
            raise StoreMismatchError(
                f"{self.root} holds results of a different experiment (differs in: "
                f"{', '.join(changed)}); use a new output folder"
            )


def file_facts(data: bytes, rows: int) -> dict[str, Any]:
    """What a commit record keeps about one table file: rows, bytes and SHA-256."""
    return {"rows": rows, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _write_bytes(data: bytes, fh: IO[bytes]) -> None:
    fh.write(data)


def _parquet_bytes(frame: pd.DataFrame | Columns) -> bytes:
    buffer = io.BytesIO()
    if isinstance(frame, Columns):
        import pyarrow.parquet as pq

        pq.write_table(frame.to_arrow(), buffer)
    else:
        frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def _read_json(path: Path, hint: str = REDO_HINT) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InputError(str(path), "", f"damaged (not valid JSON); {hint}") from None


def _read_parquet(path: Path, columns: Sequence[str] | None) -> pd.DataFrame:
    import pandas as pd
    import pyarrow.parquet as pq
    from pyarrow.lib import ArrowException

    try:
        if columns is None:
            return pd.read_parquet(path)
        present = set(pq.read_schema(path).names)
        wanted = list(dict.fromkeys(c for c in columns if c in present))
        return pd.read_parquet(path, columns=wanted)
    except (OSError, ValueError, ArrowException) as exc:
        raise _damaged(path, exc) from None


def _columns_of_parquet(source: Path | bytes) -> Columns:
    """A Parquet file, or its bytes, as columns (see :meth:`Columns.from_arrow`)."""
    import pyarrow.parquet as pq

    readable = io.BytesIO(source) if isinstance(source, bytes) else source
    return Columns.from_arrow(pq.ParquetFile(readable).read(use_pandas_metadata=False))


def _read_arrow(path: Path) -> Columns:
    """One table file as columns, read without pandas (see :func:`_read_parquet`)."""
    from pyarrow.lib import ArrowException

    try:
        return _columns_of_parquet(path)
    except (OSError, ValueError, ArrowException) as exc:
        raise _damaged(path, exc) from None


def _damaged(path: Path, exc: Exception) -> InputError:
    if not path.is_file():
        return InputError(str(path), "", f"missing; {REDO_HINT}")
    return InputError(str(path), "", f"damaged ({type(exc).__name__}); {REDO_HINT}")


def _concat_sorted(frames: Iterable[pd.DataFrame], by: list[str]) -> pd.DataFrame:
    import pandas as pd

    frames = list(frames)
    non_empty = [f for f in frames if len(f)] or frames[:1]
    table = pd.concat(non_empty, ignore_index=True)
    if by:
        table = table.sort_values(by, kind="stable")
    return table.reset_index(drop=True)
