"""Run the command line in-process and classify how it ended (exit code, one line, traceback)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from click.testing import CliRunner

from itsim.cli import main
from itsim.errors import MAX_MESSAGE_CHARS

#: Longest line on stderr: ``error: `` + the message (click's ``Error: `` lines alike).
MAX_LINE_CHARS = len("error: ") + MAX_MESSAGE_CHARS
SHORT_RUN = ["--days", "2", "--warmup-days", "0", "--reps", "1", "--jobs", "1", "--quiet"]


@dataclass(frozen=True)
class Outcome:
    """How one command ended."""

    exit_code: int
    stdout: str
    stderr: str
    crashed: bool  # an exception escaped the command line's error boundary

    @property
    def error_lines(self) -> list[str]:
        """The ``error:`` lines on stderr."""
        return [line for line in self.stderr.splitlines() if line.startswith("error:")]


def invoke(args: Sequence[str]) -> Outcome:
    """Run ``itsim ARGS`` in this process and return how it ended."""
    result = CliRunner().invoke(main, list(args))
    escaped = result.exception is not None and not isinstance(result.exception, SystemExit)
    stderr = result.stderr if result.stderr_bytes is not None else ""
    return Outcome(result.exit_code, result.stdout, stderr, escaped or "Traceback" in stderr)


def assert_clean_failure(outcome: Outcome, exit_code: int = 2, *needles: str) -> str:
    """The command failed with ``exit_code`` and one short ``error:`` line holding ``needles``."""
    assert not outcome.crashed, outcome.stderr
    assert outcome.exit_code == exit_code, (outcome.exit_code, outcome.stderr)
    lines = outcome.error_lines
    assert len(lines) == 1, outcome.stderr
    assert len(lines[0]) <= MAX_LINE_CHARS, len(lines[0])
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]
