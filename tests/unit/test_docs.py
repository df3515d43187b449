"""The scenario reference documents every schema key, with the defaults the schema has."""

from __future__ import annotations

import importlib.util
import re
from types import ModuleType

from tests.conftest import ROOT

DOCS = ROOT / "docs"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_reference", DOCS / "gen_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reference_mentions_every_schema_key():
    gen = _generator()
    text = (DOCS / "scenario-reference.md").read_text(encoding="utf-8")
    keys = gen.schema_keys()
    assert "teams.<team>.handle_hours.<work>.mean" in keys  # the walk reaches nested blocks
    missing = [k for k in keys if f"`{k}`" not in text]
    assert not missing, f"run python docs/gen_reference.py; missing: {missing}"


def test_reference_tables_match_the_schema():
    gen = _generator()
    text = (DOCS / "scenario-reference.md").read_text(encoding="utf-8")
    assert gen.updated(text) == text, "docs are stale: run python docs/gen_reference.py"


def test_assumptions_register_cites_known_tags():
    text = (DOCS / "assumptions.md").read_text(encoding="utf-8")
    body, _, references = text.partition("## References")
    cited = set(re.findall(r"\[([A-Z][A-Z0-9-]+)\]", body))
    listed = set(re.findall(r"^- \[([A-Z][A-Z0-9-]+)\]", references, flags=re.M))
    assert cited, "no source tags found"
    assert cited <= listed, f"tags without a reference line: {sorted(cited - listed)}"
