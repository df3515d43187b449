"""The decision-first report of an ``optimise``, ``breakeven``, ``sensitivity`` or ``compare``
folder: page one states the question, the answer and how sure it is; then the tables and
charts behind it, the assumptions it rests on and how it was made.

Rendered with Jinja2 templates (``templates/``) into one self-contained HTML file whose print
stylesheet gives a clean PDF from a browser; ``--xlsx`` writes the same tables to Excel.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pandas as pd

from itsim.analysis.decision_tables import fmt_plain, section, table, text
from itsim.errors import InputError

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: The CSV tables of each kind of folder, exported by ``--xlsx`` (those present).
TABLES = ("finalists", "trials", "curve", "ranking", "summary", "deltas")
#: The resolved scenario each kind writes (first found), read for the assumption register.
SCENARIO_FILES = ("best.yaml", "closest.yaml", "scenario-arm.yaml", "scenario.yaml")


def is_decision_folder(root: Path) -> bool:
    """Whether ``root`` holds a decision (decision.json) or a comparison (deltas.csv)."""
    return (root / "decision.json").is_file() or (root / "deltas.csv").is_file()


def load_record(root: Path) -> dict[str, Any]:
    """The folder's decision record."""
    path = root / "decision.json"
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    from itsim.analysis.decision_compare import compare_record

    return compare_record(root)


def render_decision(root: Path) -> str:
    """The complete HTML document of a decision folder."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    record = load_record(root)
    page = _page(root, record)
    page["sections"] += [_assumptions(root, record), _provenance(record)]
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    return env.get_template("decision.html.j2").render(
        title=_title(record),
        kind=record["kind"],
        question=record["question"],
        made=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        css=(TEMPLATES / "decision.css").read_text(encoding="utf-8"),
        **page,
    )


def _title(record: dict[str, Any]) -> str:
    kind, base = record["kind"], record.get("base", "")
    if kind == "breakeven":
        return f"Break-even: {record['arm']} against {base}"
    if kind == "compare":
        return f"Comparison: {', '.join(record['arms'][1:])} against {base}"
    return f"{kind.capitalize()}: {base}"


def _page(root: Path, record: dict[str, Any]) -> dict[str, Any]:
    from itsim.analysis import decision_compare, decision_pages

    builders = {
        "optimise": decision_pages.optimise_page,
        "breakeven": decision_pages.breakeven_page,
        "sensitivity": decision_pages.sensitivity_page,
        "compare": decision_compare.compare_page,
    }
    if record["kind"] not in builders:
        raise InputError(str(root), "decision.json", f"unknown kind {record['kind']!r}")
    return builders[record["kind"]](root, record)


def _assumptions(root: Path, record: dict[str, Any]) -> dict[str, Any]:
    """Every estimate-graded default of the folder's scenario: what the answer rests on."""
    import yaml

    from itsim.analysis.assumptions import estimates, get_dotted, read_register

    names = [f"scenario-{record.get('base')}.yaml", *SCENARIO_FILES]
    found = [root / f for f in names if (root / f).is_file()]
    if not found:
        return section("assumptions", "Assumptions", note="No scenario file in this folder.")
    resolved = yaml.safe_load(found[0].read_text(encoding="utf-8"))
    try:
        rows = [
            [
                text(e.key),
                text(e.parameter),
                text(e.grade),
                text(fmt_plain(get_dotted(resolved, e.key))),
            ]
            for e in estimates(read_register(), resolved)
        ]
    except InputError as exc:
        return section("assumptions", "Assumptions", note=str(exc))
    intro = (
        "The defaults graded E (our estimate) in docs/assumptions.md that this scenario "
        "uses; itsim sensitivity shows which of them move the answer."
    )
    columns = ["key", "parameter", "grade", "value"]
    return section(
        "assumptions",
        "Assumptions the answer rests on",
        intro,
        [table(columns, rows, scroll=True, text_columns=columns[:3])],
    )


def _provenance(record: dict[str, Any]) -> dict[str, Any]:
    from itsim.experiment.outputs import package_versions

    facts = [
        ("command", record.get("command", "")),
        ("seed", record.get("seed", "")),
        ("runs", record.get("runs", "")),
        ("simulated years", record.get("simulated_years", "")),
        ("elapsed seconds", record.get("elapsed_seconds", "")),
        ("versions", ", ".join(f"{k} {v}" for k, v in package_versions().items())),
    ]
    rows = [[text(k), text(v)] for k, v in facts if v not in ("", None)]
    return section(
        "provenance", "How this answer was made", tables=[table(["", ""], rows, text_columns=[""])]
    )


def write_decision_report(root: Path, output: Path | None = None, xlsx: bool = False) -> Path:
    """Write ``report.html`` (and ``report.xlsx``) of a decision folder; return the HTML path."""
    target = output or root / "report.html"
    target.write_text(render_decision(root), encoding="utf-8")
    if xlsx:
        write_xlsx(root, target.with_suffix(".xlsx"))
    return target


def write_xlsx(root: Path, path: Path) -> Path:
    """The folder's tables, one sheet each, plus the decision record, in an Excel workbook."""
    record = load_record(root) if is_decision_folder(root) else {}
    flat = pd.DataFrame(
        [(k, json.dumps(v) if isinstance(v, (dict, list)) else v) for k, v in record.items()],
        columns=["field", "value"],
    )
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        if record:
            flat.to_excel(writer, sheet_name="decision", index=False)
        for name in TABLES:
            if (root / f"{name}.csv").is_file():
                pd.read_csv(root / f"{name}.csv").to_excel(writer, sheet_name=name, index=False)
        if not record and not any((root / f"{n}.csv").is_file() for n in TABLES):
            pd.DataFrame({"note": ["no tables"]}).to_excel(writer, sheet_name="empty")
    return path
