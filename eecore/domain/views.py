"""Read models: what the services answer and the cards show, as plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from eecore.domain.ledger import AllocationSummary, UpcomingActivity
from eecore.domain.policy import DayCost


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
class DigestItem:
    """One visit or meeting in an advisor's week: what, where, and the day that matters."""

    activity_id: int
    urn: str
    school_name: str
    activity_name: str
    window_label: str
    on: date | None
    """The booked day, the day it was delivered, or the first day proposed."""
    at: datetime | None = None
    """The agreed start, when a time was agreed."""


@dataclass(frozen=True)
class WeeklyDigest:
    """An advisor's week: what is booked in the next seven days, what waits for an answer, what
    is still to record, and where the caseload stands."""

    advisor: str
    academic_year: str
    from_day: date
    to_day: date
    booked: tuple[DigestItem, ...]
    """Booked in the week, soonest first."""
    awaiting_school: tuple[DigestItem, ...]
    """Dates proposed that the head or manager has not answered yet."""
    awaiting_advisor: tuple[DigestItem, ...]
    """The school asked for another date: it needs a new proposal."""
    to_record: tuple[DigestItem, ...]
    """Booked for a day now past, with no delivery recorded."""
    reports_due: tuple[DigestItem, ...]
    """Delivered, with the report not yet written."""
    establishments: int
    remaining: Decimal
    over_allocated: tuple[str, ...]
    """Names of the establishments given more days than allocated."""
    overdue: int
    """Planned activities whose window is over and that nobody booked."""

    @property
    def nothing_to_do(self) -> bool:
        return not (
            self.booked or self.awaiting_school or self.awaiting_advisor or self.to_record
            or self.reports_due
        )


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


@dataclass(frozen=True)
class Contact:
    """Someone to tell about a visit: a head or manager, or an advisor."""

    name: str
    entra_object_id: str
    person_id: int | None = None


@dataclass(frozen=True)
class VisitView:
    """One visit or meeting as its card shows it: where it is in its life, and what happened.

    stage is one of planned, proposed, confirmed, delivered, report_written, cancelled or
    superseded. Dates and times of the visit are local and timezone-naive.
    """

    activity_id: int
    version: int
    urn: str
    school_name: str
    activity: str
    activity_name: str
    academic_year: str
    window: str
    window_label: str
    month: int | None
    stage: str
    status: str
    options: tuple[datetime, ...]
    """The dates and times of the latest proposal (empty when there is none)."""
    proposal_note: str
    proposed_by: str
    proposed_at: datetime | None
    starts_at: datetime | None
    """The confirmed date and time, once confirmed."""
    confirmed_by: str
    confirmed_on_behalf: bool
    suggested_date: date | None
    """Another date the head or manager suggested, while it waits for a new proposal."""
    suggestion_note: str
    suggested_by: str
    heads: tuple[Contact, ...]
    advisors: tuple[Contact, ...]
    planned: DayCost
    used: DayCost | None
    delivered_on: date | None
    report_written_on: date | None
    reason: str
    over_reason: str
    history: tuple[str, ...]
    booked_on: date | None = None
    """The agreed day (with or without a time)."""

    @property
    def planned_days(self) -> Decimal:
        return self.planned.total

    @property
    def awaiting_school(self) -> bool:
        """Proposed and waiting for the head or manager to choose a date."""
        return self.stage == "proposed"

    @property
    def awaiting_advisor(self) -> bool:
        """The school suggested another date: the advisor needs to propose again."""
        return self.stage == "planned" and self.suggested_date is not None
