"""The experiment file schema: a base scenario, named arms, a grid, replications and a seed.

An experiment file asks one question of one department: how do the KPIs respond when some
scenario values change? Every arm and every grid point runs the same ``(seed, rep)`` pairs
(common random numbers), so differences between them are differences of policy, not of luck.

.. code-block:: yaml

    name: staffing_curve
    base: baseline                   # scenario file (relative to this file) or a bundled name
    set: {horizon_days: 182}         # overrides applied to every run (optional)
    arms:                            # named override sets (optional; default: one arm, the base)
      in_house: {}
      fcr_up: {flow.first_contact_resolution: 0.8}
    grid:
      factorial: {teams.desk.headcount: [4, 5, 6]}          # every combination
      zip: {teams.desk.headcount: [4, 5], teams.engineering.headcount: [5, 6]}  # side by side
      lhs: {samples: 10, seed: 1, ranges: {company.growth_per_year: [0.0, 0.2]}}
    replications: 10
    seed: 20261127

Keys in ``set``, ``arms`` and ``grid`` are dotted scenario keys, checked against the scenario
schema when the experiment is expanded (an unknown key is reported like a bad ``--set``).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from itsim.config.types import Replications, Seed

#: Scalars a grid or arm may assign to a scenario key (checked by the scenario schema, which
#: names the key, so an infinite value is let through to be refused there).
Value = bool | int | Annotated[float, Field(allow_inf_nan=True)] | str | None
DottedKey = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$")]
ARM_NAME = r"^[A-Za-z0-9][A-Za-z0-9_.+-]{0,59}$"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class LatinHypercube(_Model):
    """Latin-hypercube sample of continuous ranges (``scipy.stats.qmc.LatinHypercube``).

    Each of ``samples`` points takes one value per key, stratified so every key's range is
    covered evenly. Values are rounded to ``digits`` significant digits so labels stay readable
    and runs reproducible; keys listed in ``integers`` are rounded to whole numbers.
    """

    samples: Annotated[int, Field(ge=1, le=10_000)]
    seed: Seed = 0
    ranges: dict[DottedKey, tuple[float, float]]
    integers: list[DottedKey] = Field(default_factory=list)
    digits: Annotated[int, Field(ge=1, le=12)] = 4

    @field_validator("ranges")
    @classmethod
    def _ordered(cls, ranges: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
        if not ranges:
            raise ValueError("must name at least one key")
        for key, (low, high) in ranges.items():
            if not low < high:
                raise ValueError(f"{key}: the range must be [low, high] with low < high")
        return ranges

    @model_validator(mode="after")
    def _integers_known(self) -> LatinHypercube:
        unknown = sorted(set(self.integers) - set(self.ranges))
        if unknown:
            raise ValueError(f"integers names keys without a range: {', '.join(unknown)}")
        return self


class Grid(_Model):
    """Grid points: the full factorial of ``factorial`` x the rows of ``zip`` x the ``lhs`` sample.

    ``zip`` varies its keys together (row ``i`` takes the ``i``-th value of every list), so all
    its lists must have the same length. A key may appear in only one of the three parts.
    """

    factorial: dict[DottedKey, list[Value]] = Field(default_factory=dict)
    zip: dict[DottedKey, list[Value]] = Field(default_factory=dict)
    lhs: LatinHypercube | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Grid:
        for part, values in (("factorial", self.factorial), ("zip", self.zip)):
            empty = [key for key, listed in values.items() if not listed]
            if empty:
                raise ValueError(f"{part}.{empty[0]}: give at least one value")
        if len({len(v) for v in self.zip.values()}) > 1:
            raise ValueError("zip: every list must have the same length")
        keys = [*self.factorial, *self.zip, *(self.lhs.ranges if self.lhs else {})]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            raise ValueError(f"a key may appear in one part of the grid only: {repeated[0]}")
        return self

    @property
    def keys(self) -> list[str]:
        """Every swept key, in the order factorial, zip, lhs."""
        return [*self.factorial, *self.zip, *(self.lhs.ranges if self.lhs else {})]


class Experiment(_Model):
    """One experiment file (see the module docstring for an example)."""

    name: Annotated[str, Field(pattern=ARM_NAME)] = "experiment"
    description: str = ""
    base: str = "baseline"
    set: dict[DottedKey, Any] = Field(default_factory=dict)
    arms: dict[Annotated[str, Field(pattern=ARM_NAME)], dict[DottedKey, Any]] = Field(
        default_factory=dict
    )
    grid: Grid = Grid()
    replications: Replications | None = None  # None: the base scenario's
    seed: Seed | None = None  # None: the base scenario's

    @model_validator(mode="after")
    def _arms_do_not_sweep(self) -> Experiment:
        for arm, overrides in self.arms.items():
            clash = sorted(set(overrides) & set(self.grid.keys))
            if clash:
                raise ValueError(f"arm {arm!r} sets {clash[0]}, which the grid also sweeps")
        return self
