"""Scheduled reminders: kept by key, claimed under a lease by one bot process, marked once.

Claiming is atomic on both databases. On PostgreSQL the due rows are picked with
`SELECT … FOR UPDATE SKIP LOCKED` and claimed by an UPDATE in the same transaction, so two
processes never pick the same row and neither waits for the other. On SQLite every transaction
begins with BEGIN IMMEDIATE (see eecore.store.database), which serialises writers: the select
and the update of one unit of work cannot interleave with another process's.

A claim holds until `claimed_until`; a process killed mid-send loses its claim when the lease
runs out and another process claims the reminder again. Only the worker named in `claimed_by`
may mark a reminder sent, failed or skipped, so a worker whose lease ran out and was re-claimed
by another cannot mark it a second time.

Build it on a unit of work's session: `ReminderRepository(uow.session)`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from eecore.domain.reminders import Claimed, PlannedReminder, ReminderStatus
from eecore.store.tables import (
    PlannedActivityRow,
    ReminderPreferenceRow,
    ScheduledMessageRow,
    VisitProposalRow,
)

PENDING = ReminderStatus.PENDING.value
CLAIMED = ReminderStatus.CLAIMED.value


def _utc(moment: datetime) -> datetime:
    """An aware time in UTC, as stored (SQLite keeps the wall time only, so it must be UTC)."""
    if moment.tzinfo is None:
        raise ValueError("reminder times must be timezone-aware")
    return moment.astimezone(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    """A time read back: SQLite returns it naive (it was stored in UTC)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _detail(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {"raw": text}
    return value if isinstance(value, dict) else {"value": value}


@dataclass(frozen=True)
class ScheduledReminder:
    """A scheduled reminder as stored, whatever its status."""

    id: int
    key: str
    kind: str
    person_id: int | None
    urn: str | None
    activity_id: int | None
    due_at: datetime
    status: str
    claimed_by: str
    claimed_until: datetime | None
    attempts: int
    detail: Mapping[str, Any] = field(default_factory=dict)
    finished_at: datetime | None = None


def _scheduled(row: ScheduledMessageRow) -> ScheduledReminder:
    assert row.id is not None
    due_at = _aware(row.due_at)
    assert due_at is not None
    return ScheduledReminder(
        id=row.id,
        key=row.key,
        kind=row.kind,
        person_id=row.person_id,
        urn=row.urn,
        activity_id=row.activity_id,
        due_at=due_at,
        status=row.status,
        claimed_by=row.claimed_by,
        claimed_until=_aware(row.claimed_until),
        attempts=row.attempts,
        detail=_detail(row.detail),
        finished_at=_aware(row.finished_at),
    )


def _claimed(row: ScheduledMessageRow) -> Claimed:
    scheduled = _scheduled(row)
    assert scheduled.claimed_until is not None
    return Claimed(
        id=scheduled.id,
        key=scheduled.key,
        kind=scheduled.kind,
        person_id=scheduled.person_id,
        urn=scheduled.urn,
        activity_id=scheduled.activity_id,
        due_at=scheduled.due_at,
        attempts=scheduled.attempts,
        claimed_by=scheduled.claimed_by,
        claimed_until=scheduled.claimed_until,
        detail=scheduled.detail,
    )


_CHUNK = 500
"""Rows to one INSERT (SQLite allows 32,766 parameters to a statement; a row has 12)."""


def _values(reminder: PlannedReminder) -> dict[str, Any]:
    return {
        "key": reminder.key,
        "kind": reminder.kind.value,
        "person_id": reminder.person_id,
        "urn": reminder.urn,
        "activity_id": reminder.activity_id,
        "due_at": _utc(reminder.due_at),
        "status": PENDING,
        "claimed_by": "",
        "claimed_until": None,
        "attempts": 0,
        "detail": json.dumps(dict(reminder.detail), sort_keys=True, default=str),
        "finished_at": None,
    }


class ReminderRepository:
    """Scheduled reminders and people's reminder preferences."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def _postgres(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    def _insert(self, table: Any) -> Any:
        """An INSERT that can say ON CONFLICT, in the dialect of the session's database."""
        return postgresql.insert(table) if self._postgres else sqlite.insert(table)

    # Scheduling ---------------------------------------------------------------------------

    async def schedule(self, reminder: PlannedReminder) -> bool:
        """Keep a reminder; True when it was new. The same key twice is a no-op (ON CONFLICT),
        except that a reminder cancelled earlier is scheduled again (a visit moved back)."""
        return await self.schedule_all([reminder]) == 1

    async def schedule_all(self, reminders: Iterable[PlannedReminder]) -> int:
        """Keep several reminders, a few hundred to a statement; how many were new (or
        brought back from cancelled). Keys already pending, claimed or done are left alone."""
        unique = {r.key: r for r in reminders}
        rows = [_values(r) for r in unique.values()]
        table = ScheduledMessageRow.__table__  # type: ignore[attr-defined]
        count = 0
        for start in range(0, len(rows), _CHUNK):
            statement = self._insert(table).values(rows[start : start + _CHUNK])
            revived = {name: statement.excluded[name] for name in rows[0] if name != "key"}
            statement = statement.on_conflict_do_update(
                index_elements=[table.c.key],
                set_=revived,
                where=table.c.status == ReminderStatus.CANCELLED.value,
            )
            result = await self.session.exec(statement)
            count += max(int(result.rowcount), 0)
        return count

    async def cancel_for_activity(
        self, activity_id: int, kinds: Iterable[str] | None = None, *, now: datetime
    ) -> int:
        """Cancel an activity's pending reminders (all kinds, or the ones named); how many.

        Claimed ones are left to their worker: they are being sent now."""
        conditions = [
            col(ScheduledMessageRow.activity_id) == activity_id,
            col(ScheduledMessageRow.status) == PENDING,
        ]
        if kinds is not None:
            conditions.append(col(ScheduledMessageRow.kind).in_([str(k) for k in kinds]))
        result = await self.session.exec(
            update(ScheduledMessageRow)
            .where(*conditions)
            .values(status=ReminderStatus.CANCELLED.value, finished_at=_utc(now))
        )
        return int(result.rowcount)

    # Claiming -----------------------------------------------------------------------------

    async def claim_due(
        self, worker: str, now: datetime, limit: int, lease: timedelta
    ) -> list[Claimed]:
        """Claim up to `limit` reminders that are due (pending, due_at <= now) or whose claim
        has lapsed (claimed, claimed_until < now), oldest first, for `lease`.

        Commit the unit of work to keep the claim. Atomic on both databases (see above)."""
        if not worker:
            raise ValueError("a worker needs a name to claim reminders")
        if limit <= 0:
            return []
        moment = _utc(now)
        due = or_(
            and_(
                col(ScheduledMessageRow.status) == PENDING,
                col(ScheduledMessageRow.due_at) <= moment,
            ),
            and_(
                col(ScheduledMessageRow.status) == CLAIMED,
                col(ScheduledMessageRow.claimed_until) < moment,
            ),
        )
        picking = (
            select(ScheduledMessageRow.id)
            .where(due)
            .order_by(col(ScheduledMessageRow.due_at), col(ScheduledMessageRow.id))
            .limit(limit)
        )
        if self._postgres:
            picking = picking.with_for_update(skip_locked=True)
        ids = [i for i in (await self.session.exec(picking)).all() if i is not None]
        if not ids:
            return []
        await self.session.exec(
            update(ScheduledMessageRow)
            .where(col(ScheduledMessageRow.id).in_(ids))
            .values(
                status=CLAIMED,
                claimed_by=worker,
                claimed_until=_utc(now + lease),
                attempts=col(ScheduledMessageRow.attempts) + 1,
            )
            .execution_options(synchronize_session=False)
        )
        rows = await self.session.exec(
            select(ScheduledMessageRow)
            .where(col(ScheduledMessageRow.id).in_(ids))
            .order_by(col(ScheduledMessageRow.due_at), col(ScheduledMessageRow.id))
            .execution_options(populate_existing=True)
        )
        return [_claimed(row) for row in rows]

    async def _finish(self, reminder_id: int, worker: str, values: dict[str, Any]) -> bool:
        """Change a claimed reminder, only if this worker holds the claim."""
        result = await self.session.exec(
            update(ScheduledMessageRow)
            .where(
                col(ScheduledMessageRow.id) == reminder_id,
                col(ScheduledMessageRow.status) == CLAIMED,
                col(ScheduledMessageRow.claimed_by) == worker,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    async def _detail_of(self, reminder_id: int) -> dict[str, Any]:
        text = (
            await self.session.exec(
                select(ScheduledMessageRow.detail).where(col(ScheduledMessageRow.id) == reminder_id)
            )
        ).first()
        return _detail(text or "{}")

    async def mark_sent(self, reminder_id: int, worker: str, *, now: datetime) -> bool:
        """Record a reminder as sent; False (and nothing changed) unless `worker` holds it."""
        return await self._finish(
            reminder_id,
            worker,
            {
                "status": ReminderStatus.SENT.value,
                "claimed_until": None,
                "finished_at": _utc(now),
            },
        )

    async def mark_skipped(
        self, reminder_id: int, worker: str, reason: str, *, now: datetime
    ) -> bool:
        """Record a reminder as not sent on purpose, and why; False unless `worker` holds it."""
        detail = await self._detail_of(reminder_id)
        detail["skipped"] = reason
        return await self._finish(
            reminder_id,
            worker,
            {
                "status": ReminderStatus.SKIPPED.value,
                "claimed_until": None,
                "finished_at": _utc(now),
                "detail": json.dumps(detail, sort_keys=True, default=str),
            },
        )

    async def mark_failed(
        self,
        reminder_id: int,
        worker: str,
        error: str,
        *,
        now: datetime,
        retry_at: datetime | None,
    ) -> bool:
        """Record a failed attempt: back to pending, due again at `retry_at`, or given up
        (status failed) when `retry_at` is None. False unless `worker` holds it."""
        detail = await self._detail_of(reminder_id)
        detail["last_error"] = error[:500]
        values: dict[str, Any] = {
            "claimed_until": None,
            "detail": json.dumps(detail, sort_keys=True, default=str),
        }
        if retry_at is None:
            values |= {"status": ReminderStatus.FAILED.value, "finished_at": _utc(now)}
        else:
            values |= {"status": PENDING, "claimed_by": "", "due_at": _utc(retry_at)}
        return await self._finish(reminder_id, worker, values)

    # Reading ------------------------------------------------------------------------------

    async def get(self, reminder_id: int) -> ScheduledReminder | None:
        row = (
            await self.session.exec(
                select(ScheduledMessageRow)
                .where(col(ScheduledMessageRow.id) == reminder_id)
                .execution_options(populate_existing=True)
            )
        ).first()
        return _scheduled(row) if row else None

    async def find(
        self,
        *,
        activity_id: int | None = None,
        person_id: int | None = None,
        status: str | None = None,
    ) -> list[ScheduledReminder]:
        """Scheduled reminders, oldest due first, filtered as asked."""
        statement = select(ScheduledMessageRow).execution_options(populate_existing=True)
        if activity_id is not None:
            statement = statement.where(col(ScheduledMessageRow.activity_id) == activity_id)
        if person_id is not None:
            statement = statement.where(col(ScheduledMessageRow.person_id) == person_id)
        if status is not None:
            statement = statement.where(col(ScheduledMessageRow.status) == status)
        rows = await self.session.exec(
            statement.order_by(col(ScheduledMessageRow.due_at), col(ScheduledMessageRow.id))
        )
        return [_scheduled(row) for row in rows]

    async def count_by_status(self) -> dict[str, int]:
        rows = await self.session.exec(
            select(ScheduledMessageRow.status, func.count()).group_by(
                col(ScheduledMessageRow.status)
            )
        )
        return {status: int(count) for status, count in rows}

    # What still applies -------------------------------------------------------------------

    async def activity_state(self, activity_id: int) -> tuple[str, bool] | None:
        """An activity's status and whether its report is written; None if there is none."""
        row = (
            await self.session.exec(
                select(PlannedActivityRow)
                .where(col(PlannedActivityRow.id) == activity_id)
                .execution_options(populate_existing=True)
            )
        ).first()
        if row is None:
            return None
        return row.status, row.report_written_on is not None

    async def proposal_status(self, proposal_id: int) -> str | None:
        return (
            await self.session.exec(
                select(VisitProposalRow.status).where(col(VisitProposalRow.id) == proposal_id)
            )
        ).first()

    # Preferences --------------------------------------------------------------------------

    async def enabled(self, person_id: int, kind: str) -> bool:
        """Whether a person wants a kind of reminder (yes unless they turned it off)."""
        row = await self.session.get(ReminderPreferenceRow, (person_id, str(kind)))
        return True if row is None else row.enabled

    async def set_enabled(self, person_id: int, kind: str, enabled: bool) -> None:
        """Turn a kind of reminder off (or back on) for a person."""
        table = ReminderPreferenceRow.__table__  # type: ignore[attr-defined]
        statement = self._insert(table).values(person_id=person_id, kind=str(kind), enabled=enabled)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.person_id, table.c.kind], set_={"enabled": enabled}
        )
        await self.session.exec(statement)
        existing = await self.session.get(ReminderPreferenceRow, (person_id, str(kind)))
        if existing is not None:
            await self.session.refresh(existing)

    async def preferences(self, person_id: int) -> dict[str, bool]:
        rows = await self.session.exec(
            select(ReminderPreferenceRow).where(col(ReminderPreferenceRow.person_id) == person_id)
        )
        return {row.kind: row.enabled for row in rows}


__all__ = ["Claimed", "ReminderRepository", "ScheduledReminder"]
