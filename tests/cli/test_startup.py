"""Start-up and exit of the command line: commands load lazily; shell runs exit cleanly."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from itsim.cli import COMMANDS, main
from itsim.experiment.process_env import BLAS_THREAD_VARIABLES
from tests.conftest import ROOT


def _python(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_every_lazy_command_resolves_to_its_name() -> None:
    ctx = click.Context(main)
    for name in COMMANDS:
        command = main.get_command(ctx, name)
        assert isinstance(command, click.Command) and command.name == name


def test_starting_the_cli_imports_no_command_and_no_heavy_library() -> None:
    probe = (
        "import sys, itsim.cli; "
        "print(' '.join(m for m in sys.modules if m.split('.')[0] in "
        "('pandas', 'scipy', 'matplotlib', 'simpy') or m.endswith('_cmd')))"
    )
    result = _python("-c", probe)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_one_replication_run_never_imports_scipy_stats(tmp_path: Path) -> None:
    result = _python(
        "-X", "importtime", "-m", "itsim", "run", "validation/mmc", "--days", "3",
        "--warmup-days", "0", "--reps", "1", "--jobs", "1", "--quiet", "--out", str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert re.search(r"\|\s+itsim\.experiment\.runner$", result.stderr, re.M)  # a real log
    assert "scipy.stats" not in result.stderr and "itsim.cli.calibrate_cmd" not in result.stderr


def test_shell_run_exits_zero_with_its_output_and_files(tmp_path: Path) -> None:
    result = _python(
        "-m", "itsim", "run", "validation/mmc", "--days", "3", "--warmup-days", "0",
        "--reps", "1", "--jobs", "1", "--quiet", "--tables", "--out", str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith(f"wrote {tmp_path}/")
    assert (tmp_path / "runs.csv").is_file() and (tmp_path / "tickets.parquet").is_file()


def test_shell_bad_input_still_exits_2_with_one_line(tmp_path: Path) -> None:
    result = _python("-m", "itsim", "validate", str(tmp_path / "missing.yaml"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "missing.yaml" in result.stderr


def test_shell_usage_error_exits_2() -> None:
    result = _python("-m", "itsim", "no-such-command")
    assert result.returncode == 2 and "No such command" in result.stderr


def test_the_cli_has_arrow_allocate_with_the_c_library_unless_told_otherwise() -> None:
    import os

    probe = "import itsim.cli, pyarrow; print(pyarrow.default_memory_pool().backend_name)"
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    chosen = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=300)  # fmt: skip
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout.strip() == "system"
    env["ARROW_DEFAULT_MEMORY_POOL"] = "mimalloc"  # the user's choice wins
    kept = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)  # fmt: skip
    assert kept.stdout.strip() == "mimalloc"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc")
def test_the_cli_keeps_blas_on_the_calling_thread_unless_told_otherwise() -> None:
    """numpy's and scipy's OpenBLAS start no threads of their own under the command line."""
    import os

    probe = (
        "import os, itsim.cli, numpy; from scipy import special; "
        "print(len(os.listdir('/proc/self/task')))"
    )
    env = {k: v for k, v in os.environ.items() if k not in BLAS_THREAD_VARIABLES}
    alone = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           env=env, cwd=ROOT, timeout=300)  # fmt: skip
    assert alone.returncode == 0, alone.stderr
    assert alone.stdout.strip() == "1"
    if (os.cpu_count() or 1) > 1:  # with one CPU, OpenBLAS starts no thread either way
        env["OPENBLAS_NUM_THREADS"] = "2"  # the user's choice wins
        chosen = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                env=env, cwd=ROOT, timeout=300)  # fmt: skip
        assert int(chosen.stdout.strip()) > 1
