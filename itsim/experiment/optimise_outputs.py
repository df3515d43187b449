"""The folder an optimisation writes: trials.csv, finalists.csv, best.yaml and decision.json.

``decision.json`` is what the decision report and scripts read: the question, the status
(``recommended`` or ``unreachable``), the pick with its KPIs, the candidates tied with it, the
binding (or failing) target, the probability of meeting each target, and the cost of the answer
(runs, simulated years, seconds).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from itsim.config.load import scenario_to_yaml
from itsim.experiment.candidates import Candidate
from itsim.experiment.optimise import OptimiseResult
from itsim.experiment.outputs import write_frame
from itsim.experiment.ranking import share_meeting
from itsim.experiment.selection import feasible
from itsim.experiment.store import write_json, write_text


def candidate_rows(
    candidates: Sequence[tuple[int, Candidate]], result: OptimiseResult, reps: int
) -> pd.DataFrame:
    """One row per (trial, candidate): varied values, each KPI's mean and CI, feasible."""
    spec = result.spec
    rows = []
    for number, cand in candidates:
        row: dict[str, Any] = {"trial": number, "candidate": cand.label, **cand.params,
                               "reps": min(reps, cand.reps)}  # fmt: skip
        for kpi in spec.tracked_kpis():
            if kpi in cand.kpis:
                row[f"{kpi}_mean"] = cand.mean(kpi, reps)
                row[f"{kpi}_half_width"] = cand.half_width(kpi, reps)
        for target in spec.targets:
            row[f"p_met[{target}]"] = share_meeting(cand.values(target.kpi, reps), target)
        row["feasible"] = "yes" if feasible(cand, spec.targets, reps) else "no"
        rows.append(row)
    return pd.DataFrame(rows)


def decision_record(result: OptimiseResult, base_name: str, command: str) -> dict[str, Any]:
    """The decision.json content of an optimisation."""
    spec, sel = result.spec, result.selection
    pick = sel.pick
    reps = sel.final_reps
    kpis = {k: {"mean": pick.mean(k, reps), "half_width": pick.half_width(k, reps)}
            for k in spec.tracked_kpis() if k in pick.kpis}  # fmt: skip
    return {
        "kind": "optimise",
        "command": command,
        "base": base_name,
        "question": question_text(result),
        "status": sel.status,
        "recommendation" if sel.status == "recommended" else "closest": {
            "candidate": pick.label, "params": pick.params, "kpis": kpis},
        "tied_with_pick": sel.tied,
        "pareto_front": [c.label for c in sel.front],
        "binding_target": sel.binding,
        "at_range_edge": range_edges(result),
        "failing_targets": [str(t) for t in sel.failing],
        "p_target_met": sel.p_met,
        "confidence_mean_meets_target": sel.confidence,
        "objectives": [str(o) for o in spec.objectives],
        "targets": [str(t) for t in spec.targets],
        "search_reps": spec.reps,
        "horizon_days": result.pick_scenario.horizon_days,
        "final_reps": sel.final_reps,
        "trials": len(result.trials),
        "distinct_candidates": len({c.label for _n, c in result.trials}),
        "runs": result.runs,
        "simulated_years": round(result.simulated_years, 2),
        "elapsed_seconds": round(result.elapsed_seconds, 1),
        "seed": spec.seed,
    }  # fmt: skip


def range_edges(result: OptimiseResult) -> list[str]:
    """The varied keys whose picked value sits at an end of its range (widen it to see)."""
    edges = []
    for var in result.spec.variables:
        value = result.selection.pick.params.get(var.key)
        if var.kind != "choice" and value in (var.low, var.high):
            edges.append(f"{var.key}={value} ({'low' if value == var.low else 'high'} end)")
    return edges


def periods_text(record: dict[str, Any]) -> str:
    """What the finalists' replications are: simulated years, or periods of the horizon."""
    days, reps = record.get("horizon_days", 365), record["final_reps"]
    if days is not None and 360 <= days <= 366:
        return f"{reps} simulated years"
    return f"{reps} replications of {days} days"


def question_text(result: OptimiseResult) -> str:
    """The question in words: objectives, targets and the varied keys."""
    spec = result.spec
    varied = "; ".join(
        f"{v.key} in {int(v.low)}..{int(v.high)}" if v.kind == "int"
        else f"{v.key} in {v.low:g}..{v.high:g}" if v.kind == "float"
        else f"{v.key} in {{{', '.join(map(str, v.choices))}}}"
        for v in spec.variables
    )  # fmt: skip
    goal = " and ".join(str(o) for o in spec.objectives)
    subject = f" subject to {', '.join(map(str, spec.targets))}" if spec.targets else ""
    return f"{goal}{subject}, varying {varied}"


def write_optimisation(out_dir: Path, result: OptimiseResult, command: str) -> dict[str, Any]:
    """Write every file of the folder and return the decision record."""
    sel = result.selection
    write_frame(out_dir / "trials.csv", candidate_rows(result.trials, result, result.spec.reps))
    finalists = [(-1, c) for c in sel.finalists] or [(-1, sel.pick)]
    frame = candidate_rows(finalists, result, sel.final_reps)
    frame["pick"] = frame["candidate"] == sel.pick.label
    frame["tied_with_pick"] = frame["candidate"].isin(sel.tied)
    write_frame(out_dir / "finalists.csv", frame.drop(columns="trial"))
    name = "best.yaml" if sel.status == "recommended" else "closest.yaml"
    write_text(out_dir / name, scenario_to_yaml(result.pick_scenario))
    record = decision_record(result, result.base_name, command)
    write_json(out_dir / "decision.json", record)
    return record
