"""Cross-block checks of the ``impact:`` block: the catalog items it names must exist."""

from __future__ import annotations

from collections.abc import Iterator

from itsim.config.schema import Scenario


def impact_problems(scenario: Scenario) -> Iterator[tuple[str, str]]:
    """Yield ``(dotted_key, message)`` for each request item the catalog does not have."""
    if scenario.impact is None:
        return
    catalog = scenario.demand.requests.catalog
    for item in scenario.impact.request_items:
        if item not in catalog:
            known = ", ".join(sorted(catalog)) or "(none)"
            yield f"impact.request_items.{item}", f"is not a catalog item (catalog: {known})"
