"""The database tables (sqlmodel). The domain never sees these; repositories map to and from it."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import Column, Index, Numeric, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

DAYS = Numeric(6, 2)


def days_column(nullable: bool = False) -> Column[Decimal]:
    return Column(DAYS, nullable=nullable)


class EstablishmentRow(SQLModel, table=True):
    __tablename__ = "establishment"

    urn: str = Field(primary_key=True, max_length=20)
    name: str = Field(max_length=200, index=True)
    kind: str = Field(max_length=40)
    phase: str = Field(default="", max_length=60)
    la_code: str = Field(default="", max_length=10)
    la_name: str = Field(default="", max_length=100)
    status: str = Field(default="open", max_length=20)
    head_name: str = Field(default="", max_length=200)
    opened_on: date | None = None
    ofsted_outcome: str = Field(default="", max_length=100)
    ofsted_date: date | None = None
    source: str = Field(default="", max_length=40)
    updated_at: datetime


class PersonRow(SQLModel, table=True):
    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=254, unique=True)
    entra_object_id: str | None = Field(default=None, max_length=64, unique=True)
    updated_at: datetime


class PersonRoleRow(SQLModel, table=True):
    __tablename__ = "person_role"
    __table_args__ = (UniqueConstraint("person_id", "role", "urn", name="uq_person_role"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    role: str = Field(max_length=30)
    urn: str | None = Field(default=None, foreign_key="establishment.urn", max_length=20)


class CaseloadRow(SQLModel, table=True):
    __tablename__ = "caseload"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    urn: str = Field(foreign_key="establishment.urn", primary_key=True, max_length=20)


class CategoryAssignmentRow(SQLModel, table=True):
    __tablename__ = "category_assignment"

    id: int | None = Field(default=None, primary_key=True)
    urn: str = Field(foreign_key="establishment.urn", index=True, max_length=20)
    category: str = Field(max_length=10)
    effective_from: date
    agreed_by: str = Field(max_length=200)
    rationale: str
    evidence: str = ""
    recorded_at: datetime


class PlannedActivityRow(SQLModel, table=True):
    __tablename__ = "planned_activity"
    __table_args__ = (Index("ix_planned_activity_urn_year", "urn", "academic_year"),)

    id: int | None = Field(default=None, primary_key=True)
    urn: str = Field(foreign_key="establishment.urn", max_length=20)
    academic_year: str = Field(max_length=7)
    activity: str = Field(max_length=40)
    window: str = Field(max_length=20)
    prep_days: Decimal = Field(sa_column=days_column())
    visit_days: Decimal = Field(sa_column=days_column())
    write_up_days: Decimal = Field(sa_column=days_column())
    status: str = Field(max_length=20)
    category: str | None = Field(default=None, max_length=10)
    month: int | None = None
    note: str = ""
    booked_on: date | None = None
    delivered_on: date | None = None
    used_prep_days: Decimal | None = Field(default=None, sa_column=days_column(nullable=True))
    used_visit_days: Decimal | None = Field(default=None, sa_column=days_column(nullable=True))
    used_write_up_days: Decimal | None = Field(default=None, sa_column=days_column(nullable=True))
    reason: str = ""
    start_time: time | None = None
    """The agreed time on booked_on, once confirmed."""
    confirmed_by: str = Field(default="", max_length=200)
    confirmed_on_behalf: bool = False
    """Confirmed by the advisor on the head's or manager's behalf."""
    report_written_on: date | None = None
    over_reason: str = ""
    """Why more days were delivered than were left, when they were."""
    version: int = 1
    updated_at: datetime


class VisitProposalRow(SQLModel, table=True):
    """Dates an advisor proposed for an activity, and what the head or manager answered."""

    __tablename__ = "visit_proposal"

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="planned_activity.id", index=True)
    proposed_by: str = Field(max_length=200)
    proposed_by_person_id: int | None = Field(default=None, foreign_key="person.id")
    proposed_at: datetime
    options: str = Field(sa_column=Column(Text, nullable=False))
    """JSON list of the proposed start times (ISO 8601, local to the council)."""
    note: str = ""
    status: str = Field(default="open", max_length=20)
    """open, accepted, declined (another date suggested) or withdrawn (moved or cancelled)."""
    chosen: datetime | None = None
    responded_by: str = Field(default="", max_length=200)
    responded_at: datetime | None = None
    suggested_date: date | None = None
    response_note: str = ""


class ActivityEventRow(SQLModel, table=True):
    """The history of a planned activity: each proposal, answer, move, delivery, cancellation."""

    __tablename__ = "activity_event"

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="planned_activity.id", index=True)
    at: datetime
    by: str = Field(max_length=200)
    kind: str = Field(max_length=30)
    detail: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    """JSON with what changed."""


class VisitCardRow(SQLModel, table=True):
    """Where a visit's card was shown to someone, so it can be updated in place when it changes."""

    __tablename__ = "visit_card"
    __table_args__ = (UniqueConstraint("activity_id", "conversation_id", name="uq_visit_card"),)

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="planned_activity.id", index=True)
    conversation_id: str = Field(max_length=400)
    message_id: str = Field(max_length=200)
    entra_object_id: str = Field(default="", max_length=64)
    """Whose view the card shows."""
    updated_at: datetime


class OutboundMessageRow(SQLModel, table=True):
    """Every message the bot sends on its own: queued, sent, failed or given up, and why."""

    __tablename__ = "outbound_message"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(max_length=400, index=True)
    tenant_id: str = Field(default="", max_length=64)
    purpose: str = Field(max_length=60)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="queued", max_length=20)
    attempts: int = 0
    last_error: str = ""
    sent_activity_id: str = Field(default="", max_length=200)
    created_at: datetime
    finished_at: datetime | None = None


class ScheduledMessageRow(SQLModel, table=True):
    """A reminder due at a time, claimed by one bot process to send it exactly once."""

    __tablename__ = "scheduled_message"
    __table_args__ = (Index("ix_scheduled_message_due", "status", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    """What makes it one reminder (kind, activity, recipient, when): scheduling twice is a no-op."""
    kind: str = Field(max_length=40)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    urn: str | None = Field(default=None, max_length=20)
    activity_id: int | None = Field(default=None, foreign_key="planned_activity.id")
    due_at: datetime
    status: str = Field(default="pending", max_length=20)
    """pending, claimed, sent, skipped or cancelled."""
    claimed_by: str = Field(default="", max_length=100)
    claimed_until: datetime | None = None
    attempts: int = 0
    detail: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    finished_at: datetime | None = None


class ReminderPreferenceRow(SQLModel, table=True):
    """A person turning one kind of reminder off (or back on)."""

    __tablename__ = "reminder_preference"

    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="CASCADE")
    kind: str = Field(max_length=40, primary_key=True)
    enabled: bool = True


class YearPlanRow(SQLModel, table=True):
    """One row per establishment and year once its plan is generated: guards against a second."""

    __tablename__ = "year_plan"

    urn: str = Field(foreign_key="establishment.urn", primary_key=True, max_length=20)
    academic_year: str = Field(primary_key=True, max_length=7)
    category: str | None = Field(default=None, max_length=10)
    generated_at: datetime


class AdjustmentRow(SQLModel, table=True):
    __tablename__ = "allocation_adjustment"
    __table_args__ = (Index("ix_allocation_adjustment_urn_year", "urn", "academic_year"),)

    id: int | None = Field(default=None, primary_key=True)
    urn: str = Field(foreign_key="establishment.urn", max_length=20)
    academic_year: str = Field(max_length=7)
    days: Decimal = Field(sa_column=days_column())
    reason: str
    by: str = Field(max_length=200)
    recorded_at: datetime


class ConversationAddressRow(SQLModel, table=True):
    """Where the bot can reach people again on its own: one row per conversation it was added to."""

    __tablename__ = "conversation_address"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(max_length=400, unique=True)
    channel_id: str = Field(max_length=40)
    scope: str = Field(max_length=20)
    """personal, groupChat or channel."""
    tenant_id: str = Field(default="", max_length=64)
    entra_object_id: str | None = Field(default=None, max_length=64, index=True)
    """For a personal conversation, whose it is."""
    reference: str = Field(sa_column=Column(Text, nullable=False))
    """The channel's own reference to the conversation, as JSON, kept opaque here."""
    installed_at: datetime
    updated_at: datetime


class ProcessedTurnRow(SQLModel, table=True):
    """An inbound activity already handled, so a redelivery acts once and answers the same."""

    __tablename__ = "processed_turn"

    key: str = Field(primary_key=True, max_length=64)
    status: int | None = None
    """The HTTP status answered, once the turn has finished."""
    response: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    """The JSON body answered, if any."""
    created_at: datetime = Field(index=True)


metadata = SQLModel.metadata
