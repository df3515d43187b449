"""Serve ``itsim web`` from a test: a free port, a started server, and a wait until it answers."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT

START_TIMEOUT_S = 180


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, server: subprocess.Popen) -> None:
    """Return once the app answers its health check; fail if ``server`` exits or times out."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"itsim web exited early with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"itsim web did not answer on {url} within {START_TIMEOUT_S} s")


@contextlib.contextmanager
def itsim_web(home: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """``itsim web`` on a free port of 127.0.0.1 (its URL and process), stopped when the block
    ends, together with anything it left running (it runs in a process group of its own)."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(home)}
    with (home / "server.log").open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "itsim", "web", "--port", str(port), "--no-browser"],
            cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=sys.platform != "win32",
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, server)
            yield url, server
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
            if sys.platform != "win32":
                with contextlib.suppress(ProcessLookupError):  # none left: the usual case
                    os.killpg(server.pid, signal.SIGKILL)
