"""The life of a visit or meeting: proposed, confirmed, moved, delivered, written up or cancelled.

An advisor proposes one to three dates and times; the head or manager chooses one (or the
advisor confirms on their behalf), or suggests another date. A confirmed visit can be moved (a
new proposal), delivered with the days actually used, and written up. Anything not delivered can
be cancelled with a reason. Each change bumps the activity's version and adds an event to its
history.

The ledger knows only planned, booked, delivered and cancelled, so "proposed" is derived here:
a planned activity whose latest proposal is still open. A proposed or moved visit counts as
planned in what's left; a confirmed one as booked.

Dates and times of visits are local to the council and timezone-naive; the moments things
happened (`at`) are timezone-aware.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from eecore.domain.access import ADVISORS, SERVICE_WIDE
from eecore.domain.calendar import UNSCHEDULED, AcademicYear, window_label
from eecore.domain.days import ZERO, days, show, total
from eecore.domain.errors import InvalidDays, OverAllocated, VisitError
from eecore.domain.ledger import PlannedActivity, Status
from eecore.domain.people import Person
from eecore.domain.policy import DayCost
from eecore.domain.views import Contact, VisitView

MAX_OPTIONS = 3
REVIEWS = ("review", "status_check")
"""Activities that count as one of an establishment's reviews (a status check is one)."""
SECOND_HALF_ACTIVITIES = ("tas_meeting",)
"""Activities that are held in the second half of their term unless agreed otherwise."""

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

JsonValue = str | bool | int | list[str] | None


class Stage(StrEnum):
    """Where a visit is in its life, as people see it."""

    PLANNED = "planned"
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    DELIVERED = "delivered"
    REPORT_WRITTEN = "report_written"
    CANCELLED = "cancelled"
    SUPERSEDED = "superseded"


class ProposalStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    """The head or manager suggested another date."""
    WITHDRAWN = "withdrawn"
    """Replaced by a newer proposal, or the visit was cancelled."""


class EventKind(StrEnum):
    PROPOSED = "proposed"
    MOVED = "moved"
    CONFIRMED = "confirmed"
    ANOTHER_DATE_SUGGESTED = "another_date_suggested"
    DELIVERED = "delivered"
    REPORT_WRITTEN = "report_written"
    CANCELLED = "cancelled"


class StaleVisit(VisitError):
    """The visit changed since the person read it: carries the current view to show instead."""

    def __init__(self, current: VisitView) -> None:
        self.current = current
        super().__init__(
            f"{current.activity_name} at {current.school_name} changed since you looked "
            f"(it is now {stage_label(current.stage)}): here it is as it stands"
        )


@dataclass
class Proposal:
    """Dates and times an advisor proposed for an activity, and the answer to them."""

    options: tuple[datetime, ...]
    proposed_by: str
    proposed_at: datetime
    note: str = ""
    proposed_by_person_id: int | None = None
    status: ProposalStatus = ProposalStatus.OPEN
    chosen: datetime | None = None
    responded_by: str = ""
    responded_at: datetime | None = None
    suggested_date: date | None = None
    response_note: str = ""
    activity_id: int | None = None
    id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.status == ProposalStatus.OPEN


@dataclass(frozen=True)
class VisitEvent:
    """One line of an activity's history: what happened, who did it and when."""

    kind: EventKind
    by: str
    at: datetime
    detail: Mapping[str, JsonValue] = field(default_factory=dict)
    activity_id: int | None = None
    id: int | None = None

    @property
    def detail_json(self) -> str:
        return json.dumps(dict(self.detail), sort_keys=True)


# --- Rules from the policy --------------------------------------------------------------------


def counts_as_review(activity_id: str) -> bool:
    """True for a review and for a status check, which counts as one of the reviews."""
    return activity_id in REVIEWS


def is_school_day(year: AcademicYear, day: date) -> bool:
    """Monday to Friday inside a half-term."""
    return day.weekday() < 5 and year.is_term_time(day)


def _window_name(activity: PlannedActivity) -> str:
    return "the year" if activity.window == UNSCHEDULED else window_label(activity.window)


def check_visit_day(
    activity: PlannedActivity, year: AcademicYear, day: date, today: date, name: str = ""
) -> None:
    """VisitError unless the day suits the activity: a school day in its window, in its month
    where the policy sets one (the autumn conversation), and not already past."""
    what = name or activity.activity.replace("_", " ")
    if day < today:
        raise VisitError(f"{long_date(day)} has passed: choose a day from {long_date(today)} on")
    first, last = year.window_span(activity.window)
    if not first <= day <= last:
        raise VisitError(
            f"{long_date(day)} is outside {_window_name(activity)} ({long_date(first)} to "
            f"{long_date(last)}), when the {what} is planned: choose a day inside it"
        )
    if day.weekday() >= 5:
        raise VisitError(f"{long_date(day)} is a weekend: choose a school day (Monday to Friday)")
    if not year.is_term_time(day):
        raise VisitError(f"{long_date(day)} is in the holidays: choose a day in term time")
    if activity.month is not None and day.month != activity.month:
        raise VisitError(
            f"the {what} is held in {_MONTHS[activity.month - 1]} for this school's category, "
            f"so {long_date(day)} will not do: choose a day in {_MONTHS[activity.month - 1]}"
        )


def suggest_dates(
    activity: PlannedActivity, year: AcademicYear, *, today: date | None = None, count: int = 3
) -> list[date]:
    """Up to three school days to offer when an advisor gives none, spread across the window.

    TAS meetings are held in the second half of the term, so they are offered from the middle of
    the window on. The policy's month (the autumn conversation) and today are respected.
    """
    first, last = year.window_span(activity.window)
    if activity.activity in SECOND_HALF_ACTIVITIES:
        first = first + (last - first) // 2 + timedelta(days=1)
    if today is not None and today > first:
        first = today
    candidates = [
        first + timedelta(days=offset)
        for offset in range((last - first).days + 1)
        if is_school_day(year, first + timedelta(days=offset))
        and (activity.month is None or (first + timedelta(days=offset)).month == activity.month)
    ]
    if len(candidates) <= count:
        return candidates
    step = len(candidates) / count
    return [candidates[int(i * step)] for i in range(count)]


# --- People -----------------------------------------------------------------------------------


def may_arrange(person: Person | None, urn: str) -> bool:
    """Advisors with the establishment in their caseload, and HoS, SSIAs and admins, may propose,
    move, record, cancel and confirm on the school's behalf."""
    if person is None:
        return False
    if any(person.has(role) for role in SERVICE_WIDE):
        return True
    return any(person.has(role) for role in ADVISORS) and urn in person.caseload


def may_answer(person: Person | None, urn: str) -> bool:
    """The establishment's head or manager may choose a proposed date or suggest another."""
    return person is not None and urn in person.led_establishments


# --- The visit --------------------------------------------------------------------------------


def stage_of(activity: PlannedActivity, latest: Proposal | None) -> Stage:
    """Where an activity is, from its ledger status and its latest proposal."""
    if activity.status == Status.CANCELLED:
        return Stage.CANCELLED
    if activity.status == Status.SUPERSEDED:
        return Stage.SUPERSEDED
    if activity.status == Status.DELIVERED:
        return Stage.REPORT_WRITTEN if activity.report_written_on else Stage.DELIVERED
    if activity.status == Status.BOOKED:
        return Stage.CONFIRMED
    return Stage.PROPOSED if latest is not None and latest.is_open else Stage.PLANNED


_STAGE_LABELS: dict[str, str] = {
    Stage.PLANNED.value: "planned, no date yet",
    Stage.PROPOSED.value: "proposed, waiting for the school to choose a date",
    Stage.CONFIRMED.value: "confirmed",
    Stage.DELIVERED.value: "delivered",
    Stage.REPORT_WRITTEN.value: "delivered and written up",
    Stage.CANCELLED.value: "cancelled",
    Stage.SUPERSEDED.value: "dropped from the plan after a category change",
}


def stage_label(stage: str) -> str:
    """A stage as people say it: 'proposed, waiting for the school to choose a date'."""
    return _STAGE_LABELS.get(str(stage), str(stage))


@dataclass
class Visit:
    """An activity with its proposals (oldest first), and the events its changes produced."""

    activity: PlannedActivity
    proposals: list[Proposal] = field(default_factory=list)
    events: list[VisitEvent] = field(default_factory=list)
    """New events, to be stored with the change."""
    name: str = ""
    """What people call the activity ('Autumn Conversation'), for messages."""

    @property
    def latest(self) -> Proposal | None:
        return self.proposals[-1] if self.proposals else None

    @property
    def open_proposal(self) -> Proposal | None:
        latest = self.latest
        return latest if latest is not None and latest.is_open else None

    @property
    def stage(self) -> Stage:
        return stage_of(self.activity, self.latest)

    @property
    def _what(self) -> str:
        return self.name or self.activity.activity.replace("_", " ")

    def _record(self, kind: EventKind, by: str, at: datetime, **detail: JsonValue) -> None:
        self.activity.version += 1
        self.events.append(VisitEvent(kind, by, at, detail, activity_id=self.activity.id))

    def propose(
        self,
        options: Sequence[datetime],
        *,
        by: str,
        at: datetime,
        year: AcademicYear,
        today: date,
        note: str = "",
        by_person_id: int | None = None,
    ) -> None:
        """Propose one to three dates and times; a confirmed visit proposed again is moved."""
        activity = self.activity
        if activity.status not in (Status.PLANNED, Status.BOOKED):
            raise VisitError(
                f"the {self._what} is {stage_label(self.stage)}: it can't be given new dates"
            )
        chosen = check_options(activity, year, options, today, self._what)
        moved_from = activity.starts_at or (
            datetime.combine(activity.booked_on, datetime.min.time())
            if activity.booked_on
            else None
        )
        previous = self.open_proposal
        if previous is not None:
            previous.status = ProposalStatus.WITHDRAWN
        self.proposals.append(
            Proposal(
                options=chosen,
                proposed_by=by,
                proposed_at=at,
                note=note.strip(),
                proposed_by_person_id=by_person_id,
                activity_id=activity.id,
            )
        )
        iso = [option.isoformat() for option in chosen]
        if activity.status == Status.BOOKED:
            activity.status = Status.PLANNED
            activity.booked_on = None
            activity.start_time = None
            activity.confirmed_by = ""
            activity.confirmed_on_behalf = False
            self._record(
                EventKind.MOVED,
                by,
                at,
                options=iso,
                note=note.strip(),
                moved_from=moved_from.isoformat() if moved_from else None,
            )
        else:
            self._record(EventKind.PROPOSED, by, at, options=iso, note=note.strip())

    def is_confirmed_at(self, chosen: datetime) -> bool:
        """True when the visit is already confirmed for that date and time (a repeated click)."""
        return self.activity.status == Status.BOOKED and self.activity.starts_at == local(chosen)

    def confirm(self, chosen: datetime, *, by: str, at: datetime, on_behalf: bool) -> bool:
        """Confirm one of the proposed dates; False (and no change) if already confirmed there."""
        chosen = local(chosen)
        if self.is_confirmed_at(chosen):
            return False
        proposal = self.open_proposal
        if proposal is None:
            if self.activity.status == Status.BOOKED and self.activity.starts_at:
                raise VisitError(
                    f"the {self._what} is already confirmed for "
                    f"{long_datetime(self.activity.starts_at)}: ask the advisor to move it"
                )
            raise VisitError(
                f"there are no dates to confirm for the {self._what} "
                f"({stage_label(self.stage)}): the advisor needs to propose some"
            )
        if chosen not in proposal.options:
            offered = ", ".join(long_datetime(o) for o in proposal.options)
            raise VisitError(
                f"{long_datetime(chosen)} is not one of the dates proposed: choose {offered}"
            )
        proposal.status = ProposalStatus.ACCEPTED
        proposal.chosen = chosen
        proposal.responded_by = by
        proposal.responded_at = at
        activity = self.activity
        activity.status = Status.BOOKED
        activity.booked_on = chosen.date()
        activity.start_time = chosen.time()
        activity.confirmed_by = by
        activity.confirmed_on_behalf = on_behalf
        self._record(
            EventKind.CONFIRMED, by, at, chosen=chosen.isoformat(), on_behalf=on_behalf
        )
        return True

    def suggest_other_date(
        self,
        suggested: date,
        note: str,
        *,
        by: str,
        at: datetime,
        year: AcademicYear,
        today: date,
    ) -> None:
        """Decline the proposal with another date; the advisor then proposes again."""
        proposal = self.open_proposal
        if proposal is None:
            raise VisitError(
                f"there are no proposed dates to answer for the {self._what} "
                f"({stage_label(self.stage)})"
            )
        check_visit_day(self.activity, year, suggested, today, self._what)
        proposal.status = ProposalStatus.DECLINED
        proposal.suggested_date = suggested
        proposal.response_note = note.strip()
        proposal.responded_by = by
        proposal.responded_at = at
        self._record(
            EventKind.ANOTHER_DATE_SUGGESTED,
            by,
            at,
            suggested=suggested.isoformat(),
            note=note.strip(),
        )

    def deliver(
        self,
        used: DayCost,
        delivered_on: date,
        *,
        remaining: Decimal,
        by: str,
        at: datetime,
        today: date,
        over_reason: str = "",
    ) -> None:
        """Record a confirmed visit as done with the days it used.

        More days than remain for the year need a reason (OverAllocated without one).
        """
        activity = self.activity
        if activity.status != Status.BOOKED:
            raise VisitError(
                f"only a confirmed visit can be recorded as delivered: the {self._what} is "
                f"{stage_label(self.stage)}"
            )
        if delivered_on > today:
            raise VisitError(
                f"{long_date(delivered_on)} is still to come: record the visit once it has happened"
            )
        try:
            used = DayCost(days(used.prep), days(used.visit), days(used.write_up))
        except InvalidDays as exc:
            raise VisitError(f"days used: {exc}") from exc
        if used.total <= ZERO:
            raise VisitError("record the days the visit used: at least a quarter of a day")
        reason = over_reason.strip()
        if used.total > remaining and not reason:
            raise OverAllocated(
                f"the {self._what} used {show(used.total)} days but only {show(remaining)} are "
                f"left for {activity.academic_year}: give a reason to record it over the "
                "allocation"
            )
        activity.status = Status.DELIVERED
        activity.delivered_on = delivered_on
        activity.used = used
        activity.over_reason = reason if used.total > remaining else ""
        self._record(
            EventKind.DELIVERED,
            by,
            at,
            delivered_on=delivered_on.isoformat(),
            prep=str(used.prep),
            visit=str(used.visit),
            write_up=str(used.write_up),
            over_reason=activity.over_reason,
        )

    def write_report(self, written_on: date, *, by: str, at: datetime, today: date) -> None:
        """Record that the write-up of a delivered visit is done."""
        activity = self.activity
        if activity.status != Status.DELIVERED:
            raise VisitError(
                f"the report can be recorded once the visit is delivered: the {self._what} is "
                f"{stage_label(self.stage)}"
            )
        if activity.report_written_on is not None:
            raise VisitError(
                f"the report for the {self._what} was recorded as written on "
                f"{long_date(activity.report_written_on)}"
            )
        if written_on > today:
            raise VisitError(f"{long_date(written_on)} is still to come: record it once written")
        if activity.delivered_on is not None and written_on < activity.delivered_on:
            raise VisitError(
                f"the report can't be written before the visit on "
                f"{long_date(activity.delivered_on)}"
            )
        activity.report_written_on = written_on
        self._record(EventKind.REPORT_WRITTEN, by, at, written_on=written_on.isoformat())

    def cancel(self, reason: str, *, by: str, at: datetime) -> None:
        """Call off a visit not yet delivered; its days go back to the establishment."""
        activity = self.activity
        if activity.status not in (Status.PLANNED, Status.BOOKED):
            raise VisitError(
                f"the {self._what} is {stage_label(self.stage)}: it can't be cancelled"
            )
        if not reason.strip():
            raise VisitError("say why the visit is cancelled: the reason is kept with the plan")
        proposal = self.open_proposal
        if proposal is not None:
            proposal.status = ProposalStatus.WITHDRAWN
        was = activity.starts_at
        activity.status = Status.CANCELLED
        activity.reason = reason.strip()
        self._record(
            EventKind.CANCELLED,
            by,
            at,
            reason=reason.strip(),
            was=was.isoformat() if was else None,
        )


def local(moment: datetime) -> datetime:
    """A visit's date and time as local wall-clock time (any timezone given is dropped)."""
    return moment.replace(tzinfo=None)


def check_options(
    activity: PlannedActivity,
    year: AcademicYear,
    options: Sequence[datetime],
    today: date,
    name: str = "",
) -> tuple[datetime, ...]:
    """The proposed dates, checked: one to three, different, each a suitable day."""
    chosen = tuple(local(option) for option in options)
    if not chosen:
        raise VisitError("propose at least one date and time")
    if len(chosen) > MAX_OPTIONS:
        raise VisitError(f"propose at most {MAX_OPTIONS} dates, not {len(chosen)}")
    if len(set(chosen)) != len(chosen):
        raise VisitError("the same date and time is proposed twice: give different options")
    for option in chosen:
        check_visit_day(activity, year, option.date(), today, name)
    return chosen


# --- Words ------------------------------------------------------------------------------------


def long_date(day: date) -> str:
    """'Tue 12 Jan 2027'."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def long_datetime(moment: datetime) -> str:
    """'Tue 12 Jan 2027 09:30'."""
    return f"{long_date(moment.date())} {moment:%H:%M}"


def _when(text: JsonValue) -> str:
    if not isinstance(text, str) or not text:
        return ""
    if "T" in text:
        return long_datetime(datetime.fromisoformat(text))
    return long_date(date.fromisoformat(text))


def describe(event: VisitEvent) -> str:
    """One line of history: '3 Dec 2026: Sam Patel proposed Tue 12 Jan 2027 09:30'."""
    detail = event.detail
    options = detail.get("options")
    offered = ", ".join(_when(o) for o in options) if isinstance(options, list) else ""
    note = detail.get("note")
    note_text = f" ({note})" if isinstance(note, str) and note else ""
    match event.kind:
        case EventKind.PROPOSED:
            what = f"proposed {offered}{note_text}"
        case EventKind.MOVED:
            moved_from = _when(detail.get("moved_from"))
            what = f"moved it from {moved_from}, proposing {offered}{note_text}"
        case EventKind.CONFIRMED:
            behalf = " on the school's behalf" if detail.get("on_behalf") else ""
            what = f"confirmed {_when(detail.get('chosen'))}{behalf}"
        case EventKind.ANOTHER_DATE_SUGGESTED:
            what = f"suggested {_when(detail.get('suggested'))} instead{note_text}"
        case EventKind.DELIVERED:
            used = total(
                Decimal(str(detail.get(part) or "0")) for part in ("prep", "visit", "write_up")
            )
            over = detail.get("over_reason")
            over_text = f", over the allocation: {over}" if isinstance(over, str) and over else ""
            what = (
                f"recorded it delivered on {_when(detail.get('delivered_on'))} "
                f"({show(used)} days{over_text})"
            )
        case EventKind.REPORT_WRITTEN:
            what = f"recorded the report written on {_when(detail.get('written_on'))}"
        case EventKind.CANCELLED:
            what = f"cancelled it: {detail.get('reason') or 'no reason given'}"
        case _:  # pragma: no cover - every kind is listed above
            what = str(event.kind)
    return f"{event.at.day} {event.at:%b %Y}: {event.by} {what}"


# --- The read model ---------------------------------------------------------------------------


def contact(person: Person) -> Contact:
    return Contact(name=person.name, entra_object_id=person.entra_object_id, person_id=person.id)


def view_of(
    activity: PlannedActivity,
    *,
    school_name: str,
    activity_name: str,
    proposals: Sequence[Proposal],
    history: Sequence[VisitEvent],
    heads: Sequence[Person] = (),
    advisors: Sequence[Person] = (),
) -> VisitView:
    """What a card shows about one visit."""
    assert activity.id is not None, "a visit is viewed once its activity is stored"
    latest = proposals[-1] if proposals else None
    stage = stage_of(activity, latest)
    declined = (
        latest
        if latest is not None
        and latest.status == ProposalStatus.DECLINED
        and stage == Stage.PLANNED
        else None
    )
    return VisitView(
        activity_id=activity.id,
        version=activity.version,
        urn=activity.urn,
        school_name=school_name,
        activity=activity.activity,
        activity_name=activity_name,
        academic_year=activity.academic_year,
        window=activity.window,
        window_label=window_label(activity.window),
        month=activity.month,
        stage=stage.value,
        status=activity.status.value,
        options=latest.options if latest is not None else (),
        proposal_note=latest.note if latest is not None else "",
        proposed_by=latest.proposed_by if latest is not None else "",
        proposed_at=latest.proposed_at if latest is not None else None,
        starts_at=activity.starts_at,
        booked_on=activity.booked_on,
        confirmed_by=activity.confirmed_by,
        confirmed_on_behalf=activity.confirmed_on_behalf,
        suggested_date=declined.suggested_date if declined else None,
        suggestion_note=declined.response_note if declined else "",
        suggested_by=declined.responded_by if declined else "",
        heads=tuple(contact(p) for p in heads),
        advisors=tuple(contact(p) for p in advisors),
        planned=activity.planned,
        used=activity.used if activity.status == Status.DELIVERED else None,
        delivered_on=activity.delivered_on,
        report_written_on=activity.report_written_on,
        reason=activity.reason if activity.status == Status.CANCELLED else "",
        over_reason=activity.over_reason,
        history=tuple(describe(event) for event in history),
    )
