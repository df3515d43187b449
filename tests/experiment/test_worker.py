"""Worker processes that skip interpreter teardown keep their exit codes and their output."""

from __future__ import annotations

import sys

import pytest

from itsim.experiment.executors import ProcessExecutor
from itsim.experiment.worker import QuickExitSpawnProcess, worker_context


def _print_unflushed(text: str) -> None:
    sys.stdout.write(text)  # no flush: the quick exit must still deliver it


def _exit_with(code: int) -> None:
    raise SystemExit(code)


def _fail() -> None:
    raise ValueError("a bug in the worker")


def _square(x: int) -> int:
    return x * x


@pytest.mark.parametrize(("target", "args", "code"), [
    (_print_unflushed, ("from the worker",), 0),
    (_exit_with, (3,), 3),
    (_fail, (), 1),
])  # fmt: skip
def test_quick_exit_keeps_the_exit_code_and_flushes(capfd, target, args, code) -> None:
    process = worker_context("spawn").Process(target=target, args=args)
    assert isinstance(process, QuickExitSpawnProcess)
    process.start()
    process.join(timeout=60)
    assert process.exitcode == code
    if args and isinstance(args[0], str):
        assert args[0] in capfd.readouterr().out


def test_pool_of_quick_exit_workers_returns_every_result_and_stops() -> None:
    executor = ProcessExecutor(jobs=2)
    with executor:
        pool = executor._pool
        results = dict(executor.map_unordered(_square, range(6)))
        workers = list(pool._processes.values())  # type: ignore[union-attr]
    assert results == {x: x * x for x in range(6)}
    assert workers and all(w.exitcode == 0 for w in workers)


def test_workers_fork_only_from_a_single_threaded_linux_process(monkeypatch) -> None:
    import threading

    from itsim.experiment import executors

    for name in executors.ARROW_IO_MODULES:  # as if this process had done no Arrow file I/O
        monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.setattr(executors.sys, "platform", "linux")
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert executors.default_start_method() == "fork"
    monkeypatch.setattr(threading, "active_count", lambda: 3)  # a notebook, a web server
    assert executors.default_start_method() == "spawn"
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", object())  # Arrow has done file I/O
    assert executors.default_start_method() == "spawn"
    monkeypatch.delitem(sys.modules, "pyarrow.parquet")
    monkeypatch.setattr(executors.sys, "platform", "darwin")
    assert executors.default_start_method() == "spawn"
