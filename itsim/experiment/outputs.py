"""Write a run's output folder: tables as Parquet, runs.csv, summary, scenario, manifest.

Every file is written atomically (a temporary file in the same folder, then a rename), so a run
that is killed leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import platform
import sys
from collections.abc import Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from itsim.config.load import scenario_to_yaml
from itsim.config.schema import Scenario
from itsim.experiment.atomic import atomic_write, make_folder, write_json, write_text
from itsim.results.columns import Columns, is_missing

if TYPE_CHECKING:
    import pandas as pd


VERSIONED_PACKAGES = ("itsim", "simpy", "numpy", "scipy", "pandas", "pydantic", "pyarrow")


def package_versions() -> dict[str, str]:
    """Installed versions of itsim and the libraries its results depend on."""
    found = {"python": platform.python_version()}
    for name in VERSIONED_PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


#: Tables ``itsim run`` writes only with ``--tables``: one row per ticket, by far the largest.
PER_TICKET_TABLES = ("tickets",)


def write_frame(path: Path, frame: pd.DataFrame | Columns) -> None:
    """Write a table atomically as Parquet (``.parquet``) or CSV (anything else)."""
    buffer = io.BytesIO()
    if isinstance(frame, Columns):
        _write_columns(buffer, path.suffix, frame)
    elif path.suffix == ".parquet":
        frame.to_parquet(buffer, index=False)
    else:
        buffer.write(frame.to_csv(index=False).encode("utf-8"))
    atomic_write(path, lambda fh: fh.write(buffer.getvalue()))


def _write_columns(buffer: io.BytesIO, suffix: str, table: Columns) -> None:
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        pq.write_table(table.to_arrow(), buffer)
    else:
        buffer.write(csv_text(table).encode("utf-8"))


def csv_text(table: Columns) -> str:
    """The table as CSV text, written as ``DataFrame.to_csv(index=False)`` writes it.

    Floats in their shortest exact form, missing values empty, quotes only where needed.
    """
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(table.names)
    cells = [_csv_cells(values) for _name, values in table.items()]
    writer.writerows(zip(*cells, strict=True))
    return text.getvalue()


def _csv_cells(values: np.ndarray) -> list[str]:
    if values.dtype.kind == "f":
        return ["" if math.isnan(v) else repr(v) for v in values.tolist()]
    return ["" if is_missing(v) else str(v) for v in values.tolist()]


def manifest(
    scenarios: Sequence[Scenario], seed: int, reps: int, extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """What made this folder: command, seed, replications, scenarios and versions."""
    return {
        "command": " ".join(["itsim", *sys.argv[1:]]),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seed": seed,
        "replications": reps,
        "scenarios": [s.name for s in scenarios],
        "versions": package_versions(),
        **(extra or {}),
    }


def write_outputs(
    out_dir: Path,
    tables: Mapping[str, pd.DataFrame] | Mapping[str, Columns],
    scenarios: Sequence[Scenario],
    summary: pd.DataFrame | Columns,
    info: Mapping[str, Any],
) -> Path:
    """Write every table, runs.csv, summary.csv, the resolved scenario(s) and the manifest.

    Raises
    ------
    OutputError
        ``out_dir`` is not a folder that can be written (exit 2), or the disk is full (exit 1).
    """
    make_folder(out_dir)
    for name, frame in tables.items():
        write_frame(out_dir / f"{name}.parquet", frame)
    if "runs" in tables:
        write_frame(out_dir / "runs.csv", tables["runs"])
    write_frame(out_dir / "summary.csv", summary)
    for scenario in scenarios:
        suffix = "" if len(scenarios) == 1 else f"-{scenario.name}"
        write_text(out_dir / f"scenario{suffix}.yaml", scenario_to_yaml(scenario))
    write_json(out_dir / "manifest.json", dict(info))
    return out_dir
