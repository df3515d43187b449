"""The Python API: inputs, results, executors, and scripts without a ``__main__`` guard."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pandas as pd
import pytest

import itsim
from itsim.api.inputs import flatten, resolve_scenario
from itsim.api.spawn_safe import ScriptSafeProcessExecutor, main_module_hidden
from itsim.errors import InputError
from tests.conftest import ROOT, make_scenario


def test_overrides_dotted_or_nested_give_the_same_scenario() -> None:
    dotted = resolve_scenario("baseline", {"teams.desk.headcount": 11, "horizon_days": 30})
    nested = resolve_scenario("baseline", {"teams": {"desk": {"headcount": 11}},
                                           "horizon_days": 30})  # fmt: skip
    assert dotted == nested
    assert dotted.teams["desk"].headcount == 11
    assert flatten({"a": {"b": 1}, "c.d": 2}) == {"a.b": 1, "c.d": 2}


def test_a_scenario_object_is_copied_not_changed() -> None:
    tiny = make_scenario()
    changed = resolve_scenario(tiny, {"teams.desk.headcount": 5})
    assert changed.teams["desk"].headcount == 5
    assert tiny.teams["desk"].headcount == 3


def test_a_bad_override_names_the_key() -> None:
    with pytest.raises(InputError) as info:
        resolve_scenario("baseline", {"teams.desk.headcount": -1})
    assert info.value.key == "teams.desk.headcount"
    assert str(info.value).startswith("baseline: teams.desk.headcount:")


def test_results_do_not_depend_on_the_number_of_workers() -> None:
    serial = itsim.run(make_scenario(), reps=3, jobs=1)
    parallel = itsim.run(make_scenario(), reps=3, jobs=2)
    pd.testing.assert_frame_equal(serial.runs, parallel.runs)
    pd.testing.assert_frame_equal(serial.summary, parallel.summary)


def test_summary_carries_labels_and_intervals() -> None:
    result = itsim.run(make_scenario(), reps=4, jobs=1)
    wait = result.kpi("wait_hours_mean")
    values = result.runs["wait_hours_mean"]
    assert wait.mean == pytest.approx(values.mean())
    assert wait.lower < wait.mean < wait.upper
    assert wait.n == 4
    row = result.summary.set_index("kpi").loc["utilisation_desk"]
    assert row["label"] == "utilisation desk (busy/paid)"
    with pytest.raises(KeyError, match="no KPI 'nope'"):
        result.kpi("nope")


def test_progress_is_reported_for_every_run() -> None:
    seen: list[tuple[int, int]] = []
    itsim.run(
        make_scenario(), reps=3, jobs=1, progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_a_callers_executor_stays_open_for_the_next_call() -> None:
    executor = ScriptSafeProcessExecutor(2)
    try:
        first = itsim.run(make_scenario(), reps=2, executor=executor)
        assert executor._pool is not None  # the warm pool survived the call
        again = itsim.run(make_scenario(), reps=2, executor=executor)
    finally:
        executor.close()
    pd.testing.assert_frame_equal(first.runs, again.runs)


def test_html_view_of_a_comparison_marks_clear_differences() -> None:
    comparison = itsim.compare(
        make_scenario(), variants={"desk 6": {"teams.desk.headcount": 6}}, reps=4, jobs=1
    )
    delta = comparison.delta("wait_hours_mean", "desk 6")
    assert delta.upper < 0  # twice the desk: shorter waits on the same tickets
    page = comparison._repr_html_()
    assert "desk 6" in page and "Δ desk 6 vs tiny" in page
    assert " *" in page


def test_run_replications_is_the_tables_of_run() -> None:
    tables = itsim.run_replications(make_scenario(), reps=2, jobs=1)
    pd.testing.assert_frame_equal(tables["runs"], itsim.run(make_scenario(), reps=2).runs)


def test_main_module_is_put_back_after_hiding() -> None:
    main = sys.modules["__main__"]
    before = (getattr(main, "__file__", None), main.__spec__)
    with main_module_hidden(), main_module_hidden():
        assert not hasattr(main, "__file__")
        assert main.__spec__ is None
    assert (getattr(main, "__file__", None), main.__spec__) == before


def test_a_script_without_main_guard_runs_on_two_workers(tmp_path) -> None:
    script = tmp_path / "unguarded.py"
    script.write_text(
        textwrap.dedent("""
        import itsim
        result = itsim.run("baseline", {"horizon_days": 14, "warmup_days": 0}, reps=2, jobs=2)
        print("reps", len(result.runs))
    """)
    )
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=300, env=env, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "reps 2"
