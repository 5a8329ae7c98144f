"""The record of every message the bot sends on its own: queued, then sent, failed or given up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from eecore.store.tables import OutboundMessageRow

QUEUED = "queued"
SENT = "sent"
FAILED = "failed"
"""The channel refused the message for good (a 4xx other than 412 or 429)."""
GAVE_UP = "gave_up"
"""Every try was throttled, timed out or met a server error."""
UNDELIVERABLE = "undeliverable"
"""Nowhere to send it: the person never installed the app."""

STATUSES = (QUEUED, SENT, FAILED, GAVE_UP, UNDELIVERABLE)
ERROR_LIMIT = 1000
"""last_error is cut to this many characters."""


@dataclass(frozen=True)
class OutboundMessage:
    """One outbound message as recorded."""

    id: int
    conversation_id: str
    tenant_id: str
    purpose: str
    payload: str
    status: str
    attempts: int
    last_error: str
    sent_activity_id: str
    created_at: datetime
    finished_at: datetime | None


def _now() -> datetime:
    return datetime.now(UTC)


class OutboundRepository:
    """Rows of `outbound_message`; the caller commits."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(
        self,
        *,
        conversation_id: str,
        tenant_id: str,
        purpose: str,
        payload: str,
        status: str = QUEUED,
        last_error: str = "",
    ) -> int:
        """Insert a message (queued unless told otherwise); its id."""
        if status not in STATUSES:
            raise ValueError(f"unknown outbound status {status!r}")
        finished = None if status == QUEUED else _now()
        row = OutboundMessageRow(
            conversation_id=conversation_id,
            tenant_id=tenant_id,
            purpose=purpose[:60],
            payload=payload,
            status=status,
            last_error=last_error[:ERROR_LIMIT],
            created_at=_now(),
            finished_at=finished,
        )
        self.session.add(row)
        await self.session.flush()
        assert row.id is not None
        return row.id

    async def record_queued(
        self, *, conversation_id: str, tenant_id: str, purpose: str, payload: str
    ) -> int:
        return await self.record(
            conversation_id=conversation_id, tenant_id=tenant_id, purpose=purpose, payload=payload
        )

    async def record_undeliverable(
        self, *, conversation_id: str, tenant_id: str, purpose: str, payload: str, reason: str
    ) -> int:
        return await self.record(
            conversation_id=conversation_id,
            tenant_id=tenant_id,
            purpose=purpose,
            payload=payload,
            status=UNDELIVERABLE,
            last_error=reason,
        )

    async def note_attempt(self, message_id: int, attempts: int, last_error: str) -> None:
        """A try failed and another follows: keep the count and why, still queued."""
        row = await self._row(message_id)
        row.attempts = attempts
        row.last_error = last_error[:ERROR_LIMIT]
        self.session.add(row)
        await self.session.flush()

    async def mark_sent(self, message_id: int, attempts: int, activity_id: str) -> None:
        await self._finish(message_id, SENT, attempts, None, activity_id)

    async def mark_failed(self, message_id: int, attempts: int, last_error: str) -> None:
        await self._finish(message_id, FAILED, attempts, last_error, None)

    async def mark_gave_up(self, message_id: int, attempts: int, last_error: str) -> None:
        await self._finish(message_id, GAVE_UP, attempts, last_error, None)

    async def get(self, message_id: int) -> OutboundMessage | None:
        row = await self.session.get(OutboundMessageRow, message_id)
        return _message(row) if row else None

    async def recent(
        self,
        limit: int = 50,
        *,
        status: str | None = None,
        conversation_id: str | None = None,
        purpose: str | None = None,
    ) -> list[OutboundMessage]:
        """The latest messages first, optionally only of one status, conversation or purpose."""
        query = select(OutboundMessageRow)
        if status is not None:
            query = query.where(OutboundMessageRow.status == status)
        if conversation_id is not None:
            query = query.where(OutboundMessageRow.conversation_id == conversation_id)
        if purpose is not None:
            query = query.where(OutboundMessageRow.purpose == purpose)
        rows = await self.session.exec(
            query.order_by(col(OutboundMessageRow.id).desc()).limit(limit)
        )
        return [_message(row) for row in rows]

    async def _row(self, message_id: int) -> OutboundMessageRow:
        row = await self.session.get(OutboundMessageRow, message_id)
        if row is None:
            raise LookupError(f"no outbound message {message_id}")
        return row

    async def _finish(
        self,
        message_id: int,
        status: str,
        attempts: int,
        last_error: str | None,
        activity_id: str | None,
    ) -> None:
        row = await self._row(message_id)
        row.status = status
        row.attempts = attempts
        if last_error is not None:
            row.last_error = last_error[:ERROR_LIMIT]
        if activity_id is not None:
            row.sent_activity_id = activity_id[:200]
        row.finished_at = _now()
        self.session.add(row)
        await self.session.flush()


def _message(row: OutboundMessageRow) -> OutboundMessage:
    assert row.id is not None
    return OutboundMessage(
        id=row.id,
        conversation_id=row.conversation_id,
        tenant_id=row.tenant_id,
        purpose=row.purpose,
        payload=row.payload,
        status=row.status,
        attempts=row.attempts,
        last_error=row.last_error,
        sent_activity_id=row.sent_activity_id,
        created_at=row.created_at,
        finished_at=row.finished_at,
    )
