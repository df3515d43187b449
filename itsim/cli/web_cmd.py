"""``itsim web``: serve the Streamlit app (extra ``itsim[web]``)."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import click

APP = Path(__file__).resolve().parent.parent / "web" / "app.py"
WEB_MISSING = "itsim web needs the optional extra: pip install 'itsim[web]' (streamlit is missing)"


def streamlit_command(host: str, port: int, open_browser: bool) -> list[str]:
    """The ``streamlit run`` command line that serves the app."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", host,
        "--server.port", str(port),
        "--server.headless", "false" if open_browser else "true",
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (0.0.0.0 serves other machines too).",
)
@click.option(
    "--port",
    "-p",
    type=click.IntRange(1, 65535),
    default=8501,
    show_default=True,
    help="Port to listen on.",
)
@click.option(
    "--browser/--no-browser",
    default=True,
    show_default=True,
    help="Open the app in a browser once it is served.",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1),
              help="Worker processes for the simulations (default: every core).")  # fmt: skip
def web(host: str, port: int, browser: bool, jobs: int | None) -> None:
    """Serve the web app: scenarios, levers, KPI cards against the base, and the teaching lab."""
    if importlib.util.find_spec("streamlit") is None:
        raise click.ClickException(WEB_MISSING)
    env = {**os.environ, "ITSIM_WEB_JOBS": str(jobs)} if jobs is not None else None
    click.echo(f"itsim web: serving http://{host}:{port} (Ctrl-C stops it)")
    server = subprocess.Popen(streamlit_command(host, port, browser), env=env)
    with passed_on_to(server):
        try:
            code = server.wait()
        except KeyboardInterrupt:  # the server got the same Ctrl-C: let it shut down
            server.wait()
            return
    sys.exit(128 - code if code < 0 else code)  # ended by a signal: the shell's 128 + N


#: Signals that end ``itsim web`` and must end its server too: ``kill``, a service manager's
#: stop (SIGTERM) and a closed terminal (SIGHUP). Ctrl-C reaches the server by itself.
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def passed_on_to(server: subprocess.Popen[bytes]) -> Iterator[None]:
    """While the block runs, a stop signal to this process stops ``server`` as well.

    Without it, ``kill`` on ``itsim web`` ended only this process and left the Streamlit
    server running, holding its port, with no parent to stop it.
    """

    def stop(signum: int, _frame: FrameType | None) -> None:
        server.terminate()  # server.wait() in the block then returns its exit code

    previous = {number: signal.signal(number, stop) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
