"""The import layering of the package, checked by walking every module's imports with ``ast``.

Imports flow config → model → results → experiment → analysis → cli. Inside the model the core
imports no wing, a wing imports the core but no other wing, and only ``build.py`` wires wings in.
A module-level import cycle is a runtime hazard (importing one side first fails), so none may
exist either.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "itsim"
LAYERS = ("config", "model", "results", "experiment", "analysis", "cli")
WINGS = ("people", "opmodels", "supply")


def module_name(path: Path) -> str:
    """Dotted module name of a source file under the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, top_level_only: bool = False) -> set[str]:
    """Modules of this package that ``path`` imports (anywhere, or only at module level)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in MODULES else node.module)
    return {name for name in found if name == "itsim" or name.startswith("itsim.")}


def layer(name: str) -> str | None:
    """The layer (``config`` … ``cli``) a module belongs to, or None for shared modules."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


#: Model modules above the wings (they gather every wing) and beside the core (shared by wings).
TOP = ("build", "records")
SHARED = ("context",)


def wing(name: str) -> str | None:
    """``core``, a wing name, ``build`` (the modules above the wings) or None."""
    parts = name.split(".")
    if len(parts) < 3 or parts[1] != "model":
        return None
    if parts[2] in TOP:
        return "build"
    if parts[2] in SHARED:
        return "shared"
    return parts[2] if parts[2] in (*WINGS, "core") else None


def violations() -> list[str]:
    """Every import that breaks a layering rule, as 'importer -> imported: rule'."""
    found = []
    for name, path in MODULES.items():
        for target in imports_of(path):
            rule = broken_rule(name, target)
            if rule:
                found.append(f"{name} -> {target}: {rule}")
    return sorted(found)


def broken_rule(importer: str, target: str) -> str | None:
    """The rule ``importer`` breaks by importing ``target``, or None."""
    low, high = layer(importer), layer(target)
    if high == "cli" and low != "cli" and importer != "itsim.__main__":
        return "only cli/ imports cli/"
    if low and high and LAYERS.index(high) > LAYERS.index(low):
        return f"{low}/ imports {high}/ (upward)"
    src, dst = wing(importer), wing(target)
    if dst == "build" and src not in (None, "build"):
        return "a model part imports build.py (the wiring sits on top)"
    if src in ("core", "shared") and dst in (*WINGS, "shared"):
        return "the core imports a wing (or the shared context)"
    if src == "shared" and dst == "build":
        return "the shared context imports build.py or the records"
    if src in WINGS and dst in WINGS and src != dst:
        return "a wing imports another wing"
    return None


def test_every_import_respects_the_layers() -> None:
    assert not violations(), "\n".join(violations())


def test_the_rules_catch_a_breach() -> None:
    assert broken_rule("itsim.model.core.flow", "itsim.model.supply.stock")
    assert broken_rule("itsim.model.people.hiring", "itsim.model.opmodels.leadership")
    assert broken_rule("itsim.results.tables", "itsim.experiment.runner")
    assert broken_rule("itsim.analysis.report", "itsim.cli.show")
    assert broken_rule("itsim.model.core.flow", "itsim.model.build")
    assert broken_rule("itsim.model.supply.stockroom", "itsim.model.records")
    assert broken_rule("itsim.model.core.flow", "itsim.model.context")
    assert broken_rule("itsim.model.supply.stock", "itsim.model.core.ledger") is None


def module_cycles() -> list[list[str]]:
    """Cycles in the graph of module-level imports (depth-first search)."""
    graph = {
        n: sorted(imports_of(p, top_level_only=True) & MODULES.keys()) for n, p in MODULES.items()
    }
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node)
    return cycles


def test_no_module_level_import_cycle() -> None:
    cycles = module_cycles()
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


@pytest.mark.parametrize("module", ["itsim.analysis.erlang_a", "itsim.model.build"])
def test_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


#: The core's extension points; only build.py fills them (a wing hands build.py its handler).
HOOKS = ("router", "gates", "resolved_hooks", "queued_hooks", "work_hooks", "on_done",
         "on_p1_queued", "available_hours_fn")  # fmt: skip


def hook_writes(path: Path) -> list[str]:
    """Assignments to, or appends onto, an extension point of an object other than ``self``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("append", "extend", "insert")
        ):
            targets = [node.func.value]
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and target.attr in HOOKS
                and not (isinstance(target.value, ast.Name) and target.value.id == "self")
            ):
                found.append(f"{path.name}:{node.lineno} {target.attr}")
    return found


def test_only_build_fills_extension_points() -> None:
    writes = [
        w
        for name, path in MODULES.items()
        if name.startswith("itsim.model.") and name != "itsim.model.build"
        for w in hook_writes(path)
    ]
    assert not writes, "\n".join(writes)


def test_hook_check_sees_a_write(tmp_path: Path) -> None:
    source = tmp_path / "probe.py"
    source.write_text("def f(flow, g):\n    flow.gates.append(g)\n    flow.router = g\n")
    assert len(hook_writes(source)) == 2
