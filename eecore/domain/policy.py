"""The strategy as values: kinds, categories, the activity catalogue, allocations and plans."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from eecore.domain.calendar import Calendar, window_label
from eecore.domain.days import ZERO, total
from eecore.domain.errors import NotCategorised, PolicyError, UnknownCategory

AUDIENCES = ("school", "setting")


@dataclass(frozen=True)
class DayCost:
    """What one activity costs in days, split as the deck splits it."""

    prep: Decimal = ZERO
    visit: Decimal = ZERO
    write_up: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return total((self.prep, self.visit, self.write_up))


@dataclass(frozen=True)
class Activity:
    """One entry of the activity catalogue."""

    id: str
    name: str
    replaces: str
    pride: tuple[str, ...]
    who: str
    duration: str
    location: tuple[str, ...]
    rule: str
    costs: Mapping[str, DayCost]
    """Day cost by audience ('school', 'setting'); missing when the days vary per plan."""


@dataclass(frozen=True)
class Category:
    """A support category and its support status."""

    id: str
    support: str
    label: str


@dataclass(frozen=True)
class PlanItem:
    """One planned activity in one window of the year."""

    activity: str
    window: str
    cost: DayCost
    month: int | None = None
    note: str = ""

    @property
    def days(self) -> Decimal:
        return self.cost.total

    @property
    def window_label(self) -> str:
        return window_label(self.window)


@dataclass(frozen=True)
class Plan:
    """What a category (or a kind without categories) plans in a year."""

    id: str
    allocation: Decimal
    items: tuple[PlanItem, ...]
    unplanned_days: Decimal = ZERO
    note: str = ""

    @property
    def planned_days(self) -> Decimal:
        return total(item.days for item in self.items)


@dataclass(frozen=True)
class Kind:
    """A kind of establishment and how its support days are set."""

    id: str
    label: str
    audience: str
    categorised: bool
    examples: tuple[str, ...] = ()
    basis: str = ""
    allocations: Mapping[str, Decimal] = field(default_factory=dict)
    """Days a year by category, for kinds with categories."""
    plans: Mapping[str, Plan] = field(default_factory=dict)
    """The plan by category; for a kind without categories, one plan under the key ''."""


@dataclass(frozen=True)
class Policy:
    """A council's strategy, loaded and validated from its policy file."""

    name: str
    council: str
    source: str
    pride: Mapping[str, str]
    categories: Mapping[str, Category]
    kinds: Mapping[str, Kind]
    activities: Mapping[str, Activity]
    calendar: Calendar
    path: str = ""

    def category(self, category_id: str) -> Category:
        """The category, accepting any letter case; UnknownCategory otherwise."""
        found = self.categories.get(category_id.strip().upper())
        if found is None:
            raise UnknownCategory(category_id, list(self.categories))
        return found

    def kind(self, kind_id: str) -> Kind:
        try:
            return self.kinds[kind_id]
        except KeyError:
            raise PolicyError(
                f"{self.path or 'the policy'}: no kind {kind_id!r}: "
                f"it knows {', '.join(self.kinds)}"
            ) from None

    def plan_for(self, kind_id: str, category_id: str | None) -> Plan:
        """The year plan for a kind and, where the kind is categorised, its category.

        NotCategorised when a categorised kind has no category agreed yet.
        """
        kind = self.kind(kind_id)
        if not kind.categorised:
            return kind.plans[""]
        if category_id is None:
            raise NotCategorised(
                f"not categorised yet ({kind.label}): no allocation until a category is agreed"
            )
        return kind.plans[self.category(category_id).id]

    def allocation(self, kind_id: str, category_id: str | None) -> Decimal:
        """Days a year for a kind and category."""
        return self.plan_for(kind_id, category_id).allocation

    def activity(self, activity_id: str) -> Activity:
        return self.activities[activity_id]

    def activity_name(self, activity_id: str) -> str:
        """What people call an activity ('Core Visit'); its id when the policy doesn't know it."""
        found = self.activities.get(activity_id)
        return found.name if found else activity_id
