"""The lab: guided experiments for teaching, each a base scenario, one change and a paragraph.

Every preset runs its base and its variant on the same seeds, so the difference on the cards is
the effect of the change alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Preset:
    """A lab experiment.

    Attributes
    ----------
    title : str
        What the experiment shows.
    scenario : str
        The bundled base scenario.
    change : dict
        Lever fields (see :class:`itsim.web.levers.Levers`) that the variant changes;
        ``headcount`` maps a team to its new headcount.
    explanation : str
        One paragraph for the class: what to look for and why it happens.
    watch : tuple of str
        The KPIs the paragraph talks about, shown first.
    """

    title: str
    scenario: str
    change: dict[str, Any]
    explanation: str
    watch: tuple[str, ...] = field(default_factory=tuple)


PRESETS = (
    Preset(
        title="The utilisation → burnout → attrition spiral",
        scenario="baseline",
        change={"headcount": {"desk": 4}},
        explanation=(
            "Take one analyst off a desk of five that was staffed for its load. The tickets do not "
            "change, so the four who remain are busier; above roughly 85% occupancy their energy "
            "drains faster than evenings and weekends restore it. Burned-out people work slower, "
            "fall sick more often and quit more readily, and every departure leaves a vacancy "
            "that takes a month or more to fill, which loads the others further. Watch desk "
            "occupancy, the share of person-days burned out, turnover and the P2 SLA: a small "
            "cut in headcount costs more than it saves once the spiral turns."
        ),
        watch=(
            "occupancy_desk",
            "share_burned_out_desk",
            "turnover_rate_desk",
            "sla_resolve_P2",
            "annual_cost_usd",
        ),
    ),
    Preset(
        title="The value of an after-hours MSP",
        scenario="baseline",
        change={"msp": "after hours only"},
        explanation=(
            "The desk works business hours, so an incident raised at 19:00 waits until the next "
            "morning, and a P1 on a Saturday night waits for Monday. An MSP that takes only the "
            "after-hours tickets costs a fee per ticket but answers at night. Watch the P1 and P2 "
            "SLA and the mean wait against the cost per year: the value of the contract is the "
            "SLA it buys on the tickets that arrive while the office is closed."
        ),
        watch=(
            "sla_resolve_P1",
            "sla_resolve_P2",
            "wait_hours_mean",
            "annual_cost_usd",
            "msp_resolved_share",
        ),
    ),
    Preset(
        title="Fractional leadership",
        scenario="understaffed",
        change={"leader": "fractional CIO (6 days a month)"},
        explanation=(
            "A fractional CIO, six days a month, costs a fraction of a full-time executive and "
            "pulls levers that act on demand rather than on staffing: problem management removes "
            "repeat incidents, a knowledge base shortens handling, self-service deflects simple "
            "requests. On an understaffed desk less work arriving is worth as much as another "
            "analyst. Watch tickets deflected, desk utilisation and burnout against the cost: "
            "the levers ramp in over months, so a year shows only part of their effect."
        ),
        watch=(
            "deflected_share",
            "occupancy_desk",
            "share_burned_out_desk",
            "annual_cost_usd",
            "net_value_usd",
        ),
    ),
)


def preset(title: str) -> Preset:
    """The preset with this title (KeyError listing the titles there are)."""
    for item in PRESETS:
        if item.title == title:
            return item
    raise KeyError(f"no lab preset {title!r}; there are: {[p.title for p in PRESETS]}")
