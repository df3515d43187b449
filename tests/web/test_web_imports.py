"""The web app reads the Python API and the KPI catalogue only (DESIGN §3)."""

from __future__ import annotations

from tests.unit.test_layers import MODULES, imports_of

ALLOWED = ("itsim.api", "itsim.web", "itsim.results.catalog", "itsim.config.schema",
           "itsim.errors")  # fmt: skip


def test_web_modules_import_only_the_api_and_the_catalogue() -> None:
    web = {name: path for name, path in MODULES.items() if name.startswith("itsim.web")}
    assert len(web) >= 8
    breaches = sorted(
        f"{name} -> {target}"
        for name, path in web.items()
        for target in imports_of(path)
        if not (target == "itsim" or target.startswith(ALLOWED))
    )
    assert not breaches, breaches
