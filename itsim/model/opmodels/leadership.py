"""Leadership: full-time or fractional leaders as bundles of levers that ramp in, with a fee.

Scenario: a leader joins on day one and is paid from day one (a monthly fee, or a loaded
salary). Each lever they pull starts at ``start_month`` and its effect grows linearly to
``magnitude`` over ``ramp_months`` — a problem manager removes repeat incidents as problems get
closed, a knowledge base grows article by article, a portal is adopted month by month — so the
benefit lags the cost. Decisions that touch a ticket (prevented, deflected) compare a uniform
drawn at arrival from its own stream with the lever's effect at the arrival time, so two arms see
the same tickets and differ only in what the levers remove.

Equations (t = months since the start, r(t) = clip((t - start_month) / ramp_months, 0, 1)):

- problem management: an incident is prevented when u_prevent < repeat_share * magnitude * r(t)
- security: a P1 or security-category incident is prevented when u_security < magnitude * r(t)
- self-service: a desk-only request or a P4 incident is deflected when u_deflect < magnitude * r(t)
- knowledge management: desk FCR + magnitude * r(t); handle time * (1 - handle_time_cut * r(t));
  a new hire's ramp_months * (1 - ramp_up_cut * r(t_join)) (model/hr_levers.py)
- demand management: a project whose value is below the magnitude * r(t) quantile of the value
  distribution is turned away at intake; the WIP limit moves linearly to ``wip_limit``
- vendor management: spend in its categories falls by magnitude * r(t) (a negative ledger line)
- capacity planning: switches the hiring model to the ``capacity`` policy, its cap of extra seats
  ramping in (model/hr_levers.py); it needs the people model, since fixed headcounts never hire.

When two leaders pull the same lever, the stronger effect at each moment counts (they do not add).
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Mapping
from typing import Any

import numpy as np
import simpy

from itsim.config.leadership_schema import Leader, LeaderRole, Lever
from itsim.config.schema import Dist
from itsim.model.core.distributions import quantile
from itsim.model.core.ledger import CostLedger
from itsim.model.core.projects import Portfolio
from itsim.model.core.units import DAYS_PER_YEAR, HOURS_PER_DAY, HOURS_PER_MONTH, MONTHS_PER_YEAR
from itsim.model.core.work import Project


def ramp_fraction(lever: Lever, now_hours: float) -> float:
    """Share of the lever's full effect at ``now_hours``: 0 before it starts, then linear."""
    months = now_hours / HOURS_PER_MONTH - lever.start_month
    if lever.ramp_months <= 0:
        return 1.0 if months >= 0 else 0.0  # a step at the start
    return min(1.0, max(0.0, months / lever.ramp_months))


def effect(lever: Lever | None, now_hours: float) -> float:
    """``magnitude * r(t)`` of a lever, 0 when it is not pulled."""
    return 0.0 if lever is None else lever.magnitude * ramp_fraction(lever, now_hours)


class LeverSet:
    """The levers of every leader, combined (the strongest of each kind counts)."""

    def __init__(self, leaders: Iterable[Leader]) -> None:
        self._by_name: dict[str, list[Lever]] = {}
        for leader in leaders:
            for name, lever in leader.levers:
                if lever is not None:
                    self._by_name.setdefault(name, []).append(lever)

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    def get(self, name: str) -> Any:
        """The lever of that kind with the largest magnitude, or None."""
        levers = self._by_name.get(name)
        return max(levers, key=lambda lv: lv.magnitude) if levers else None

    def strength(self, name: str, now_hours: float) -> float:
        """The strongest ``magnitude * r(t)`` among the leaders pulling lever ``name``."""
        return max((effect(lv, now_hours) for lv in self._by_name.get(name, ())), default=0.0)


def leader_usd_per_day(leader: Leader, loading_factor: float) -> float:
    """Daily cost of a leader: the monthly fee, or the loaded salary of a full-time hire."""
    if leader.monthly_fee_usd is not None:
        return leader.monthly_fee_usd * MONTHS_PER_YEAR / DAYS_PER_YEAR
    assert leader.salary_usd is not None
    return leader.salary_usd * loading_factor / DAYS_PER_YEAR


def post_leader_fees(
    ledger: CostLedger,
    leaders: Mapping[LeaderRole, Leader],
    loading_factor: float,
    horizon_days: int,
) -> None:
    """Charge every leader's cost (item: the role) on every day of the run, from day one."""
    for role, leader in leaders.items():
        usd = leader_usd_per_day(leader, loading_factor)
        for day in range(horizon_days):
            ledger.post(day, "leadership", role, usd)


def screen_projects(projects: list[Project], levers: LeverSet, value: Dist) -> list[Project]:
    """Projects that pass demand management's intake gate (the others are marked rejected).

    A project is turned away when its weekly value is below the ``magnitude * r(t)`` quantile of
    the value distribution at its arrival: the lowest-value share of demand is filtered out.
    """
    lever = levers.get("demand_management")
    if lever is None:
        return projects
    kept = []
    for project in projects:
        share = effect(lever, project.arrived)
        if share > 0 and project.value_per_week_usd < float(quantile(value, np.array([share]))[0]):
            project.rejected = True
        else:
            kept.append(project)
    return kept


def wip_limit_process(
    env: simpy.Environment, portfolio: Portfolio, levers: LeverSet, horizon_days: int
) -> Generator[simpy.Event, Any, None]:
    """Move the project WIP limit from the scenario's towards the lever's as the ramp allows."""
    lever = levers.get("demand_management")
    base = portfolio.spec.wip_limit
    if lever is None or lever.wip_limit is None:
        return
    start = base if base is not None else lever.wip_limit
    for day in range(horizon_days):
        r = ramp_fraction(lever, env.now)
        limit = round(start + (lever.wip_limit - start) * r)
        if limit != portfolio.spec.wip_limit:
            portfolio.set_wip_limit(limit)
        yield env.timeout((day + 1) * HOURS_PER_DAY - env.now)


def vendor_savings(
    ledger: CostLedger, levers: LeverSet, horizon_days: int
) -> list[tuple[int, str, float]]:
    """Negative (day, category, usd) lines: vendor management's cut of the spend it covers."""
    lever = levers.get("vendor_management")
    if lever is None:
        return []
    spend: dict[tuple[int, str], float] = {}
    for day, category, item, usd in ledger.rows():
        if category in lever.categories and item != "credits" and day < horizon_days:
            spend[(day, category)] = spend.get((day, category), 0.0) + usd
    lines = []
    for (day, category), usd in sorted(spend.items()):
        cut = effect(lever, day * HOURS_PER_DAY)
        if cut > 0 and usd > 0:
            lines.append((day, category, -cut * usd))
    return lines


def hiring_policy(levers: LeverSet) -> str | None:
    """The hiring policy capacity planning asks for (``"capacity"``), or None.

    Recorded with the run; the workforce applies it through
    :class:`itsim.model.opmodels.hr_levers.HrLevers` (without an active ``people`` block
    headcounts are fixed and nothing is hired).
    """
    return "capacity" if "capacity_planning" in levers else None
