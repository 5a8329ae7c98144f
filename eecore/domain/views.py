"""Read models: what the services answer and the cards show, as plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from eecore.domain.ledger import AllocationSummary, UpcomingActivity


@dataclass(frozen=True)
class PlanEntry:
    """One activity of a year plan as people see it."""

    id: int | None
    activity: str
    activity_name: str
    window: str
    window_label: str
    status: str
    date: date | None
    planned_days: Decimal
    used_days: Decimal | None
    note: str
    month: int | None


@dataclass(frozen=True)
class YearPlan:
    """An establishment's year: what's left, and every activity in window order."""

    summary: AllocationSummary
    entries: tuple[PlanEntry, ...]


@dataclass(frozen=True)
class SchoolProfile:
    """What people want to know about a school or setting at a glance."""

    urn: str
    name: str
    kind: str
    kind_label: str
    phase: str
    la_name: str
    status: str
    category: str | None
    category_since: date | None
    category_agreed_by: str
    categorised: bool
    advisors: tuple[str, ...]
    head: str
    ofsted_outcome: str
    ofsted_date: date | None


@dataclass(frozen=True)
class SchoolHit:
    """One search result."""

    urn: str
    name: str
    kind_label: str
    phase: str
    category: str | None


@dataclass(frozen=True)
class CaseloadEntry:
    """One establishment of a caseload with the numbers that say how urgent it is."""

    urn: str
    name: str
    kind_label: str
    category: str | None
    allocated: Decimal
    delivered: Decimal
    remaining: Decimal
    unplanned: Decimal
    over_allocated: bool
    overdue: int
    next_activity: UpcomingActivity | None


@dataclass(frozen=True)
class Caseload:
    """An advisor's establishments, most urgent first."""

    advisor: str
    academic_year: str
    entries: tuple[CaseloadEntry, ...]


@dataclass(frozen=True)
class UpcomingItem:
    """An activity coming up at one establishment."""

    urn: str
    school_name: str
    activity: str
    activity_name: str
    window_label: str
    date: date | None
    status: str
    days: Decimal


@dataclass(frozen=True)
class UpcomingList:
    """Activities between two days: dated ones by date, then planned ones without a date yet."""

    title: str
    from_day: date
    to_day: date
    items: tuple[UpcomingItem, ...]
