"""The ``it_costs:`` block: spend per user that is neither staff nor a provider (licences, tools).

Zero by default, so a scenario that does not name it costs what it did before.
"""

from __future__ import annotations

from itsim.config.types import Model, NonNegFloat


class ItCosts(Model):
    """Licences and tools, per employee per month (USD)."""

    licences_per_user_per_month_usd: NonNegFloat = 0.0
    tools_per_user_per_month_usd: NonNegFloat = 0.0
