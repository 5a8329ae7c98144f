"""Reminders: schedule them from what happens to visits, claim the due ones, record the outcome.

Every function takes a UnitOfWork, opens it, and commits what it did, so a bot process can call
them one after another. Claiming is safe with any number of processes: see
eecore.store.reminders.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from eecore.config import Settings
from eecore.domain.calendar import Calendar
from eecore.domain.ledger import Status
from eecore.domain.reminders import (
    Claimed,
    PlannedReminder,
    ReminderKind,
    ReminderRules,
)
from eecore.store.reminders import ReminderRepository, ScheduledReminder
from eecore.store.uow import UnitOfWork

MAX_ATTEMPTS = 5
"""Claims of one reminder before it is given up as failed."""
RETRY_BACKOFF = timedelta(minutes=5)
"""The wait after a first failed attempt; doubled after each further one."""

_PROPOSAL_KINDS = (
    ReminderKind.PROPOSAL_UNCONFIRMED_HEAD.value,
    ReminderKind.PROPOSAL_UNCONFIRMED_ADVISOR.value,
)
_VISIT_KINDS = (ReminderKind.VISIT_UPCOMING_7D.value, ReminderKind.VISIT_UPCOMING_1D.value)


def rules_from(calendar: Calendar, settings: Settings | None = None) -> ReminderRules:
    """The reminder rules for a council's calendar, with the zone and quiet hours configured."""
    if settings is None:
        return ReminderRules(calendar)
    return ReminderRules(
        calendar,
        timezone=settings.timezone,
        quiet_start=settings.quiet_hours_start,
        quiet_end=settings.quiet_hours_end,
    )


# Scheduling -------------------------------------------------------------------------------


async def schedule(uow: UnitOfWork, reminders: Iterable[PlannedReminder]) -> int:
    """Keep reminders (idempotent by key); how many were new."""
    async with uow:
        count = await ReminderRepository(uow.session).schedule_all(reminders)
        await uow.commit()
    return count


async def schedule_proposal(
    uow: UnitOfWork,
    rules: ReminderRules,
    *,
    activity_id: int,
    sent_at: datetime,
    heads: Iterable[int],
    advisors: Iterable[int],
    urn: str | None = None,
    proposal_id: int | None = None,
) -> int:
    """Chase proposed dates: the head or manager after 3 school days, the advisor after 5.

    With a proposal_id, the chasers are skipped if that proposal is answered by then."""
    detail = {} if proposal_id is None else {"proposal_id": proposal_id}
    plans = rules.proposal_reminders(
        activity_id=activity_id,
        sent_at=sent_at,
        heads=heads,
        advisors=advisors,
        urn=urn,
        detail=detail,
    )
    return await schedule(uow, plans)


async def schedule_visit(
    uow: UnitOfWork,
    rules: ReminderRules,
    *,
    activity_id: int,
    on: date,
    start: time | None = None,
    attendees: Iterable[int],
    now: datetime,
    urn: str | None = None,
) -> int:
    """Remind everyone attending a confirmed visit 7 days and 1 day before it.

    A visit moved elsewhere: cancel_for_activity first, then schedule the new date. The
    unanswered-proposal chasers of the activity are cancelled too: it is confirmed."""
    starts_at = rules.visit_start(on, start)
    plans = rules.visit_reminders(
        activity_id=activity_id, starts_at=starts_at, attendees=attendees, now=now, urn=urn
    )
    async with uow:
        repository = ReminderRepository(uow.session)
        await repository.cancel_for_activity(activity_id, _PROPOSAL_KINDS, now=now)
        count = await repository.schedule_all(plans)
        await uow.commit()
    return count


async def schedule_report_overdue(
    uow: UnitOfWork,
    rules: ReminderRules,
    *,
    activity_id: int,
    delivered_on: date,
    advisors: Iterable[int],
    urn: str | None = None,
) -> int:
    """Remind the advisor 10 days after delivery, unless the report is written by then."""
    plans = rules.report_overdue_reminders(
        activity_id=activity_id, delivered_on=delivered_on, advisors=advisors, urn=urn
    )
    return await schedule(uow, plans)


async def schedule_weekly_digests(uow: UnitOfWork, rules: ReminderRules, now: datetime) -> int:
    """Schedule the next weekly digest of each advisor with a caseload (idempotent: safe to call
    every hour). A lead with no schools of their own gets none: it would always be empty."""
    async with uow:
        advisors = [
            p for p in await uow.people.all() if p.is_advisor and p.caseload and p.id is not None
        ]
        plans = [rules.next_digest(p.id, now) for p in advisors if p.id is not None]
        count = await ReminderRepository(uow.session).schedule_all(p for p in plans if p)
        await uow.commit()
    return count


async def cancel_for_activity(
    uow: UnitOfWork, activity_id: int, *, now: datetime, kinds: Iterable[str] | None = None
) -> int:
    """Cancel an activity's pending reminders (when a visit is moved or cancelled); how many."""
    async with uow:
        count = await ReminderRepository(uow.session).cancel_for_activity(
            activity_id, kinds, now=now
        )
        await uow.commit()
    return count


# Preferences ------------------------------------------------------------------------------


async def set_preference(uow: UnitOfWork, person_id: int, kind: str, enabled: bool) -> None:
    """Turn one kind of reminder off (or back on) for a person."""
    ReminderKind(kind)  # a ValueError for a kind that does not exist
    async with uow:
        await ReminderRepository(uow.session).set_enabled(person_id, kind, enabled)
        await uow.commit()


async def preferences(uow: UnitOfWork, person_id: int) -> dict[str, bool]:
    """Every kind of reminder and whether the person gets it."""
    async with uow:
        chosen = await ReminderRepository(uow.session).preferences(person_id)
    return {kind.value: chosen.get(kind.value, True) for kind in ReminderKind}


# Claiming and sending ---------------------------------------------------------------------


async def claim_due(
    uow: UnitOfWork, worker: str, now: datetime, limit: int, lease: timedelta
) -> list[Claimed]:
    """Claim up to `limit` due reminders for `worker`, until now + lease (committed)."""
    async with uow:
        claimed = await ReminderRepository(uow.session).claim_due(worker, now, limit, lease)
        await uow.commit()
    return claimed


async def skip_reasons(uow: UnitOfWork, batch: Sequence[Claimed]) -> dict[int, str]:
    """Why some claimed reminders should not be sent now, by id: the person turned the kind off,
    the activity was called off, the report is written, the proposal is answered."""
    reasons: dict[int, str] = {}
    async with uow:
        repository = ReminderRepository(uow.session)
        for claimed in batch:
            reason = await _skip_reason(repository, claimed)
            if reason:
                reasons[claimed.id] = reason
    return reasons


async def _skip_reason(repository: ReminderRepository, claimed: Claimed) -> str | None:
    if claimed.person_id is not None and not await repository.enabled(
        claimed.person_id, claimed.kind
    ):
        return "turned off by the person"
    if claimed.activity_id is None:
        return None
    state = await repository.activity_state(claimed.activity_id)
    if state is None:
        return "the activity no longer exists"
    status, report_written = state
    if status in (Status.CANCELLED.value, Status.SUPERSEDED.value):
        return f"the activity is {status}"
    if claimed.kind == ReminderKind.REPORT_OVERDUE.value and report_written:
        return "the report is written"
    if claimed.kind in _VISIT_KINDS and status != Status.BOOKED.value:
        return f"the visit is {status}, not booked"
    if claimed.kind in _PROPOSAL_KINDS:
        proposal_id = claimed.detail.get("proposal_id")
        if isinstance(proposal_id, int):
            answer = await repository.proposal_status(proposal_id)
            if answer != "open":
                return f"the proposal is {answer or 'gone'}"
        elif status == Status.DELIVERED.value:
            return "the activity is delivered"
    return None


async def mark_sent(uow: UnitOfWork, reminder_id: int, worker: str, now: datetime) -> bool:
    """Record a reminder sent; False when `worker` does not hold its claim (nothing changes)."""
    async with uow:
        done = await ReminderRepository(uow.session).mark_sent(reminder_id, worker, now=now)
        await uow.commit()
    return done


async def mark_skipped(
    uow: UnitOfWork, reminder_id: int, worker: str, reason: str, now: datetime
) -> bool:
    """Record a reminder not sent on purpose; False when `worker` does not hold its claim."""
    async with uow:
        done = await ReminderRepository(uow.session).mark_skipped(
            reminder_id, worker, reason, now=now
        )
        await uow.commit()
    return done


def retry_time(
    rules: ReminderRules,
    attempts: int,
    now: datetime,
    *,
    max_attempts: int = MAX_ATTEMPTS,
    backoff: timedelta = RETRY_BACKOFF,
) -> datetime | None:
    """When to try again after `attempts` failed claims (doubling, out of quiet hours), or None
    to give up."""
    if attempts >= max_attempts:
        return None
    return rules.next_allowed(now + backoff * 2 ** max(attempts - 1, 0))


async def mark_failed(
    uow: UnitOfWork,
    rules: ReminderRules,
    claimed: Claimed,
    worker: str,
    error: str,
    now: datetime,
    *,
    max_attempts: int = MAX_ATTEMPTS,
    backoff: timedelta = RETRY_BACKOFF,
) -> bool:
    """Record a failed send: pending again later, or status `failed` after max_attempts claims.
    False when `worker` does not hold the claim."""
    retry_at = retry_time(rules, claimed.attempts, now, max_attempts=max_attempts, backoff=backoff)
    async with uow:
        done = await ReminderRepository(uow.session).mark_failed(
            claimed.id, worker, error, now=now, retry_at=retry_at
        )
        await uow.commit()
    return done


async def find(
    uow: UnitOfWork,
    *,
    activity_id: int | None = None,
    person_id: int | None = None,
    status: str | None = None,
) -> list[ScheduledReminder]:
    """Scheduled reminders as stored, oldest due first."""
    async with uow:
        return await ReminderRepository(uow.session).find(
            activity_id=activity_id, person_id=person_id, status=status
        )


async def count_by_status(uow: UnitOfWork) -> dict[str, int]:
    async with uow:
        return await ReminderRepository(uow.session).count_by_status()
