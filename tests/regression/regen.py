"""Regenerate the golden tables: ``python -m tests.regression.regen [CASE ...]``.

Run it only in a commit that changes the model's numbers on purpose, and say why in that commit
and in CHANGELOG.md. With no argument every case is regenerated.
"""

from __future__ import annotations

import shutil
import sys

from tests.regression.cases import CASES, case_file, run_case


def regenerate(case: str) -> list[str]:
    """Write the goldens of one case; return the table names written."""
    folder = case_file(case, "x").parent
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    tables = run_case(case)
    for name, frame in tables.items():
        frame.to_parquet(case_file(case, name), index=False)
    return sorted(tables)


def main(argv: list[str]) -> int:
    """Regenerate the named cases (all when none is named)."""
    for case in argv or CASES:
        if case not in CASES:
            print(f"unknown case {case!r}; known: {', '.join(CASES)}", file=sys.stderr)
            return 2
        print(case, ", ".join(regenerate(case)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
