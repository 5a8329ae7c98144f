"""The allocation ledger: planned, booked and delivered activity, adjustments, and what's left.

What's left is always derived from the entries, never stored, so it cannot drift.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum

from eecore.domain.calendar import TERMS, UNSCHEDULED, WINDOWS, AcademicYear, window_label
from eecore.domain.days import ZERO, total
from eecore.domain.policy import DayCost, Plan


class Status(StrEnum):
    """Where a planned activity is in its life."""

    PLANNED = "planned"
    """In the year plan, no date agreed yet."""
    BOOKED = "booked"
    """A date agreed with the school or setting."""
    DELIVERED = "delivered"
    """Done; the days actually used are recorded."""
    CANCELLED = "cancelled"
    """Called off by a person, with a reason; its days return."""
    SUPERSEDED = "superseded"
    """Dropped from the plan when the category changed; kept for the record."""

    @property
    def counts(self) -> bool:
        return self not in (Status.CANCELLED, Status.SUPERSEDED)


@dataclass
class PlannedActivity:
    """One activity of an establishment's year: planned, booked, delivered or called off."""

    urn: str
    academic_year: str
    activity: str
    window: str
    planned: DayCost
    status: Status = Status.PLANNED
    category: str | None = None
    """The category whose plan this came from (None for kinds without categories)."""
    month: int | None = None
    note: str = ""
    booked_on: date | None = None
    delivered_on: date | None = None
    used: DayCost | None = None
    """Days actually used, once delivered."""
    reason: str = ""
    id: int | None = None
    version: int = 1
    start_time: time | None = None
    """The agreed time on booked_on, once a proposed date is confirmed."""
    confirmed_by: str = ""
    """Who confirmed the date: the head or manager, or the advisor on their behalf."""
    confirmed_on_behalf: bool = False
    """True when an advisor confirmed the date on the head's or manager's behalf."""
    report_written_on: date | None = None
    """When the write-up of a delivered visit was finished."""
    over_reason: str = ""
    """Why more days were delivered than the establishment had left, when they were."""

    @property
    def starts_at(self) -> datetime | None:
        """The agreed date and time (local, timezone-naive), once confirmed with a time."""
        if self.booked_on is None or self.start_time is None:
            return None
        return datetime.combine(self.booked_on, self.start_time)

    @property
    def planned_days(self) -> Decimal:
        return self.planned.total

    @property
    def used_days(self) -> Decimal:
        return self.used.total if self.used else ZERO

    @property
    def when(self) -> date | None:
        return self.delivered_on or self.booked_on

    def book(self, on: date) -> None:
        """Agree a date for this activity."""
        self.status = Status.BOOKED
        self.booked_on = on
        self.version += 1

    def deliver(self, on: date, used: DayCost | None = None) -> None:
        """Record this activity as done, with the days it used (the plan's unless told)."""
        self.status = Status.DELIVERED
        self.delivered_on = on
        self.used = used or self.planned
        self.version += 1

    def supersede(self) -> None:
        """Drop this activity from the plan because the category changed (kept for the record)."""
        self.status = Status.SUPERSEDED
        self.reason = "re-planned after a category change"
        self.version += 1

    def cancel(self, reason: str) -> None:
        """Call this activity off; its days go back to the establishment."""
        self.status = Status.CANCELLED
        self.reason = reason
        self.version += 1


@dataclass(frozen=True)
class Adjustment:
    """Days added to (or taken from) an establishment's allocation for a year, with a reason."""

    urn: str
    academic_year: str
    days: Decimal
    reason: str
    by: str
    recorded_at: datetime
    id: int | None = None


@dataclass(frozen=True)
class UpcomingActivity:
    """An activity still to come, for the 'what comes next' part of a summary."""

    activity: str
    activity_name: str
    window: str
    window_label: str
    date: date | None
    status: str
    days: Decimal
    id: int | None = None


@dataclass(frozen=True)
class AllocationSummary:
    """What's left for one establishment in one academic year."""

    urn: str
    name: str
    kind: str
    kind_label: str
    category: str | None
    categorised: bool
    academic_year: str
    allocated: Decimal
    delivered: Decimal
    booked: Decimal
    planned: Decimal
    adjustments: Decimal
    upcoming: tuple[UpcomingActivity, ...] = ()
    overdue: tuple[UpcomingActivity, ...] = ()
    note: str = ""

    @property
    def remaining(self) -> Decimal:
        """Allocated minus delivered: the days not yet used."""
        return total((self.allocated, -self.delivered))

    @property
    def unplanned(self) -> Decimal:
        """Days neither used, booked nor planned: free to agree (negative when over-committed)."""
        return total((self.allocated, -self.delivered, -self.booked, -self.planned))

    @property
    def over_allocated(self) -> bool:
        return self.remaining < 0


def plan_activities(
    plan: Plan,
    urn: str,
    year: AcademicYear,
    category: str | None,
    windows: Iterable[str] | None = None,
) -> list[PlannedActivity]:
    """The year plan for an establishment: one planned activity per plan item.

    With windows, only the items planned in those windows.
    """
    wanted = set(windows) if windows is not None else None
    return [
        PlannedActivity(
            urn=urn,
            academic_year=year.label,
            activity=item.activity,
            window=item.window,
            planned=item.cost,
            category=category,
            month=item.month,
            note=item.note,
        )
        for item in plan.items
        if wanted is None or item.window in wanted
    ]


def windows_still_to_come(year: AcademicYear, on: date) -> list[str]:
    """Windows whose last day has not passed on a day, plus the not time-tabled window."""
    return [w for w in WINDOWS if w == UNSCHEDULED or not year.window_has_ended(w, on)]


@dataclass
class Replan:
    """What a category change does to a year: activities dropped from the plan and new ones."""

    superseded: list[PlannedActivity] = field(default_factory=list)
    added: list[PlannedActivity] = field(default_factory=list)


def _overlap(first: str, second: str) -> bool:
    """True when two windows share days: the same window, or a term and one of its halves."""
    return first == second or second in TERMS.get(first, ()) or first in TERMS.get(second, ())


def _window_of(activity: PlannedActivity, year: AcademicYear) -> str:
    """The half-term a dated activity falls in, else the window it was planned for."""
    when = activity.when
    half_term = year.half_term_on(when) if when else None
    return half_term.id if half_term else activity.window


def replan_for_category_change(
    existing: Sequence[PlannedActivity],
    plan: Plan,
    year: AcademicYear,
    effective_from: date,
    category: str | None,
) -> Replan:
    """Apply the category-change rule to one establishment's year.

    What was delivered stays. Booked activities stay (a date agreed with a school is a person's
    decision to undo). Planned activities in windows still to come are superseded, and the new
    category's plan for those windows is added, less any activity already booked or delivered
    in a window still to come that covers it: the same activity in an overlapping window (a
    dated activity counts in the half-term of its date, so a TAS meeting planned for "spring"
    and booked for 4 February covers the new plan's Spring 1 TAS meeting). Planned activities
    in windows already over stay as they were (overdue). The allocation follows the category
    in force, so it needs no change here.
    """
    to_come = set(windows_still_to_come(year, effective_from))
    this_year = [a for a in existing if a.academic_year == year.label]
    result = Replan()
    covering: list[PlannedActivity] = []
    for activity in this_year:
        if activity.window not in to_come:
            continue
        if activity.status in (Status.BOOKED, Status.DELIVERED):
            covering.append(activity)
        elif activity.status == Status.PLANNED:
            result.superseded.append(activity)
    urn = this_year[0].urn if this_year else ""
    for fresh in plan_activities(plan, urn, year, category, to_come):
        cover = next(
            (
                a
                for a in covering
                if a.activity == fresh.activity and _overlap(_window_of(a, year), fresh.window)
            ),
            None,
        )
        if cover is not None:
            covering.remove(cover)
            continue
        result.added.append(fresh)
    return result


def summarise(
    *,
    urn: str,
    name: str,
    kind: str,
    kind_label: str,
    category: str | None,
    categorised: bool,
    year: AcademicYear,
    base_allocation: Decimal,
    activities: Iterable[PlannedActivity],
    adjustments: Iterable[Adjustment],
    activity_names: dict[str, str],
    today: date,
    note: str = "",
) -> AllocationSummary:
    """Derive what's left from the ledger entries of one establishment and year."""
    counted = [a for a in activities if a.status.counts and a.academic_year == year.label]
    adjustment_days = total(a.days for a in adjustments if a.academic_year == year.label)
    delivered = total(a.used_days for a in counted if a.status == Status.DELIVERED)
    booked = total(a.planned_days for a in counted if a.status == Status.BOOKED)
    planned = total(a.planned_days for a in counted if a.status == Status.PLANNED)

    def upcoming_entry(activity: PlannedActivity, status: str) -> UpcomingActivity:
        return UpcomingActivity(
            activity=activity.activity,
            activity_name=activity_names.get(activity.activity, activity.activity),
            window=activity.window,
            window_label=window_label(activity.window),
            date=activity.booked_on,
            status=status,
            days=activity.planned_days,
            id=activity.id,
        )

    upcoming: list[tuple[date, int, UpcomingActivity]] = []
    overdue: list[UpcomingActivity] = []
    for order, activity in enumerate(counted):
        if activity.status == Status.BOOKED and activity.booked_on is not None:
            if activity.booked_on >= today:
                upcoming.append((activity.booked_on, order, upcoming_entry(activity, "booked")))
            else:
                overdue.append(upcoming_entry(activity, "booked"))
        elif activity.status == Status.PLANNED:
            if activity.window != UNSCHEDULED and year.window_has_ended(activity.window, today):
                overdue.append(upcoming_entry(activity, "planned"))
            else:
                start, _ = year.window_span(activity.window)
                if activity.window == UNSCHEDULED:
                    start = year.last_day
                upcoming.append((max(start, today), order, upcoming_entry(activity, "planned")))
    upcoming.sort(key=lambda entry: (entry[0], entry[1]))
    return AllocationSummary(
        urn=urn,
        name=name,
        kind=kind,
        kind_label=kind_label,
        category=category,
        categorised=categorised,
        academic_year=year.label,
        allocated=total((base_allocation, adjustment_days)),
        delivered=delivered,
        booked=booked,
        planned=planned,
        adjustments=adjustment_days,
        upcoming=tuple(entry for _, _, entry in upcoming),
        overdue=tuple(overdue),
        note=note,
    )
