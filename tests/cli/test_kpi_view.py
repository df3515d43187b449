"""``--kpi`` chooses what run, compare and sweep print; ``--json`` prints it for scripts."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from itsim.cli import main
from tests.conftest import TINY

SHORT = ["--days", "21", "--warmup-days", "7", "--reps", "2", "--jobs", "1", "-q"]


def _tiny(tmp_path: Path) -> str:
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(TINY), encoding="utf-8")
    return str(path)


def test_run_json_lists_only_the_chosen_kpis(tmp_path: Path, runner):
    args = ["run", _tiny(tmp_path), *SHORT, "--out", str(tmp_path / "o"), "--json",
            "--kpi", "sla_resolve_all,annual_cost_usd"]  # fmt: skip
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert [row["kpi"] for row in document["summary"]] == ["sla_resolve_all", "annual_cost_usd"]
    assert document["replications"] == 2


def test_compare_prints_the_chosen_kpis_and_json_has_deltas(tmp_path: Path, runner):
    tiny = _tiny(tmp_path)
    text = runner.invoke(main, ["compare", tiny, tiny, *SHORT, "--kpi", "annual_cost_usd"])
    assert text.exit_code == 0, text.output
    assert "cost per year" in text.output and "SLA attainment" not in text.output
    data = runner.invoke(main, ["compare", tiny, tiny, *SHORT, "--json"])
    document = json.loads(data.output)
    assert document["arms"] == ["tiny", "tiny-2"] and document["deltas"]


def test_an_unknown_kpi_is_one_line_naming_it(tmp_path: Path, runner):
    result = runner.invoke(main, ["run", _tiny(tmp_path), *SHORT, "--out", str(tmp_path / "o"),
                                  "--kpi", "sla_nope"])  # fmt: skip
    assert result.exit_code == 2 and result.output.startswith("error: --kpi: sla_nope")
