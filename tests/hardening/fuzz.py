"""A seeded generator of hostile scenario files and command lines, and the check of each case.

Every case is built from ``random.Random(seed)`` alone, so a failing case is re-created from its
number. A case is a command line (its files written into a scratch folder first): a bundled
scenario with a few values replaced by hostile ones (infinities, huge or tiny numbers, wrong
types, bad dates, YAML 1.1 surprises, long strings), broken YAML text, ``--set``/``--grid``
options with such values, or options and output paths that cannot work. Runs use a horizon of
two or three days, in this process, so a thousand cases take a few minutes.

The check: exit code 0 or 2, nothing escaped the error boundary (no traceback), every line of
stderr is short, and a run that succeeded has finite money KPIs.

Run it alone for counts: ``python -m tests.hardening.fuzz --cases 1200 --seed 1``.
"""

from __future__ import annotations

import argparse
import collections
import math
import random
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from tests.conftest import SCENARIOS
from tests.hardening.helpers import MAX_LINE_CHARS, Outcome, invoke

BUNDLED = ["baseline", "validation/people_off", "msp_overflow", "fractional_cio", "supply_3pl"]
RUN_OPTIONS = ["--warmup-days", "0", "--reps", "1", "--jobs", "1", "--quiet"]
HOSTILE: list[Any] = [
    math.inf, -math.inf, math.nan, 1e308, -1e308, 1e-300, -1, 0, 0.0, -0.0, 1, 2, 0.5, 3.7,
    10**30, 2**63, 2**31, 1e15, 1e9, 1e6, "", "x", "1:30", "no", "on", "2027-02-30",
    "2027-01-05", "0x_", "x" * 500, None, True, False, [], [1, 2], {}, {"a": 1}, [None],
    "desk", "P1", "24x7", "office", -1e-9, 167, 168,
]  # fmt: skip
BROKEN_TEXT = [
    "name: [oops\n", "a: b: c\n", "\t- x\n", "key: 'open\n", "[" * 600, "x: &a [*a]\n",
    "name: a\nname: b\n", "horizon_days: !!int abc\n", "seed: !!float x\n",
    "calendar: {start_date: !!timestamp 2027-13-01}\n", "? [a]\n: 1\n", "%YAML 9.9\n---\na: 1\n",
    "a: !!python/object:os.system x\n", "\x00\x01", "extends: extends.yaml\n",
]  # fmt: skip
BAD_OUT = ["{file}/sub", "/dev/null", "{file}", "a" * 300]
MONEY_SUFFIX = "_usd"


@dataclass(frozen=True)
class Case:
    """One generated command line and the folder its files are in."""

    number: int
    kind: str
    args: list[str]


def _leaves(data: Any, prefix: str = "") -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data[:3]):
            yield from _leaves(value, f"{prefix}.{i}")
        yield prefix
    elif prefix:
        yield prefix


def _set_path(data: dict[str, Any], dotted: str, value: Any) -> None:
    node: Any = data
    *parents, last = dotted.split(".")
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def _get_path(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


def _perturbed(rng: random.Random, value: Any) -> Any:
    """A plausible change of a number (often still valid), else a hostile value."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return rng.choice(HOSTILE)
    factor = rng.choice([0.0, 0.1, 0.5, 0.9, 1.1, 2.0, 10.0, 1e3, 1e6])
    return type(value)(value * factor) if isinstance(value, float) else round(value * factor)


def _raw(name: str) -> dict[str, Any]:
    text = (SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if "extends" in data:
        data["extends"] = str(SCENARIOS / f"{data['extends'].removesuffix('.yaml')}.yaml")
    return data


def _yaml_value(value: Any) -> str:
    """A value as ``--set``/``--grid`` text."""
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    text = yaml.safe_dump(value, default_flow_style=True, width=10**6).strip()
    return text.removesuffix("\n...").removesuffix("...").strip()


def _mutated_file(rng: random.Random, folder: Path) -> tuple[str, str]:
    name = rng.choice(BUNDLED)
    data = _raw(name)
    leaves = list(_leaves(data))
    benign = rng.random() < 0.35  # only plausible changes: most such files run
    for _ in range(rng.randint(1, 3)):
        leaf = rng.choice(leaves)
        action = 0.0 if benign else rng.random()
        try:
            if action < 0.3:
                _set_path(data, leaf, _perturbed(rng, _get_path(data, leaf)))
            elif action < 0.8:
                _set_path(data, leaf, rng.choice(HOSTILE))
            elif action < 0.9:
                _set_path(data, leaf, {"unknown_key": 1})
            else:
                _set_path(data, leaf, str(rng.random()))
        except (KeyError, IndexError, TypeError, ValueError):
            continue  # an earlier mutation replaced this leaf's parent
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    if rng.random() < 0.1:
        text = text[: rng.randint(0, len(text))]  # a truncated file
    path = folder / f"case-{rng.randrange(10**9)}.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path), name


def _set_options(rng: random.Random, scenario: str) -> list[str]:
    leaves = list(_leaves(_raw(scenario)))
    options = []
    for _ in range(rng.randint(1, 3)):
        key = rng.choice([*leaves, "no.such.key", "teams.desk", "seed", "horizon_days"])
        options += ["--set", f"{key}={_yaml_value(rng.choice(HOSTILE))}"]
    if rng.random() < 0.1:
        options += ["--set", rng.choice(["=1", "novalue", "a..b=1", ".=2", "teams.desk.x.y=1"])]
    return options


def _grid_option(rng: random.Random) -> list[str]:
    key = rng.choice(["teams.desk.headcount", "flow.first_contact_resolution", "seed", "x.y"])
    values = rng.choice([
        "3,4", "1..2", "2..1", "a..b", "1..10000000", ",", "3,,4", ".inf,1", "1:30,2",
        "2027-02-30", "0,1", "-1,2", "1e15", "[1,2],3",
    ])  # fmt: skip
    return ["--grid", f"{key}={values}"]


def make_case(number: int, seed: int, folder: Path) -> Case:
    """Case ``number`` of the sequence with base ``seed``, its files written into ``folder``."""
    rng = random.Random(f"{seed}:{number}")
    kind = rng.choices(
        ["validate", "run-file", "run-set", "sweep", "broken", "output", "misc"],
        weights=[20, 25, 25, 8, 8, 8, 6],
    )[0]
    days = ["--days", str(rng.choice([2, 3]))]
    out = ["--out", str(folder / f"out-{number}")]
    if kind == "validate":
        return Case(number, kind, ["validate", _mutated_file(rng, folder)[0]])
    if kind == "run-file":
        return Case(number, kind, ["run", _mutated_file(rng, folder)[0], *days, *RUN_OPTIONS, *out])
    if kind == "run-set":
        scenario = rng.choice(BUNDLED)
        args = ["run", scenario, *days, *RUN_OPTIONS, *out, *_set_options(rng, scenario)]
        return Case(number, kind, args)
    if kind == "sweep":
        args = ["sweep", "baseline", *days, *RUN_OPTIONS, *out, *_grid_option(rng)]
        return Case(number, kind, args)
    if kind == "broken":
        path = folder / f"broken-{number}.yaml"
        text = rng.choice(BROKEN_TEXT)
        path.write_text(f"extends: {SCENARIOS / 'baseline.yaml'}\n{text}" if rng.random() < 0.5
                        else text, encoding="utf-8")  # fmt: skip
        command = "validate" if rng.random() < 0.5 else "run"
        args = [command, str(path)] + ([*days, *RUN_OPTIONS, *out] if command == "run" else [])
        return Case(number, kind, args)
    if kind == "output":
        blocker = folder / f"file-{number}"
        blocker.write_text("x")
        bad = rng.choice(BAD_OUT).format(file=blocker)
        command = rng.choice(["run", "sweep", "report"])
        if command == "report":
            return Case(number, kind, ["report", rng.choice([str(blocker), bad, str(folder)])])
        grid = ["--grid", "teams.desk.headcount=3,4"] if command == "sweep" else []
        return Case(number, kind, [command, "baseline", *days, *RUN_OPTIONS, "--out", bad, *grid])
    return Case(number, kind, _misc(rng, folder, days))


def _misc(rng: random.Random, folder: Path, days: list[str]) -> list[str]:
    return rng.choice([
        ["run", "no-such-scenario"],
        ["run", "baseline", "--seed", str(rng.choice([-1, 2**64, 10**40]))],
        ["run", "baseline", "--days", str(rng.choice([0, -5, 10**30, 3651, "9" * 5000]))],
        ["run", "baseline", "--" + "x" * 2000],
        ["run", "baseline", "--jobs", "y" * 3000],
        ["run", "baseline", "--reps", "0"],
        ["validate", "a" * 300],
        ["validate", str(folder)],
        ["erlang", "--help"],
        ["schema"],
        ["compare", "baseline", "no-such-scenario", *days],
        ["calibrate", str(folder / "missing.csv"), "--format", "servicenow",
         "-o", str(folder / "x.yaml")],
        ["report", str(folder / "nothing-here")],
        ["sweep", str(folder / "missing.yaml"), "--grid", "a=1"],
    ])  # fmt: skip


def check(case: Case, outcome: Outcome) -> list[str]:
    """The problems of one case's outcome (empty when it ended cleanly)."""
    problems = []
    if outcome.crashed:
        problems.append("an exception escaped (traceback)")
    if outcome.exit_code not in (0, 2):
        problems.append(f"exit code {outcome.exit_code}")
    long_lines = [line for line in outcome.stderr.splitlines() if len(line) > MAX_LINE_CHARS]
    if long_lines:
        problems.append(f"a {len(long_lines[0])}-character message")
    if outcome.exit_code == 0 and case.args[0] == "run" and "--out" in case.args:
        problems += _money_problems(Path(case.args[case.args.index("--out") + 1]))
    return problems


def _money_problems(out: Path) -> list[str]:
    runs = pd.read_csv(out / "runs.csv")
    money = [c for c in runs.columns if c.endswith(MONEY_SUFFIX)]
    bad = [c for c in money if not runs[c].map(lambda v: math.isfinite(float(v))).all()]
    return [f"non-finite money KPI {c}" for c in bad]


def run_cases(count: int, seed: int, start: int = 0) -> dict[str, Any]:
    """Generate and run ``count`` cases; return the counts and the failing cases."""
    exit_codes: collections.Counter[int] = collections.Counter()
    kinds: collections.Counter[str] = collections.Counter()
    failures: list[tuple[Case, list[str], str]] = []
    crashed = 0
    for number in range(start, start + count):
        folder = Path(tempfile.mkdtemp(prefix="itsim-fuzz-"))
        try:
            case = make_case(number, seed, folder)
            outcome = invoke(case.args)
            problems = check(case, outcome)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        exit_codes[outcome.exit_code] += 1
        kinds[case.kind] += 1
        crashed += outcome.crashed
        if problems:
            failures.append((case, problems, outcome.stderr[-300:]))
    return {"cases": count, "exit_codes": dict(exit_codes), "kinds": dict(kinds),
            "tracebacks": crashed, "failures": failures}  # fmt: skip


def main() -> None:
    """Print the counts of a fuzz run (``--cases``, ``--seed``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    result = run_cases(args.cases, args.seed)
    print(f"cases {result['cases']}, exit codes {result['exit_codes']}, "
          f"tracebacks {result['tracebacks']}, failing {len(result['failures'])}")  # fmt: skip
    print(f"kinds {result['kinds']}")
    for case, problems, tail in result["failures"]:
        print(f"#{case.number} {case.kind}: {'; '.join(problems)}\n  {case.args}\n  {tail}")


if __name__ == "__main__":
    main()
