"""Executors never hang or linger: Dask address and connection checks, no-worker detection,
and process-pool workers that exit when the main process is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from itsim.errors import RunError
from itsim.experiment.dask_executor import DaskExecutor, wait_with_workers
from tests.hardening.helpers import SHORT_RUN, invoke

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("address", ["not-a-url", "tcp://", "http://host:8786", "host:port"])
def test_a_bad_scheduler_address_is_a_usage_error(tmp_path: Path, address: str):
    grid = ["--grid", "teams.desk.headcount=3,4"]
    args = ["sweep", "baseline", *SHORT_RUN[:-3], "--quiet", *grid, "--out", str(tmp_path)]
    outcome = invoke([*args, "--scheduler", address])  # was ValueError from distributed
    assert not outcome.crashed and outcome.exit_code == 2, outcome.stderr
    assert "tcp://HOST:PORT" in outcome.stderr


def test_an_unreachable_scheduler_fails_within_the_timeout():
    pytest.importorskip("dask.distributed")
    executor = DaskExecutor("tcp://127.0.0.1:9", connect_timeout_seconds=2)
    started = time.monotonic()
    with pytest.raises(RunError, match="cannot connect to the Dask scheduler"):
        executor.start()  # was an OSError traceback after 30 s
    assert time.monotonic() - started < 20


def test_waiting_stops_when_no_worker_is_left():
    def never_done(_seconds: float) -> set[object]:
        time.sleep(0.01)
        raise TimeoutError

    with pytest.raises(RunError, match=r"no workers for 0\.2 s"):
        wait_with_workers(never_done, lambda: 0, grace_seconds=0.2, poll_seconds=0.05)


def test_waiting_goes_on_while_workers_are_there():
    calls = []

    def done_on_third(_seconds: float) -> set[object]:
        calls.append(1)
        if len(calls) < 3:
            raise TimeoutError
        return {"future"}

    counts = iter([0, 1])  # a worker came back before the grace period ended
    result = wait_with_workers(done_on_third, lambda: next(counts), 10.0, poll_seconds=0.01)
    assert result == {"future"} and len(calls) == 3


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has exited


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process states from /proc")
def test_pool_workers_exit_when_the_main_process_is_killed(tmp_path: Path):
    script = (
        "from itsim.experiment.executors import ProcessExecutor\n"
        "from tests.hardening.workers import report_pid_and_sleep\n"
        f"with ProcessExecutor(2) as ex:\n"
        f"    list(ex.map_unordered(report_pid_and_sleep, [{str(tmp_path)!r}] * 2))\n"
    )
    main = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while len(list(tmp_path.glob("*.pid"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = [int(p.stem) for p in tmp_path.glob("*.pid")]
        assert len(workers) == 2, "the workers did not start"
        main.send_signal(signal.SIGKILL)
        main.wait()
        deadline = time.monotonic() + 15
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in workers), "workers outlived the main process"
    finally:
        main.kill()
        for pid in (int(p.stem) for p in tmp_path.glob("*.pid")):
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
