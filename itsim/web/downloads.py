"""What the app offers for download: the scenario YAML, the tables and the HTML report.

Each function builds the file's bytes from a result; the app passes them to
``st.download_button`` as callables, so a file is built only when someone asks for it.
"""

from __future__ import annotations

import io
import zipfile

import pandas as pd

from itsim.api import Result

#: Tables put in the Excel workbook (the per-ticket and per-person-day tables of a year are too
#: long for a spreadsheet to be useful; the CSV archive has every table).
EXCEL_TABLES = ("summary", "runs", "team_daily", "headcount_daily", "costs")


def tables_zip(result: Result) -> bytes:
    """A zip archive with ``summary.csv`` and one CSV per table."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("summary.csv", result.summary.to_csv(index=False))
        for name, frame in sorted(result.tables.items()):
            archive.writestr(f"{name}.csv", frame.to_csv(index=False))
    return buffer.getvalue()


def tables_excel(result: Result) -> bytes:
    """An Excel workbook with one sheet per table of :data:`EXCEL_TABLES` that the result has."""
    frames = {"summary": result.summary, **result.tables}
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name in EXCEL_TABLES:
            if name in frames:
                frames[name].to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()


def report_html(result: Result) -> bytes:
    """The self-contained HTML report of the result (as ``itsim report`` writes it)."""
    return result.report_html().encode("utf-8")


def scenario_yaml(result: Result) -> bytes:
    """The fully resolved scenario, runnable with ``itsim run FILE``."""
    return result.scenario_yaml().encode("utf-8")
