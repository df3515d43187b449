"""Resumable result store: one folder, one Parquet file per (table, run), written atomically.

Layout of a store folder ``DIR``::

    DIR/manifest.json                      store metadata (identity, command, versions, ...)
    DIR/tables/<table>/<run_key>.parquet   one file per table and finished run
    DIR/done/<run_key>.json                commit record: the run is finished
    DIR/runs.csv                           the ``runs`` table as CSV (``runs_csv()``)

Every file is written to a temporary file in the same folder, flushed to disk and then renamed
over its final name (``os.replace`` is atomic on POSIX and Windows), so a reader never sees a
half-written file. A run counts as finished only once its commit record exists, and that record
is written after all of the run's tables. A process killed at any moment therefore leaves either
a finished run or nothing that counts: temporary files and table files without a commit record
are ignored by readers, overwritten when the run is redone, and deleted by
:meth:`ResultStore.remove_stray_files`. One commit record per run (rather than one growing
list) keeps each write O(1), so the store scales to sweeps of many thousands of runs.

A store has a single writer (the process driving the sweep); workers only return tables.
Opening a store has no side effects, so reports can read it while a sweep is still writing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import pandas as pd

from itsim.errors import OutputError
from itsim.results.kpis import complete_runs

#: Columns every table carries; tables are sorted by the ones present when read back.
KEY_COLUMNS: tuple[str, ...] = ("scenario", "point", "rep")

TMP_SUFFIX = ".tmp"
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.,=+-]{0,199}")
_UNSAFE_CHARS = re.compile(r"[^A-Za-z0-9.=+-]+")


class StoreMismatchError(ValueError):
    """The folder already holds results of a different experiment."""


def run_key(scenario: str, point: str, rep: int) -> str:
    """File-safe, collision-free key of one run, e.g. ``base__desk=4__rep0007__1a2b3c4d5e``.

    The readable parts are shortened slugs; the trailing digest of the exact
    ``(scenario, point, rep)`` keeps keys unique when slugs coincide or are truncated.
    """
    if rep < 0:
        raise ValueError(f"rep must be >= 0, got {rep}")
    exact = json.dumps([scenario, point, int(rep)], ensure_ascii=False)
    digest = hashlib.sha1(exact.encode("utf-8")).hexdigest()[:10]
    return f"{_slug(scenario)}__{_slug(point)}__rep{rep:04d}__{digest}"


def _slug(text: str, max_chars: int = 60) -> str:
    slug = _UNSAFE_CHARS.sub("-", text).strip(".-")[:max_chars]
    return slug or "x"


def _check_name(kind: str, name: str) -> None:
    if not _SAFE_NAME.fullmatch(name):
        raise ValueError(f"unsafe {kind} {name!r}: use letters, digits and _.,=+- only")


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """Report an OS error raised while writing ``path`` as one :class:`OutputError` line."""
    try:
        yield
    except OSError as exc:
        raise OutputError.from_os_error(exc, path) from None


def make_folder(path: Path) -> Path:
    """Create ``path`` (and its parents) as a folder, or raise OutputError saying why not."""
    with writing(path):
        if path.exists() and not path.is_dir():
            raise OutputError(str(path), "exists and is not a folder")
        path.mkdir(parents=True, exist_ok=True)
    return path


def atomic_write(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write ``path`` via a temporary file in the same folder, fsync, then rename over it.

    Raises
    ------
    OutputError
        The file cannot be written (a bad path, no permission, a full disk).
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}{TMP_SUFFIX}")
    try:
        with writing(path):
            with open(tmp, "xb") as fh:
                write(fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _parquet_writer(frame: pd.DataFrame) -> Callable[[IO[bytes]], object]:
    def write(fh: IO[bytes]) -> object:
        return frame.to_parquet(fh, index=False)

    return write


def write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) atomically."""
    atomic_write(path, lambda fh: fh.write(text.encode("utf-8")))


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as indented, key-sorted JSON, atomically."""
    write_text(path, json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")


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
        tables: Mapping[str, pd.DataFrame],
        meta: Mapping[str, Any] | None = None,
    ) -> None:
        """Store one finished run: every table first, then its commit record.

        Parameters
        ----------
        key : str
            Run key, normally from :func:`run_key`.
        tables : mapping of str to DataFrame
            The run's tables by name; the index is not stored.
        meta : mapping, optional
            JSON-serialisable facts about the run (seed, parameters), kept in the record.
        """
        _check_name("run key", key)
        rows = {}
        for name, frame in tables.items():
            _check_name("table name", name)
            folder = make_folder(self._tables_dir / name)
            atomic_write(folder / f"{key}.parquet", _parquet_writer(frame))
            rows[name] = len(frame)
        record = {
            "run_key": key,
            "tables": rows,
            "meta": dict(meta or {}),
            "finished_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        make_folder(self._done_dir)
        write_json(self._done_dir / f"{key}.json", record)

    def run_records(self) -> list[dict[str, Any]]:
        """Commit records of finished runs, sorted by run key."""
        paths = sorted(self._done_dir.glob("*.json"))
        return [json.loads(path.read_text(encoding="utf-8")) for path in paths]

    # -- tables -----------------------------------------------------------------------------

    def table_names(self) -> list[str]:
        """Names of tables stored by at least one finished run, sorted."""
        names = {name for record in self.run_records() for name in record["tables"]}
        return sorted(names)

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
        keys = sorted(r["run_key"] for r in self.run_records() if name in r["tables"])
        if not keys:
            raise KeyError(f"{self.root}: no finished run has a table {name!r}")
        wanted = None if columns is None else [*self.key_columns, *columns]
        frames = [_read_parquet(self._tables_dir / name / f"{key}.parquet", wanted) for key in keys]
        table = _concat_sorted(frames, [c for c in self.key_columns if c in frames[0].columns])
        return complete_runs(table) if name == "runs" else table

    def runs_csv(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Write the ``runs`` table (one row per run) as CSV; returns the path written."""
        target = Path(path) if path is not None else self.root / "runs.csv"
        make_folder(target.parent)
        write_text(target, self.read_table("runs").to_csv(index=False))
        return target

    # -- manifest ---------------------------------------------------------------------------

    def manifest(self) -> dict[str, Any]:
        """Store metadata from ``manifest.json`` (empty when not written yet)."""
        path = self.root / "manifest.json"
        if not path.is_file():
            return {}
        return json.loads(path.read_text(encoding="utf-8"))

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


def _read_parquet(path: Path, columns: Sequence[str] | None) -> pd.DataFrame:
    if columns is None:
        return pd.read_parquet(path)
    import pyarrow.parquet as pq

    present = set(pq.read_schema(path).names)
    return pd.read_parquet(path, columns=list(dict.fromkeys(c for c in columns if c in present)))


def _concat_sorted(frames: Iterable[pd.DataFrame], by: list[str]) -> pd.DataFrame:
    frames = list(frames)
    non_empty = [f for f in frames if len(f)] or frames[:1]
    table = pd.concat(non_empty, ignore_index=True)
    if by:
        table = table.sort_values(by, kind="stable")
    return table.reset_index(drop=True)
