"""The key of one run: a file-safe name for a (scenario, point, rep) that no other run has."""

from __future__ import annotations

import hashlib
import json
import re

_UNSAFE_CHARS = re.compile(r"[^A-Za-z0-9.=+-]+")


def run_key(scenario: str, point: str, rep: int) -> str:
    """File-safe, collision-free key of one run, e.g. ``base__desk=4__rep0007__1a2b3c4d5e``.

    The readable parts are shortened slugs; the trailing digest of the exact
    ``(scenario, point, rep)`` keeps keys unique when slugs coincide or are truncated.
    """
    if rep < 0:
        raise ValueError(f"rep must be >= 0, got {rep}")
    exact = json.dumps([scenario, point, int(rep)], ensure_ascii=False)
    digest = hashlib.sha1(exact.encode("utf-8")).hexdigest()[:10]
    return f"{_slug(scenario)}__{_slug(point)}__rep{rep:04d}__{digest}"


def _slug(text: str, max_chars: int = 60) -> str:
    slug = _UNSAFE_CHARS.sub("-", text).strip(".-")[:max_chars]
    return slug or "x"
