"""How many replications a KPI needs: the sequential procedure of Hoad, Robinson & Davies
(2010), on runs already made or run batch by batch until every KPI meets its target.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from itsim.analysis.output import replications_needed
from itsim.config.schema import Scenario
from itsim.experiment.executors import Executor
from itsim.experiment.runner import RunTask, run_task


def needed_from_runs(
    runs: pd.DataFrame, targets: Mapping[str, float], confidence: float = 0.95
) -> pd.DataFrame:
    """Replications needed per variant (scenario, point) and KPI, from a runs table.

    Returns columns scenario, point, kpi, target, have, needed (NaN when the replications at
    hand do not yet confirm the target), mean, rel_half_width (after all replications).
    """
    rows = []
    for (scenario, point), group in runs.sort_values("rep").groupby(["scenario", "point"]):
        for kpi, target in targets.items():
            result = replications_needed(group[[kpi]], target, confidence)
            last = result.history.iloc[-1] if len(result.history) else None
            rows.append(
                {
                    "scenario": scenario,
                    "point": point,
                    "kpi": kpi,
                    "target": target,
                    "have": len(group),
                    "needed": result.per_kpi[kpi],
                    "mean": None if last is None else last["mean"],
                    "rel_half_width": None if last is None else last["rel_half_width"],
                }
            )
    return pd.DataFrame(rows)


def run_until_precise(
    scenario: Scenario,
    seed: int,
    targets: Mapping[str, float],
    executor: Executor,
    max_reps: int = 100,
    batch: int = 2,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run replications in batches until every KPI in ``targets`` is confirmed, or ``max_reps``.

    Returns the runs table made and the :func:`needed_from_runs` table.
    """
    frames: list[pd.DataFrame] = []
    rep = 0
    with executor:
        while rep < max_reps:
            size = min(batch, max_reps - rep)
            tasks = [RunTask(scenario, seed, r) for r in range(rep, rep + size)]
            frames += [
                result.tables["runs"] for _t, result in executor.map_unordered(run_task, tasks)
            ]
            rep += size
            runs = pd.concat(frames, ignore_index=True).sort_values("rep", ignore_index=True)
            needed = needed_from_runs(runs, targets)
            if needed["needed"].notna().all():
                break
    return runs, needed
