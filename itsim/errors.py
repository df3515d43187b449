"""Errors that reach the user as one line: ``file: key: problem``.

:class:`InputError` is bad input (exit code 2); :class:`OutputError` is a folder or file the
results cannot be written to (exit 2 for a bad path, 1 when the system fails, e.g. a full disk).
Both keep their line short: a value is echoed with at most :data:`MAX_ECHO_CHARS` characters,
whatever the user gave.
"""

from __future__ import annotations

import errno

#: Characters of a user's value echoed in a message (the rest is elided).
MAX_ECHO_CHARS = 80
#: Characters of a file name, and of a dotted key, in a message.
MAX_NAME_CHARS = 120
#: Characters of the whole ``file: key: problem`` line (the problem is cut to fit).
MAX_MESSAGE_CHARS = 400
EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1
#: OS errors that mean the path itself is wrong (the user can fix it), not the system.
BAD_PATH_ERRNOS = frozenset({
    errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EEXIST, errno.EACCES, errno.EPERM,
    errno.EROFS, errno.ENAMETOOLONG, errno.ELOOP, errno.EINVAL, errno.ENOTEMPTY,
})  # fmt: skip


def shorten(text: str, limit: int = MAX_ECHO_CHARS, keep_end: bool = False) -> str:
    """``text`` cut to about ``limit`` characters, marking the cut and how much was left out.

    ``keep_end`` keeps the end instead of the start (the informative part of a path).
    """
    if len(text) <= limit:
        return text
    keep = max(limit - 25, 10)
    if keep_end:
        return f"({len(text) - keep} chars)...{text[-keep:]}"
    return f"{text[:keep]}... ({len(text) - keep} more chars)"


def show(value: object, limit: int = MAX_ECHO_CHARS) -> str:
    """A short ``repr`` of a user's value for a message (never raises, never huge)."""
    if isinstance(value, (list, tuple, dict, set)) and len(value) > limit:
        return f"<{type(value).__name__} of {len(value)} items>"
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # e.g. an integer beyond the digit limit
        text = f"<{type(value).__name__}>"
    return shorten(text, limit)


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

    exit_code = EXIT_BAD_INPUT

    def __init__(self, file: str, key: str, message: str) -> None:
        self.file = shorten(str(file), MAX_NAME_CHARS, keep_end=True)
        self.key = shorten(str(key), MAX_NAME_CHARS)
        room = max(MAX_MESSAGE_CHARS - len(self.file) - len(self.key) - 4, MAX_ECHO_CHARS)
        self.message = shorten(" ".join(str(message).split()), room)
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [p for p in (self.file, self.key, self.message) if p]
        return ": ".join(parts)

    def __reduce__(self) -> tuple[object, ...]:  # raised in worker processes, re-raised here
        return (type(self), (self.file, self.key, self.message))


class OutputError(InputError):
    """A result file or folder cannot be written: one line, exit 2 (bad path) or 1 (system)."""

    def __init__(self, path: str, message: str, exit_code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(path, "", message)
        self.exit_code = exit_code

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.file, self.message, self.exit_code))

    @classmethod
    def from_os_error(
        cls, exc: OSError, path: object = None, action: str = "cannot write"
    ) -> OutputError:
        """The error for an ``OSError`` raised on ``path`` (default ``exc.filename``)."""
        where = path if path is not None else exc.filename
        bad_path = exc.errno in BAD_PATH_ERRNOS
        cause = exc.strerror or str(exc) or type(exc).__name__
        return cls(
            str(where or "output"),
            f"{action}: {cause}" if action else cause,
            EXIT_BAD_INPUT if bad_path else EXIT_FAILURE,
        )


class RunError(OutputError):
    """Runs cannot go on (the cluster is unreachable or has no workers): one line, exit 1."""

    def __init__(self, where: str, message: str, exit_code: int = EXIT_FAILURE) -> None:
        super().__init__(where, message, exit_code)
