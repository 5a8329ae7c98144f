"""The database tables (sqlmodel). The domain never sees these; repositories map to and from it."""

from __future__ import annotations

from datetime import date, datetime
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
    version: int = 1
    updated_at: datetime


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
