"""The HTML report: every section present, figures embedded, works on sweeps and on runs."""

from __future__ import annotations

import base64
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from itsim.analysis.report import write_report
from itsim.analysis.report_data import pareto_variants
from itsim.cli import main
from itsim.experiment.executors import SerialExecutor
from itsim.experiment.plan import plan_from_experiment
from itsim.experiment.store import ResultStore
from itsim.experiment.sweep import run_sweep
from tests.conftest import TINY

SECTIONS = (
    "kpis",
    "sla-cost",
    "trajectories",
    "backlog",
    "utilisation",
    "response",
    "ranking",
    "about",
)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class ReportParser(HTMLParser):
    """Collects, per section id: images, table rows, notes and headings."""

    def __init__(self) -> None:
        super().__init__()
        self.section: str | None = None
        self.found: dict[str, dict[str, list]] = {}
        self.external: list[str] = []
        self._in_note = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "section":
            self.section = attr["id"]
            self.found[self.section] = {"img": [], "tr": [], "note": []}
        if tag in ("link", "script") or (tag == "img" and not str(attr["src"]).startswith("data:")):
            self.external.append(tag)
        if self.section is None:
            return
        if tag == "img":
            self.found[self.section]["img"].append(attr["src"])
        elif tag == "tr":
            self.found[self.section]["tr"].append(attr.get("class"))
        elif tag == "p" and attr.get("class") == "note":
            self._in_note = True

    def handle_data(self, data: str) -> None:
        if self._in_note and self.section:
            self.found[self.section]["note"].append(data)
            self._in_note = False


def parse(path: Path) -> ReportParser:
    parser = ReportParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def assert_png(src: str) -> None:
    prefix = "data:image/png;base64,"
    assert src.startswith(prefix)
    assert base64.b64decode(src[len(prefix) :]).startswith(PNG_MAGIC)


@pytest.fixture(scope="module")
def sweep_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished two-arm sweep over desk headcount, plus a staff_daily table per run."""
    folder = tmp_path_factory.mktemp("sweep")
    (folder / "tiny.yaml").write_text(yaml.safe_dump({**TINY, "horizon_days": 35}))
    experiment = {
        "name": "tiny_curve",
        "base": "tiny.yaml",
        "arms": {"now": {}, "fast": {"flow.first_contact_resolution": 0.9}},
        "grid": {"factorial": {"teams.desk.headcount": [2, 3, 4]}},
        "replications": 3,
        "seed": 5,
    }
    path = folder / "exp.yaml"
    path.write_text(yaml.safe_dump(experiment))
    with SerialExecutor() as executor:
        run_sweep(plan_from_experiment(path), folder / "out", executor, quiet=True)
    return folder / "out"


def add_staff_daily(root: Path) -> None:
    """Give every stored run a staff_daily table, as the people model would write."""
    store = ResultStore(root)
    runs = store.read_table("runs")
    for row in runs.itertuples(index=False):
        days = np.arange(35)
        staff = pd.DataFrame(
            {
                "scenario": row.scenario,
                "point": row.point,
                "rep": row.rep,
                "person": "desk.1",
                "team": "desk",
                "day": days,
                "energy": 1.0 - days / 100.0,
            }
        )
        record = next(
            r
            for r in store.run_records()
            if r["meta"]["point"] == row.point
            and r["meta"]["rep"] == row.rep
            and r["meta"]["scenario"] == row.scenario
        )
        tables = {
            name: pd.read_parquet(root / "tables" / name / f"{record['run_key']}.parquet")
            for name in record["tables"]
        }
        store.write_run(record["run_key"], {**tables, "staff_daily": staff}, record["meta"])


def test_sweep_report_has_every_section_figure_and_table(sweep_dir: Path) -> None:
    parsed = parse(write_report(sweep_dir))
    assert parsed.external == []  # opens offline: nothing to fetch
    assert tuple(parsed.found) == SECTIONS
    for section in ("sla-cost", "trajectories", "backlog", "response"):
        assert parsed.found[section]["img"], section
    for images in parsed.found.values():
        for src in images["img"]:
            assert_png(src)
    assert len(parsed.found["utilisation"]["img"]) == 2  # by team, by hour of week
    assert len(parsed.found["kpis"]["tr"]) == 1 + 6  # header + 2 arms x 3 points
    assert "pareto" in parsed.found["kpis"]["tr"]
    assert len(parsed.found["ranking"]["tr"]) == 3 * (1 + 6)  # three KPIs ranked
    notes = " ".join(parsed.found["trajectories"]["note"])
    assert "Burnout trajectory not available" in notes


def test_burnout_figure_appears_when_staff_daily_exists(sweep_dir: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "with_staff"
    shutil.copytree(sweep_dir, copy)
    add_staff_daily(copy)
    parsed = parse(write_report(copy, tmp_path / "r.html"))
    assert len(parsed.found["trajectories"]["img"]) == 2
    assert parsed.found["trajectories"]["note"] == []


def test_report_of_an_itsim_run_folder(tmp_path: Path) -> None:
    scenario = tmp_path / "tiny.yaml"
    scenario.write_text(yaml.safe_dump({**TINY, "horizon_days": 28}))
    out = tmp_path / "run"
    runner = CliRunner()
    done = runner.invoke(
        main, ["run", str(scenario), "--reps", "2", "--jobs", "1", "-q", "--out", str(out)]
    )
    assert done.exit_code == 0, done.output
    result = runner.invoke(main, ["report", str(out)])
    assert result.exit_code == 0, result.output
    parsed = parse(out / "report.html")
    assert tuple(parsed.found) == SECTIONS
    assert len(parsed.found["kpis"]["tr"]) == 2
    assert len(parsed.found["utilisation"]["img"]) == 2
    assert parsed.found["backlog"]["img"] and parsed.found["sla-cost"]["img"]
    assert "Not applicable" in " ".join(parsed.found["response"]["note"])
    assert "Not applicable" in " ".join(parsed.found["ranking"]["note"])


def test_report_of_a_folder_without_results_is_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", str(tmp_path)])
    assert result.exit_code == 2
    assert "not an itsim run or sweep output folder" in result.output


def test_pareto_keeps_exactly_the_undominated_variants() -> None:
    means = {"a": (100, 0.90), "b": (120, 0.95), "c": (130, 0.94), "d": (100, 0.85), "e": (90, 0.8)}
    rows = [
        (v, kpi, m)
        for v, (cost, sla) in means.items()
        for kpi, m in (("annual_cost_usd", cost), ("sla_resolve_all", sla))
    ]
    summary = pd.DataFrame(rows, columns=["variant", "kpi", "mean"])
    assert pareto_variants(summary, list(means)) == ["e", "a", "b"]
