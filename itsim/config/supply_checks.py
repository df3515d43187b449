"""Cross-block checks of the supply block: every name it uses must exist elsewhere.

Stock items named by the catalog, break/fix, joiners and fleet must be stocked; the catalog items
that consume stock must exist and have a fulfilment team (the stock gate sits before fulfilment);
break/fix categories must be incident categories routed to a tier-2 team.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from itsim.config.schema import Scenario
from itsim.config.supply_schema import Supply


def supply_problems(scenario: Scenario) -> Iterator[tuple[str, str]]:
    """Yield ``(dotted_key, message)`` for every problem in ``scenario.supply``."""
    supply = scenario.supply
    if supply is None:
        return
    yield from _supplier_problems(supply)
    yield from _catalog_problems(scenario, supply)
    yield from _break_fix_problems(scenario, supply)
    yield from _joiner_and_fleet_problems(scenario, supply)


def _unknown_items(supply: Supply, names: Iterable[str], key: str) -> Iterator[tuple[str, str]]:
    stocked = ", ".join(sorted(supply.items)) or "(none)"
    for name in names:
        if name not in supply.items:
            yield f"{key}.{name}", f"stock item '{name}' does not exist (items: {stocked})"


def _supplier_problems(supply: Supply) -> Iterator[tuple[str, str]]:
    if supply.supplier not in supply.suppliers:
        yield "supply.supplier", f"supplier '{supply.supplier}' is not in supply.suppliers"
    for name, item in supply.items.items():
        if item.supplier is not None and item.supplier not in supply.suppliers:
            yield f"supply.items.{name}.supplier", f"supplier '{item.supplier}' does not exist"


def _fulfilled_item(scenario: Scenario, name: str, key: str) -> Iterator[tuple[str, str]]:
    catalog = scenario.demand.requests.catalog
    if name not in catalog:
        yield key, f"catalog item '{name}' is not in demand.requests.catalog"
    elif catalog[name].fulfil_team is None:
        yield key, f"catalog item '{name}' needs a fulfil_team (stock is issued at fulfilment)"


def _catalog_problems(scenario: Scenario, supply: Supply) -> Iterator[tuple[str, str]]:
    for name, need in supply.catalog.items():
        key = f"supply.catalog.{name}"
        yield from _fulfilled_item(scenario, name, key)
        yield from _unknown_items(supply, need.kit, f"{key}.kit")
        yield from _unknown_items(supply, need.one_of, f"{key}.one_of")


def _break_fix_problems(scenario: Scenario, supply: Supply) -> Iterator[tuple[str, str]]:
    spec = supply.break_fix
    if spec is None:
        return
    yield from _unknown_items(supply, spec.spares, "supply.break_fix.spares")
    for category in spec.categories:
        if category not in scenario.demand.incidents.categories:
            yield "supply.break_fix.categories", f"'{category}' is not an incident category"
        elif category not in scenario.flow.routing:
            yield "supply.break_fix.categories", f"'{category}' is not routed to a tier-2 team"


def _joiner_and_fleet_problems(scenario: Scenario, supply: Supply) -> Iterator[tuple[str, str]]:
    joiners, fleet = supply.joiners, supply.fleet
    if joiners is not None:
        yield from _fulfilled_item(scenario, joiners.onboarding_item, "supply.joiners")
        if joiners.offboarding_item is not None:
            yield from _fulfilled_item(scenario, joiners.offboarding_item, "supply.joiners")
        yield from _unknown_items(
            supply, joiners.returned_devices, "supply.joiners.returned_devices"
        )
    if fleet is not None:
        yield from _unknown_items(supply, fleet.devices, "supply.fleet.devices")
        if fleet.refresh_years is not None:
            yield from _fulfilled_item(scenario, fleet.refresh_item, "supply.fleet.refresh_item")
        for category in fleet.incident_categories:
            if category not in scenario.demand.incidents.categories:
                yield "supply.fleet.incident_categories", f"'{category}' is not a category"
