"""Errors that reach the user as one line: ``file: key: problem``."""

from __future__ import annotations


class InputError(Exception):
    """Bad user input, reported without a traceback and with exit code 2.

    Parameters
    ----------
    file : str
        The file the problem is in (or ``"--set"`` / ``"<input>"``).
    key : str
        The dotted key that is wrong, or ``""`` when the whole file is wrong.
    message : str
        What is wrong, in words a scenario author understands.
    """

    def __init__(self, file: str, key: str, message: str) -> None:
        self.file = file
        self.key = key
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.key, self.message) if p]
        return ": ".join(parts)
