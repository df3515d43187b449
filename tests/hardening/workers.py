"""Tasks for worker-process tests (importable by spawned workers)."""

from __future__ import annotations

import os
import time
from pathlib import Path


def report_pid_and_sleep(folder: str) -> int:
    """Write this worker's pid into ``folder`` and sleep long enough to be killed first."""
    (Path(folder) / f"{os.getpid()}.pid").write_text("")
    time.sleep(120)
    return os.getpid()
