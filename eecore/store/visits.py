"""Visit proposals and the history of planned activities, in the unit of work's session.

Services build it with `VisitRepository(uow.session)`; the activity itself is saved through
`uow.activities.save(..., read_version=...)`, which guards against two people changing it at once.

Proposed dates and times are local wall-clock times. They are kept as ISO text in `options`; the
chosen one is written to `chosen` (a timestamp with time zone) tagged as UTC so neither backend
shifts it, and read back as the same wall-clock time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from eecore.domain.visits import (
    EventKind,
    JsonValue,
    Proposal,
    ProposalStatus,
    Visit,
    VisitEvent,
)
from eecore.store.tables import (
    ActivityEventRow,
    PlannedActivityRow,
    VisitCardRow,
    VisitProposalRow,
)


def _aware(moment: datetime) -> datetime:
    """A moment as UTC: naive ones (SQLite gives them back so) are taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _floating(moment: datetime | None) -> datetime | None:
    """A local wall-clock time to store in a timestamp-with-time-zone column, unshifted."""
    return moment.replace(tzinfo=UTC) if moment is not None else None


def _wall_clock(moment: datetime | None) -> datetime | None:
    return _aware(moment).replace(tzinfo=None) if moment is not None else None


class VisitRepository:
    """Proposals for planned activities, and their events."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self, activity_id: int) -> None:
        """Hold the activity's row until the transaction ends, so what is read next (the activity
        and its proposals) is one consistent state and a concurrent change waits its turn.

        PostgreSQL takes a row lock (SELECT ... FOR UPDATE); SQLite already serialises writing
        transactions (BEGIN IMMEDIATE) and ignores it.
        """
        await self.session.exec(
            select(PlannedActivityRow.version)
            .where(col(PlannedActivityRow.id) == activity_id)
            .with_for_update()
        )

    async def proposals(self, activity_id: int) -> list[Proposal]:
        """Every proposal for an activity, oldest first."""
        rows = await self.session.exec(
            select(VisitProposalRow)
            .where(VisitProposalRow.activity_id == activity_id)
            .order_by(col(VisitProposalRow.id))
        )
        return [_proposal(row) for row in rows]

    async def latest_proposals(self, urns: Iterable[str]) -> dict[int, Proposal]:
        """The latest proposal of every activity of some establishments that has one."""
        wanted = sorted(set(urns))
        if not wanted:
            return {}
        rows = await self.session.exec(
            select(VisitProposalRow)
            .join(
                PlannedActivityRow,
                col(PlannedActivityRow.id) == col(VisitProposalRow.activity_id),
            )
            .where(col(PlannedActivityRow.urn).in_(wanted))
            .order_by(col(VisitProposalRow.id))
        )
        return {row.activity_id: _proposal(row) for row in rows}

    async def history(self, activity_id: int) -> list[VisitEvent]:
        """What happened to an activity, oldest first."""
        rows = await self.session.exec(
            select(ActivityEventRow)
            .where(ActivityEventRow.activity_id == activity_id)
            .order_by(col(ActivityEventRow.id))
        )
        return [_event(row) for row in rows]

    async def save(self, visit: Visit) -> None:
        """Write a visit's proposals (new and changed) and its new events.

        Save the activity first with `uow.activities.save`, so a stale change writes nothing.
        """
        activity_id = visit.activity.id
        if activity_id is None:
            raise ValueError("save the planned activity before its proposals")
        for proposal in visit.proposals:
            await self._save_proposal(activity_id, proposal)
        for event in visit.events:
            await self.add_event(activity_id, event)
        visit.events = []

    async def add_event(self, activity_id: int, event: VisitEvent) -> VisitEvent:
        row = ActivityEventRow(
            activity_id=activity_id,
            at=_aware(event.at),
            by=event.by,
            kind=event.kind.value,
            detail=event.detail_json,
        )
        self.session.add(row)
        await self.session.flush()
        return _event(row)

    async def _save_proposal(self, activity_id: int, proposal: Proposal) -> None:
        row = await self.session.get(VisitProposalRow, proposal.id) if proposal.id else None
        if row is None:
            row = VisitProposalRow(
                activity_id=activity_id,
                proposed_by=proposal.proposed_by,
                proposed_at=_aware(proposal.proposed_at),
                options="[]",
            )
        row.proposed_by = proposal.proposed_by
        row.proposed_by_person_id = proposal.proposed_by_person_id
        row.proposed_at = _aware(proposal.proposed_at)
        row.options = json.dumps([option.isoformat() for option in proposal.options])
        row.note = proposal.note
        row.status = proposal.status.value
        row.chosen = _floating(proposal.chosen)
        row.responded_by = proposal.responded_by
        row.responded_at = _aware(proposal.responded_at) if proposal.responded_at else None
        row.suggested_date = proposal.suggested_date
        row.response_note = proposal.response_note
        self.session.add(row)
        await self.session.flush()
        proposal.id = row.id
        proposal.activity_id = activity_id


def _proposal(row: VisitProposalRow) -> Proposal:
    return Proposal(
        id=row.id,
        activity_id=row.activity_id,
        options=tuple(datetime.fromisoformat(text) for text in json.loads(row.options)),
        proposed_by=row.proposed_by,
        proposed_by_person_id=row.proposed_by_person_id,
        proposed_at=_aware(row.proposed_at),
        note=row.note,
        status=ProposalStatus(row.status),
        chosen=_wall_clock(row.chosen),
        responded_by=row.responded_by,
        responded_at=_aware(row.responded_at) if row.responded_at else None,
        suggested_date=row.suggested_date,
        response_note=row.response_note,
    )


def _event(row: ActivityEventRow) -> VisitEvent:
    loaded: Any = json.loads(row.detail or "{}")
    detail: dict[str, JsonValue] = dict(loaded) if isinstance(loaded, dict) else {}
    return VisitEvent(
        id=row.id,
        activity_id=row.activity_id,
        kind=EventKind(row.kind),
        by=row.by,
        at=_aware(row.at),
        detail=detail,
    )


@dataclass(frozen=True)
class VisitCard:
    """A visit's card as shown in one conversation: the message to update when the visit changes."""

    activity_id: int
    conversation_id: str
    message_id: str
    entra_object_id: str


class VisitCardRepository:
    """Where each visit's card was last shown, one message per conversation."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def remember(self, card: VisitCard) -> None:
        """Keep the newest message showing a visit in a conversation."""
        row = (
            await self.session.exec(
                select(VisitCardRow).where(
                    VisitCardRow.activity_id == card.activity_id,
                    VisitCardRow.conversation_id == card.conversation_id,
                )
            )
        ).first()
        if row is None:
            row = VisitCardRow(
                activity_id=card.activity_id, conversation_id=card.conversation_id,
                message_id=card.message_id, updated_at=datetime.now(UTC),
            )
        row.message_id = card.message_id
        row.entra_object_id = card.entra_object_id.lower()
        row.updated_at = datetime.now(UTC)
        self.session.add(row)
        await self.session.flush()

    async def shown(self, activity_id: int) -> list[VisitCard]:
        rows = await self.session.exec(
            select(VisitCardRow).where(VisitCardRow.activity_id == activity_id)
        )
        return [
            VisitCard(r.activity_id, r.conversation_id, r.message_id, r.entra_object_id)
            for r in rows
        ]
