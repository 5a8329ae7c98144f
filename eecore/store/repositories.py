"""Repositories: load and save domain objects through the tables, one aggregate each."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from eecore.domain.categories import CategoryAssignment
from eecore.domain.days import ZERO, normalise
from eecore.domain.establishments import Establishment
from eecore.domain.ledger import Adjustment, PlannedActivity, Status
from eecore.domain.people import Person, Role, RoleGrant
from eecore.domain.policy import DayCost
from eecore.store.tables import (
    AdjustmentRow,
    CaseloadRow,
    CategoryAssignmentRow,
    ConversationAddressRow,
    EstablishmentRow,
    PersonRoleRow,
    PersonRow,
    PlannedActivityRow,
    ProcessedTurnRow,
    YearPlanRow,
)


class StaleActivity(Exception):
    """A planned activity changed since it was read: the caller's version is out of date."""


def _now() -> datetime:
    return datetime.now(UTC)


class EstablishmentRepository:
    """Establishments by URN."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, urn: str) -> Establishment | None:
        row = await self.session.get(EstablishmentRow, urn)
        return _establishment(row) if row else None

    async def get_many(self, urns: Iterable[str]) -> dict[str, Establishment]:
        wanted = list(set(urns))
        if not wanted:
            return {}
        rows = await self.session.exec(
            select(EstablishmentRow).where(col(EstablishmentRow.urn).in_(wanted))
        )
        return {row.urn: _establishment(row) for row in rows}

    async def save(self, establishment: Establishment) -> None:
        """Insert or update one establishment."""
        row = await self.session.get(EstablishmentRow, establishment.urn)
        if row is None:
            row = EstablishmentRow(
                urn=establishment.urn,
                name=establishment.name,
                kind=establishment.kind,
                updated_at=_now(),
            )
        for name in (
            "name",
            "kind",
            "phase",
            "la_code",
            "la_name",
            "status",
            "head_name",
            "opened_on",
            "ofsted_outcome",
            "ofsted_date",
            "source",
        ):
            setattr(row, name, getattr(establishment, name))
        row.updated_at = _now()
        self.session.add(row)
        await self.session.flush()

    async def names(self, *, open_only: bool = True) -> list[tuple[str, str]]:
        """(URN, name) of every establishment, for resolving what a person typed."""
        query = select(EstablishmentRow.urn, EstablishmentRow.name)
        if open_only:
            query = query.where(EstablishmentRow.status == "open")
        rows = await self.session.exec(query.order_by(EstablishmentRow.name))
        return [(urn, name) for urn, name in rows]

    async def all(self) -> list[Establishment]:
        rows = await self.session.exec(select(EstablishmentRow).order_by(EstablishmentRow.name))
        return [_establishment(row) for row in rows]

    async def count(self) -> int:
        result = await self.session.exec(select(func.count()).select_from(EstablishmentRow))
        return int(result.one())


def _establishment(row: EstablishmentRow) -> Establishment:
    return Establishment(
        urn=row.urn,
        name=row.name,
        kind=row.kind,
        phase=row.phase,
        la_code=row.la_code,
        la_name=row.la_name,
        status=row.status,
        head_name=row.head_name,
        opened_on=row.opened_on,
        ofsted_outcome=row.ofsted_outcome,
        ofsted_date=row.ofsted_date,
        source=row.source,
    )


class PersonRepository:
    """People with their roles and caseloads."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, person_id: int) -> Person | None:
        row = await self.session.get(PersonRow, person_id)
        return await self._person(row) if row else None

    async def by_entra_object_id(self, object_id: str) -> Person | None:
        return await self._one(PersonRow.entra_object_id == object_id.lower())

    async def by_email(self, email: str) -> Person | None:
        return await self._one(func.lower(PersonRow.email) == email.strip().lower())

    async def by_name(self, name: str) -> list[Person]:
        rows = await self.session.exec(
            select(PersonRow).where(func.lower(PersonRow.name) == name.strip().lower())
        )
        return [await self._person(row) for row in rows]

    async def all(self) -> list[Person]:
        rows = await self.session.exec(select(PersonRow).order_by(PersonRow.name))
        return [await self._person(row) for row in rows]

    async def heads_of(self, urn: str) -> list[Person]:
        """The people who hold a head or manager role for an establishment."""
        rows = await self.session.exec(
            select(PersonRow)
            .join(PersonRoleRow, col(PersonRoleRow.person_id) == col(PersonRow.id))
            .where(
                PersonRoleRow.urn == urn,
                col(PersonRoleRow.role).in_([Role.HEAD.value, Role.MANAGER.value]),
            )
            .distinct()
        )
        return [await self._person(row) for row in rows]

    async def advisors_of(self, urn: str) -> list[Person]:
        """The advisors with an establishment in their caseload."""
        rows = await self.session.exec(
            select(PersonRow)
            .join(CaseloadRow, col(CaseloadRow.person_id) == col(PersonRow.id))
            .where(CaseloadRow.urn == urn)
        )
        return [await self._person(row) for row in rows]

    async def save(self, person: Person) -> Person:
        """Insert or update a person, replacing their roles and caseload with the ones given."""
        row = await self.session.get(PersonRow, person.id) if person.id else None
        if row is None:
            row = PersonRow(name=person.name, updated_at=_now())
        row.name = person.name
        row.email = person.email.strip().lower() or None
        row.entra_object_id = person.entra_object_id.strip().lower() or None
        row.updated_at = _now()
        self.session.add(row)
        await self.session.flush()
        assert row.id is not None
        person.id = row.id
        await self.session.exec(delete(PersonRoleRow).where(col(PersonRoleRow.person_id) == row.id))
        await self.session.exec(delete(CaseloadRow).where(col(CaseloadRow.person_id) == row.id))
        for grant in sorted(person.roles, key=lambda g: (g.role.value, g.urn or "")):
            self.session.add(PersonRoleRow(person_id=row.id, role=grant.role.value, urn=grant.urn))
        for urn in sorted(person.caseload):
            self.session.add(CaseloadRow(person_id=row.id, urn=urn))
        await self.session.flush()
        return person

    async def count(self) -> int:
        result = await self.session.exec(select(func.count()).select_from(PersonRow))
        return int(result.one())

    async def _one(self, condition: object) -> Person | None:
        row = (await self.session.exec(select(PersonRow).where(condition))).first()  # type: ignore[arg-type]
        return await self._person(row) if row else None

    async def _person(self, row: PersonRow) -> Person:
        roles = await self.session.exec(
            select(PersonRoleRow).where(PersonRoleRow.person_id == row.id)
        )
        caseload = await self.session.exec(
            select(CaseloadRow.urn).where(CaseloadRow.person_id == row.id)
        )
        return Person(
            id=row.id,
            name=row.name,
            email=row.email or "",
            entra_object_id=row.entra_object_id or "",
            roles={RoleGrant(Role(r.role), r.urn) for r in roles},
            caseload=set(caseload),
        )


class CategoryRepository:
    """Category assignments: appended, never changed."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def history(self, urn: str) -> list[CategoryAssignment]:
        rows = await self.session.exec(
            select(CategoryAssignmentRow)
            .where(CategoryAssignmentRow.urn == urn)
            .order_by(col(CategoryAssignmentRow.effective_from), col(CategoryAssignmentRow.id))
        )
        return [_assignment(row) for row in rows]

    async def histories(
        self, urns: Iterable[str] | None = None
    ) -> dict[str, list[CategoryAssignment]]:
        query = select(CategoryAssignmentRow).order_by(
            col(CategoryAssignmentRow.effective_from), col(CategoryAssignmentRow.id)
        )
        if urns is not None:
            query = query.where(col(CategoryAssignmentRow.urn).in_(list(urns)))
        result: dict[str, list[CategoryAssignment]] = {}
        for row in await self.session.exec(query):
            result.setdefault(row.urn, []).append(_assignment(row))
        return result

    async def add(self, assignment: CategoryAssignment) -> CategoryAssignment:
        row = CategoryAssignmentRow(
            urn=assignment.urn,
            category=assignment.category,
            effective_from=assignment.effective_from,
            agreed_by=assignment.agreed_by,
            rationale=assignment.rationale,
            evidence=assignment.evidence,
            recorded_at=assignment.recorded_at,
        )
        self.session.add(row)
        await self.session.flush()
        return _assignment(row)


def _assignment(row: CategoryAssignmentRow) -> CategoryAssignment:
    return CategoryAssignment(
        id=row.id,
        urn=row.urn,
        category=row.category,
        effective_from=row.effective_from,
        agreed_by=row.agreed_by,
        rationale=row.rationale,
        evidence=row.evidence,
        recorded_at=row.recorded_at,
    )


class ActivityRepository:
    """Planned activities (the ledger's entries) by establishment and year."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def for_year(self, urn: str, academic_year: str) -> list[PlannedActivity]:
        rows = await self.session.exec(
            select(PlannedActivityRow)
            .where(PlannedActivityRow.urn == urn, PlannedActivityRow.academic_year == academic_year)
            .order_by(col(PlannedActivityRow.id))
        )
        return [_activity(row) for row in rows]

    async def for_year_of(
        self, urns: Iterable[str], academic_year: str
    ) -> list[PlannedActivity]:
        """The year's activities of several establishments, in one query, by URN then id."""
        wanted = sorted(set(urns))
        if not wanted:
            return []
        rows = await self.session.exec(
            select(PlannedActivityRow)
            .where(
                col(PlannedActivityRow.urn).in_(wanted),
                PlannedActivityRow.academic_year == academic_year,
            )
            .order_by(col(PlannedActivityRow.urn), col(PlannedActivityRow.id))
        )
        return [_activity(row) for row in rows]

    async def get(self, activity_id: int) -> PlannedActivity | None:
        row = await self.session.get(PlannedActivityRow, activity_id)
        return _activity(row) if row else None

    async def add(self, activity: PlannedActivity) -> PlannedActivity:
        row = PlannedActivityRow(updated_at=_now(), **_activity_columns(activity))
        self.session.add(row)
        await self.session.flush()
        activity.id = row.id
        return activity

    async def add_all(self, activities: Sequence[PlannedActivity]) -> None:
        """Add several activities with one round trip to the database."""
        rows = [PlannedActivityRow(updated_at=_now(), **_activity_columns(a)) for a in activities]
        self.session.add_all(rows)
        await self.session.flush()
        for activity, row in zip(activities, rows, strict=True):
            activity.id = row.id

    async def save(self, activity: PlannedActivity, *, read_version: int) -> None:
        """Write a changed activity, only if nobody changed it since it was read at read_version."""
        values = _activity_columns(activity)
        values["version"] = activity.version
        result = await self.session.exec(
            update(PlannedActivityRow)
            .where(
                col(PlannedActivityRow.id) == activity.id,
                col(PlannedActivityRow.version) == read_version,
            )
            .values(updated_at=_now(), **values)
        )
        if result.rowcount != 1:
            raise StaleActivity(f"planned activity {activity.id} changed since it was read")

    async def plan_generated(self, urn: str, academic_year: str) -> bool:
        """True once the year plan of an establishment has been generated."""
        return await self.session.get(YearPlanRow, (urn, academic_year)) is not None

    async def record_plan_generated(
        self, urn: str, academic_year: str, category: str | None
    ) -> None:
        """Record that a year plan exists (inserting twice fails, which guards against races)."""
        row = await self.session.get(YearPlanRow, (urn, academic_year))
        if row is None:
            row = YearPlanRow(
                urn=urn, academic_year=academic_year, category=category, generated_at=_now()
            )
        else:
            row.category = category
        self.session.add(row)
        await self.session.flush()

    async def years_planned(self, urn: str) -> list[str]:
        rows = await self.session.exec(
            select(PlannedActivityRow.academic_year).where(PlannedActivityRow.urn == urn).distinct()
        )
        return sorted(rows)


def _activity_columns(activity: PlannedActivity) -> dict[str, Any]:
    used = activity.used
    return {
        "urn": activity.urn,
        "academic_year": activity.academic_year,
        "activity": activity.activity,
        "window": activity.window,
        "prep_days": activity.planned.prep,
        "visit_days": activity.planned.visit,
        "write_up_days": activity.planned.write_up,
        "status": activity.status.value,
        "category": activity.category,
        "month": activity.month,
        "note": activity.note,
        "booked_on": activity.booked_on,
        "delivered_on": activity.delivered_on,
        "used_prep_days": used.prep if used else None,
        "used_visit_days": used.visit if used else None,
        "used_write_up_days": used.write_up if used else None,
        "reason": activity.reason,
        "version": activity.version,
        "start_time": activity.start_time,
        "confirmed_by": activity.confirmed_by,
        "confirmed_on_behalf": activity.confirmed_on_behalf,
        "report_written_on": activity.report_written_on,
        "over_reason": activity.over_reason,
    }


def _activity(row: PlannedActivityRow) -> PlannedActivity:
    used = None
    if row.used_visit_days is not None:
        used = DayCost(
            prep=normalise(row.used_prep_days if row.used_prep_days is not None else ZERO),
            visit=normalise(row.used_visit_days),
            write_up=normalise(
                row.used_write_up_days if row.used_write_up_days is not None else ZERO
            ),
        )
    return PlannedActivity(
        id=row.id,
        urn=row.urn,
        academic_year=row.academic_year,
        activity=row.activity,
        window=row.window,
        planned=DayCost(
            prep=normalise(row.prep_days),
            visit=normalise(row.visit_days),
            write_up=normalise(row.write_up_days),
        ),
        status=Status(row.status),
        category=row.category,
        month=row.month,
        note=row.note,
        booked_on=row.booked_on,
        delivered_on=row.delivered_on,
        used=used,
        reason=row.reason,
        version=row.version,
        start_time=row.start_time,
        confirmed_by=row.confirmed_by,
        confirmed_on_behalf=row.confirmed_on_behalf,
        report_written_on=row.report_written_on,
        over_reason=row.over_reason,
    )


class AdjustmentRepository:
    """Adjustments to an establishment's allocation, each with a reason."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def for_year(self, urn: str, academic_year: str) -> list[Adjustment]:
        rows = await self.session.exec(
            select(AdjustmentRow)
            .where(AdjustmentRow.urn == urn, AdjustmentRow.academic_year == academic_year)
            .order_by(col(AdjustmentRow.id))
        )
        return [
            Adjustment(
                id=row.id,
                urn=row.urn,
                academic_year=row.academic_year,
                days=normalise(row.days),
                reason=row.reason,
                by=row.by,
                recorded_at=row.recorded_at,
            )
            for row in rows
        ]

    async def add(self, adjustment: Adjustment) -> None:
        self.session.add(
            AdjustmentRow(
                urn=adjustment.urn,
                academic_year=adjustment.academic_year,
                days=adjustment.days,
                reason=adjustment.reason,
                by=adjustment.by,
                recorded_at=adjustment.recorded_at,
            )
        )
        await self.session.flush()


@dataclass(frozen=True)
class ConversationAddress:
    """Where the bot can reach a conversation again: the channel's reference kept as JSON."""

    conversation_id: str
    channel_id: str
    scope: str
    reference: str
    tenant_id: str = ""
    entra_object_id: str | None = None


class ConversationRepository:
    """Conversation addresses stored at install, for messages the bot sends on its own."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def save(self, address: ConversationAddress) -> bool:
        """Insert or refresh an address; True when the conversation is new."""
        row = (
            await self.session.exec(
                select(ConversationAddressRow).where(
                    ConversationAddressRow.conversation_id == address.conversation_id
                )
            )
        ).first()
        created = row is None
        if row is None:
            row = ConversationAddressRow(
                conversation_id=address.conversation_id,
                channel_id=address.channel_id,
                scope=address.scope,
                reference=address.reference,
                installed_at=_now(),
                updated_at=_now(),
            )
        row.channel_id = address.channel_id
        row.scope = address.scope
        row.reference = address.reference
        row.tenant_id = address.tenant_id
        row.entra_object_id = (address.entra_object_id or "").lower() or None
        row.updated_at = _now()
        self.session.add(row)
        await self.session.flush()
        return created

    async def get(self, conversation_id: str) -> ConversationAddress | None:
        row = (
            await self.session.exec(
                select(ConversationAddressRow).where(
                    ConversationAddressRow.conversation_id == conversation_id
                )
            )
        ).first()
        return _address(row) if row else None

    async def personal_for(self, entra_object_id: str) -> ConversationAddress | None:
        """The personal chat with one person, if they installed the app."""
        row = (
            await self.session.exec(
                select(ConversationAddressRow).where(
                    ConversationAddressRow.entra_object_id == entra_object_id.lower(),
                    ConversationAddressRow.scope == "personal",
                )
            )
        ).first()
        return _address(row) if row else None

    async def forget(self, conversation_id: str) -> None:
        """Drop a conversation's address (the app was removed from it)."""
        await self.session.exec(
            delete(ConversationAddressRow).where(
                col(ConversationAddressRow.conversation_id) == conversation_id
            )
        )

    async def count(self) -> int:
        result = await self.session.exec(select(func.count()).select_from(ConversationAddressRow))
        return int(result.one())


def _address(row: ConversationAddressRow) -> ConversationAddress:
    return ConversationAddress(
        conversation_id=row.conversation_id,
        channel_id=row.channel_id,
        scope=row.scope,
        reference=row.reference,
        tenant_id=row.tenant_id,
        entra_object_id=row.entra_object_id,
    )


@dataclass(frozen=True)
class ProcessedTurn:
    """An inbound activity seen before: finished (with what was answered) or still running."""

    key: str
    status: int | None
    response: str | None

    @property
    def finished(self) -> bool:
        return self.status is not None


class TurnRepository:
    """Inbound activities already handled, claimed by a primary key so they run once."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, key: str) -> ProcessedTurn | None:
        row = await self.session.get(ProcessedTurnRow, key)
        return ProcessedTurn(row.key, row.status, row.response) if row else None

    async def claim(self, key: str) -> None:
        """Record that a turn has started (a second claim of the key fails at commit)."""
        self.session.add(ProcessedTurnRow(key=key, created_at=_now()))
        await self.session.flush()

    async def finish(self, key: str, status: int, response: str | None) -> None:
        row = await self.session.get(ProcessedTurnRow, key)
        if row is None:
            row = ProcessedTurnRow(key=key, created_at=_now())
        row.status = status
        row.response = response
        self.session.add(row)
        await self.session.flush()

    async def forget(self, key: str) -> None:
        """Drop a claim whose turn failed, so a redelivery can try again."""
        await self.session.exec(delete(ProcessedTurnRow).where(col(ProcessedTurnRow.key) == key))

    async def prune(self, older_than: datetime) -> None:
        """Forget turns older than a time: redeliveries come within minutes."""
        await self.session.exec(
            delete(ProcessedTurnRow).where(col(ProcessedTurnRow.created_at) < older_than)
        )
