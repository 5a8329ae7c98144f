"""Reminders: which ones fall due, when, and for whom — pure rules, no storage.

A reminder is planned here and kept as a scheduled message (eecore.store.reminders); a bot
process later claims it and sends it exactly once. The rules:

- `proposal_unconfirmed_head`: 3 school days after dates were proposed, to the head or manager;
- `proposal_unconfirmed_advisor`: 5 school days after, to the advisor who proposed them;
- `visit_upcoming_7d` / `visit_upcoming_1d`: 7 days and 1 day before a confirmed visit or
  meeting, to everyone attending;
- `report_overdue`: 10 days after delivery while no report is written, to the advisor;
- `weekly_digest`: each advisor, Monday 08:00 (the first school day of the week at 08:00).

School days are Monday to Friday inside a half-term. Nothing is sent in quiet hours (18:00 to
08:00 local by default), at weekends or in school holidays: a reminder that would fall due then
is deferred to the next allowed moment, 08:00 on the next school day. Times are worked out in
the council's zone (Europe/London) and kept as aware UTC datetimes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from eecore.domain.calendar import AcademicYear, Calendar
from eecore.domain.errors import CalendarError


class ReminderKind(StrEnum):
    """The kinds of reminder; each can be turned off per person."""

    PROPOSAL_UNCONFIRMED_HEAD = "proposal_unconfirmed_head"
    PROPOSAL_UNCONFIRMED_ADVISOR = "proposal_unconfirmed_advisor"
    VISIT_UPCOMING_7D = "visit_upcoming_7d"
    VISIT_UPCOMING_1D = "visit_upcoming_1d"
    REPORT_OVERDUE = "report_overdue"
    WEEKLY_DIGEST = "weekly_digest"


class ReminderStatus(StrEnum):
    """Where a scheduled reminder is in its life."""

    PENDING = "pending"
    """Waiting for its due time (or for a retry)."""
    CLAIMED = "claimed"
    """Taken by one bot process until its lease runs out."""
    SENT = "sent"
    SKIPPED = "skipped"
    """Not sent on purpose: the person turned the kind off, or it no longer applies."""
    CANCELLED = "cancelled"
    """Withdrawn before it fell due: the visit was moved or cancelled."""
    FAILED = "failed"
    """Given up after too many failed attempts to send it."""


PROPOSAL_HEAD_SCHOOL_DAYS = 3
PROPOSAL_ADVISOR_SCHOOL_DAYS = 5
REPORT_OVERDUE_DAYS = 10
VISIT_REMINDER_DAYS: Mapping[ReminderKind, int] = {
    ReminderKind.VISIT_UPCOMING_7D: 7,
    ReminderKind.VISIT_UPCOMING_1D: 1,
}
DEFAULT_VISIT_TIME = time(9, 0)
"""The start assumed for a visit booked without a time."""
DIGEST_TIME = time(8, 0)
_SEARCH_LIMIT = 800
"""Days looked ahead for a school day before giving up (more than any holiday)."""


@dataclass(frozen=True)
class PlannedReminder:
    """One reminder to schedule: what, for whom, about which activity, and when (aware UTC)."""

    kind: ReminderKind
    person_id: int
    due_at: datetime
    activity_id: int | None = None
    urn: str | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)
    on: date | None = None
    """The local day the reminder is about, for its key (the due day unless told)."""

    def __post_init__(self) -> None:
        if self.due_at.tzinfo is None:
            raise ValueError("a reminder's due_at must be timezone-aware")

    @property
    def key(self) -> str:
        """What makes it one reminder: scheduling the same key twice is a no-op."""
        day = self.on or self.due_at.astimezone(UTC).date()
        activity = "-" if self.activity_id is None else str(self.activity_id)
        return f"{self.kind.value}:{activity}:{self.person_id}:{day.isoformat()}"


@dataclass(frozen=True)
class Claimed:
    """A scheduled reminder one worker has claimed, to send and then mark, until claimed_until."""

    id: int
    key: str
    kind: str
    person_id: int | None
    urn: str | None
    activity_id: int | None
    due_at: datetime
    attempts: int
    claimed_by: str
    claimed_until: datetime
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReminderRules:
    """The council's calendar and clock, and the quiet hours reminders respect."""

    calendar: Calendar
    timezone: str = "Europe/London"
    quiet_start: time = time(18, 0)
    """Quiet from this local time…"""
    quiet_end: time = time(8, 0)
    """…until this local time the next day: the first moment a reminder may be sent."""

    def __post_init__(self) -> None:
        if not self.quiet_end < self.quiet_start:
            raise ValueError(
                f"quiet hours must run overnight: from {self.quiet_start:%H:%M} in the evening "
                f"to {self.quiet_end:%H:%M} the next morning"
            )
        ZoneInfo(self.timezone)  # fails early on an unknown zone

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    # School days --------------------------------------------------------------------------

    def _year(self, day: date) -> AcademicYear | None:
        try:
            return self.calendar.year_of(day)
        except CalendarError:
            return None

    def is_school_day(self, day: date) -> bool:
        """Monday to Friday inside a half-term.

        A day in a year the calendar does not know is taken to be a school day when it is a
        weekday: reminders keep working (minus holidays) until the council's dates are loaded.
        """
        if day.weekday() >= 5:
            return False
        year = self._year(day)
        return True if year is None else year.is_term_time(day)

    def next_school_day(self, after: date) -> date:
        """The first school day strictly after a day."""
        day = after
        for _ in range(_SEARCH_LIMIT):
            day += timedelta(days=1)
            if self.is_school_day(day):
                return day
        raise CalendarError(f"no school day within {_SEARCH_LIMIT} days after {after}")

    def add_school_days(self, start: date, count: int) -> date:
        """The day `count` school days after `start` (the start itself does not count)."""
        day = start
        for _ in range(count):
            day = self.next_school_day(day)
        return day

    # Time ---------------------------------------------------------------------------------

    def local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            raise ValueError("times must be timezone-aware")
        return moment.astimezone(self.zone)

    def at(self, day: date, clock: time) -> datetime:
        """A local wall-clock time on a day, as aware UTC."""
        return datetime.combine(day, clock, tzinfo=self.zone).astimezone(UTC)

    def is_allowed(self, moment: datetime) -> bool:
        """True on a school day between the end and the start of quiet hours."""
        here = self.local(moment)
        return (
            self.is_school_day(here.date())
            and self.quiet_end <= here.time().replace(tzinfo=None) < self.quiet_start
        )

    def next_allowed(self, moment: datetime) -> datetime:
        """The moment itself when a reminder may be sent then; else 08:00 on the next school day
        (or 08:00 today, when today is a school day and it is before 08:00). Aware UTC."""
        if self.is_allowed(moment):
            return moment.astimezone(UTC)
        here = self.local(moment)
        today = here.date()
        if self.is_school_day(today) and here.time().replace(tzinfo=None) < self.quiet_end:
            return self.at(today, self.quiet_end)
        return self.at(self.next_school_day(today), self.quiet_end)

    # The rules ----------------------------------------------------------------------------

    def after_school_days(self, sent_at: datetime, count: int) -> datetime:
        """`count` school days after a moment, at the same local time, deferred if need be."""
        here = self.local(sent_at)
        day = self.add_school_days(here.date(), count)
        nominal = datetime.combine(day, here.time().replace(tzinfo=None), tzinfo=self.zone)
        return self.next_allowed(nominal)

    def proposal_reminders(
        self,
        *,
        activity_id: int,
        sent_at: datetime,
        heads: Iterable[int],
        advisors: Iterable[int],
        urn: str | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> list[PlannedReminder]:
        """Chasers for proposed dates nobody has confirmed: the head or manager after three
        school days, the advisor after five."""
        extra = dict(detail or {})
        extra.setdefault("sent_at", sent_at.astimezone(UTC).isoformat())
        plans: list[PlannedReminder] = []
        for kind, count, people in (
            (ReminderKind.PROPOSAL_UNCONFIRMED_HEAD, PROPOSAL_HEAD_SCHOOL_DAYS, heads),
            (ReminderKind.PROPOSAL_UNCONFIRMED_ADVISOR, PROPOSAL_ADVISOR_SCHOOL_DAYS, advisors),
        ):
            due = self.after_school_days(sent_at, count)
            on = self.local(due).date()
            plans.extend(
                PlannedReminder(kind, person, due, activity_id, urn, extra, on)
                for person in _unique(people)
            )
        return plans

    def visit_start(self, day: date, start: time | None) -> datetime:
        """When a visit starts, as aware UTC (09:00 local when no time was agreed)."""
        return self.at(day, start or DEFAULT_VISIT_TIME)

    def visit_reminders(
        self,
        *,
        activity_id: int,
        starts_at: datetime,
        attendees: Iterable[int],
        now: datetime,
        urn: str | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> list[PlannedReminder]:
        """Seven days and one day before a confirmed visit or meeting, to everyone attending.

        Each is deferred out of quiet hours, weekends and holidays; one whose nominal time has
        already passed, that deferral would push to the visit itself, or (the 7-day one) that
        deferral would push to the 1-day one's time (after a holiday), is left out.
        """
        extra = dict(detail or {})
        extra.setdefault("starts_at", starts_at.astimezone(UTC).isoformat())
        people = _unique(attendees)
        plans: list[PlannedReminder] = []
        later: datetime | None = None
        for kind, days in sorted(VISIT_REMINDER_DAYS.items(), key=lambda item: item[1]):
            nominal = starts_at - timedelta(days=days)
            due = self.next_allowed(nominal)
            if nominal < now or due >= starts_at or (later is not None and due >= later):
                continue  # past already, pushed to the visit itself, or no earlier than the next
            later = due
            on = self.local(nominal).date()
            plans[:0] = [
                PlannedReminder(kind, person, due, activity_id, urn, extra, on) for person in people
            ]
        return plans

    def report_overdue_reminders(
        self,
        *,
        activity_id: int,
        delivered_on: date,
        advisors: Iterable[int],
        urn: str | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> list[PlannedReminder]:
        """Ten days after delivery (08:00, deferred if need be), to the advisor: sent only if no
        report has been written by then."""
        extra = dict(detail or {})
        extra.setdefault("delivered_on", delivered_on.isoformat())
        due = self.next_allowed(
            self.at(delivered_on + timedelta(days=REPORT_OVERDUE_DAYS), self.quiet_end)
        )
        on = self.local(due).date()
        return [
            PlannedReminder(ReminderKind.REPORT_OVERDUE, person, due, activity_id, urn, extra, on)
            for person in _unique(advisors)
        ]

    def digest_due(self, week_of: date) -> datetime | None:
        """The weekly digest of the week containing a day: Monday 08:00, or the first school day
        of that week at 08:00; None for a week with no school day (a holiday week)."""
        monday = week_of - timedelta(days=week_of.weekday())
        for offset in range(5):
            day = monday + timedelta(days=offset)
            if self.is_school_day(day):
                return self.at(day, max(DIGEST_TIME, self.quiet_end))
        return None

    def next_digest(self, person_id: int, now: datetime) -> PlannedReminder | None:
        """The next weekly digest for an advisor due at or after now (looking up to 8 weeks on,
        past holiday weeks)."""
        today = self.local(now).date()
        monday = today - timedelta(days=today.weekday())
        for week in range(9):
            start = monday + timedelta(weeks=week)
            due = self.digest_due(start)
            if due is not None and due >= now:
                return PlannedReminder(ReminderKind.WEEKLY_DIGEST, person_id, due, on=start)
        return None


def _unique(people: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(people))
