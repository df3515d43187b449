"""What every page shares: the sidebar settings, the warm pool, the cache and the runner with
its progress bar. Streamlit is imported here and in the page modules only.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from itsim.api import Result
from itsim.api.inputs import resolve_scenario
from itsim.api.spawn_safe import Executor
from itsim.config.schema import Scenario
from itsim.web.engine import ResultCache, cached_run, make_pool


@st.cache_resource(show_spinner=False)
def pool() -> Executor:
    """One warm worker pool for every session of this server."""
    executor = make_pool()
    executor.start()
    return executor


@st.cache_resource(show_spinner=False)
def cache() -> ResultCache:
    """One result cache for every session of this server."""
    return ResultCache()


@dataclass(frozen=True)
class Settings:
    """How much to simulate: replications, days (None: the scenario's) and seed (None: its)."""

    reps: int
    days: int | None
    seed: int | None


def sidebar_settings() -> Settings:
    """The replications, horizon and seed controls in the sidebar."""
    st.sidebar.header("Simulation")
    reps = st.sidebar.slider(
        "Replications",
        2,
        30,
        10,
        key="reps",
        help="Independent runs of the year; the CIs narrow with more.",
    )
    days = st.sidebar.number_input(
        "Days simulated", 14, 3650, value=None, key="days", placeholder="the scenario's (a year)"
    )
    seed = st.sidebar.number_input("Seed", 0, 2**31 - 1, value=None, key="seed",
                                   placeholder="the scenario's")  # fmt: skip
    return Settings(int(reps), int(days) if days else None, int(seed) if seed is not None else None)


def horizon_overrides(scenario: Scenario, days: int | None) -> dict[str, Any]:
    """``horizon_days`` (and a warm-up that still fits) when the user shortened the run."""
    if days is None or days == scenario.horizon_days:
        return {}
    return {"horizon_days": days, "warmup_days": min(scenario.warmup_days, days // 4)}


def load(source: str | Path, days: int | None) -> Scenario:
    """The scenario at ``source`` with the sidebar's horizon applied."""
    scenario = resolve_scenario(source)
    return resolve_scenario(scenario, horizon_overrides(scenario, days))


def uploaded_path(upload: Any) -> Path:
    """Save an uploaded scenario file so that it loads like any other (``extends:`` of a
    bundled scenario works)."""
    folder = Path(tempfile.mkdtemp(prefix="itsim-upload-"))
    path = folder / Path(upload.name).name
    path.write_bytes(upload.getvalue())
    return path


def run_arms(base: Scenario, variant: Scenario | None, settings: Settings) -> dict[str, Any]:
    """Run (or fetch from the cache) the base and the variant on the same seeds, drawing a
    progress bar while replications run; returns the results and the seconds it took."""
    seed = settings.seed if settings.seed is not None else base.seed
    bar = st.progress(0.0, text="starting")
    arms = [("base", base)] + ([("variant", variant)] if variant is not None else [])
    results: dict[str, Any] = {}
    started = time.perf_counter()
    for index, (name, scenario) in enumerate(arms):

        def show(done: int, total: int, name: str = name, index: int = index) -> None:
            share = (index + done / total) / len(arms)
            bar.progress(share, text=f"{name}: replication {done} of {total}")

        results[name] = cached_run(cache(), scenario, seed, settings.reps, pool(), progress=show)
    bar.empty()
    results["seconds"] = time.perf_counter() - started
    return results


def cached_logged(scenario: Scenario, seed: int) -> Result:
    """Replication 0 of ``scenario`` with its event log (for the animation), cached."""
    return cached_run(cache(), scenario, seed, 1, pool(), event_log=True)


def result_or_none(results: dict[str, Any], name: str) -> Result | None:
    """One arm's result from :func:`run_arms`, or None."""
    found = results.get(name)
    return found if isinstance(found, Result) else None
