"""``itsim web`` as a service manager runs it: stopping the command stops the server it serves."""

from __future__ import annotations

import signal
import socket
import sys
import time
from pathlib import Path

import pytest

from tests.web.serving import itsim_web

pytest.importorskip("streamlit")

STOP_TIMEOUT_S = 30


def _answers(url: str) -> bool:
    host, port = url.removeprefix("http://").split(":")
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex((host, int(port))) == 0


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM and SIGHUP are POSIX signals")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_stopping_itsim_web_stops_its_server(tmp_path: Path, stop: signal.Signals) -> None:
    with itsim_web(tmp_path) as (url, command):
        assert _answers(url)
        command.send_signal(stop)  # to ``itsim web`` alone, as ``kill`` or systemd sends it
        command.wait(timeout=STOP_TIMEOUT_S)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while _answers(url) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _answers(url), "the Streamlit server outlived itsim web"
        assert command.returncode in (0, 128 + stop)
