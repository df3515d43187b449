"""Atomic file writes: a temporary file in the same folder, fsync, then a rename over the name.

``os.replace`` is atomic on POSIX and Windows, so a reader sees the old file or the new one,
never half of one, and a process killed mid-write leaves only a temporary file (named
``.<name>.<pid>.<random>.tmp``) that readers ignore. The fsync makes the file survive a power
cut too; a writer whose files are checked against a checksummed record that is itself flushed
(a result store's run tables) may leave it out. An OS error is one
:class:`~itsim.errors.OutputError` line naming the file: exit 2 for a bad path, 1 for a
system failure such as a full disk.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from itsim.errors import OutputError

TMP_SUFFIX = ".tmp"


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """Report an OS error raised while writing ``path`` as one :class:`OutputError` line."""
    try:
        yield
    except OSError as exc:
        raise OutputError.from_os_error(exc, path) from None


def make_folder(path: Path) -> Path:
    """Create ``path`` (and its parents) as a folder, or raise OutputError saying why not."""
    with writing(path):
        if path.exists() and not path.is_dir():
            raise OutputError(str(path), "exists and is not a folder")
        path.mkdir(parents=True, exist_ok=True)
    return path


def atomic_write(
    path: Path, write: Callable[[IO[bytes]], object], *, flush_to_disk: bool = True
) -> None:
    """Write ``path`` via a temporary file in the same folder, fsync, then rename over it.

    Parameters
    ----------
    path : Path
        The file's final name.
    write : callable
        Writes the content to the open binary file it is given.
    flush_to_disk : bool
        Wait until the content is on the disk before renaming (fsync). Without it the file is
        still atomic for every reader and survives the writer being killed, but a power cut
        soon after may leave it empty or missing.

    Raises
    ------
    OutputError
        The file cannot be written (a bad path, no permission, a full disk).
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}{TMP_SUFFIX}")
    try:
        with writing(path):
            with open(tmp, "xb") as fh:
                write(fh)
                fh.flush()
                if flush_to_disk:
                    os.fsync(fh.fileno())
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) atomically."""
    atomic_write(path, lambda fh: fh.write(text.encode("utf-8")))


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as indented, key-sorted JSON, atomically."""
    write_text(path, json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")
