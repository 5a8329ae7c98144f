"""A small world for bot tests: a few real schools, a demo nursery, and the emulator's people."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from eecore.domain.categories import CategoryAssignment
from eecore.domain.establishments import Establishment
from eecore.domain.people import Person, Role, RoleGrant
from eecore.store.database import Database
from eecore.store.uow import UnitOfWork

ALEX = "00000000-0000-0000-0000-0000000000020"
MEGAN = "00000000-0000-0000-0000-0000000000021"
ADELE = "00000000-0000-0000-0000-0000000000022"
ISAIAH = "00000000-0000-0000-0000-0000000000023"
PATTI = "00000000-0000-0000-0000-0000000000024"
LYNNE = "00000000-0000-0000-0000-0000000000025"
STRANGER = "99999999-9999-9999-9999-999999999999"
TENANT = "00000000-0000-0000-0000-0000000000001"

ESTABLISHMENTS = (
    (
        Establishment(
            "104297",
            "Whitgreave Primary School",
            "la_school",
            phase="Primary",
            ofsted_outcome="Good",
            ofsted_date=date(2023, 3, 14),
        ),
        "B1",
    ),
    (
        Establishment(
            "104372",
            "St Luke's Church of England Aided Primary School",
            "la_school",
            phase="Primary",
        ),
        "C",
    ),
    (Establishment("104280", "Eastfield Nursery School", "la_school", phase="Nursery"), "A"),
    (Establishment("104342", "Eastfield Primary School", "la_school", phase="Primary"), "AS"),
    (Establishment("141245", "Wednesfield Academy", "academy", phase="Secondary"), None),
    (Establishment("EY900001", "Sunflower Day Nursery (demo)", "pvi", phase="Early years"), "B2"),
)
PEOPLE = (
    ("Alex Wilber", ALEX, {RoleGrant(Role.SIA)}, {"104297", "104372", "104342"}),
    ("Megan Bowen", MEGAN, {RoleGrant(Role.HOS)}, set()),
    ("Adele Vance", ADELE, {RoleGrant(Role.HEAD, "104297")}, set()),
    ("Isaiah Langer", ISAIAH, {RoleGrant(Role.EYFS_OFFICER)}, {"EY900001"}),
    ("Patti Fernandez", PATTI, {RoleGrant(Role.MANAGER, "EY900001")}, set()),
    ("Lynne Robbins", LYNNE, {RoleGrant(Role.CONSULTATION)}, set()),
)


async def seed(database: Database) -> None:
    async with UnitOfWork(database) as uow:
        for establishment, category in ESTABLISHMENTS:
            await uow.establishments.save(establishment)
            if category:
                await uow.categories.add(
                    CategoryAssignment(
                        urn=establishment.urn,
                        category=category,
                        effective_from=date(2026, 9, 1),
                        agreed_by="Megan Bowen",
                        rationale="summer termly conversation",
                        recorded_at=datetime.now(UTC),
                    )
                )
        for name, object_id, roles, caseload in PEOPLE:
            await uow.people.save(
                Person(
                    name=name,
                    email=f"{name.split()[0].lower()}@example.org",
                    entra_object_id=object_id,
                    roles=roles,
                    caseload=caseload,
                )
            )
        await uow.commit()


@pytest.fixture
async def world(database: Database) -> Database:
    """The migrated test database with the small world in it."""
    await seed(database)
    return database
