"""``itsim web``: serve the Streamlit app (extra ``itsim[web]``)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

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
    try:
        done = subprocess.run(streamlit_command(host, port, browser), env=env, check=False)
    except KeyboardInterrupt:
        return
    sys.exit(done.returncode)
