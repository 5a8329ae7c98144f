"""Repositories round-trip domain objects through the tables, on SQLite and on PostgreSQL.

Each test writes in one unit of work, commits, and reads back in a fresh one, so what is checked
is what the database holds, not what a session remembered.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from eecore.domain.categories import CategoryAssignment
from eecore.domain.ledger import Adjustment, Status
from eecore.domain.people import Person, Role, RoleGrant
from eecore.domain.policy import DayCost
from eecore.store.database import Database
from eecore.store.repositories import StaleActivity
from eecore.store.uow import UnitOfWork
from tests.store.builders import RECORDED, YEAR, school, visit

# --- Establishments ---------------------------------------------------------------------------


async def test_an_establishment_is_saved_and_read_back_unchanged(database: Database) -> None:
    ashdown = school()
    async with UnitOfWork(database) as uow:
        await uow.establishments.save(ashdown)
        await uow.commit()

    async with UnitOfWork(database) as uow:
        assert await uow.establishments.get("100001") == ashdown
        assert await uow.establishments.get("999999") is None
        assert await uow.establishments.count() == 1


async def test_saving_an_establishment_again_updates_it_in_place(database: Database) -> None:
    async with UnitOfWork(database) as uow:
        await uow.establishments.save(school())
        await uow.commit()

    renamed = school(name="Ashdown Church of England Primary", status="closed", ofsted_date=None)
    async with UnitOfWork(database) as uow:
        await uow.establishments.save(renamed)
        await uow.commit()

    async with UnitOfWork(database) as uow:
        assert await uow.establishments.get("100001") == renamed
        assert await uow.establishments.count() == 1


async def test_establishments_are_found_many_at_once_and_listed_by_name(
    database: Database,
) -> None:
    async with UnitOfWork(database) as uow:
        await uow.establishments.save(school("100003", "Cuckmere Nursery"))
        await uow.establishments.save(school("100001", "Ashdown Primary"))
        await uow.establishments.save(school("100002", "Bexhill Academy", status="closed"))
        await uow.commit()

    async with UnitOfWork(database) as uow:
        found = await uow.establishments.get_many(["100001", "100003", "100001", "404040"])
        assert {urn: e.name for urn, e in found.items()} == {
            "100001": "Ashdown Primary", "100003": "Cuckmere Nursery",
        }
        assert await uow.establishments.get_many([]) == {}
        assert await uow.establishments.names() == [
            ("100001", "Ashdown Primary"), ("100003", "Cuckmere Nursery"),
        ]
        assert await uow.establishments.names(open_only=False) == [
            ("100001", "Ashdown Primary"), ("100002", "Bexhill Academy"),
            ("100003", "Cuckmere Nursery"),
        ]
        assert await uow.establishments.count() == 3


# --- People -----------------------------------------------------------------------------------


async def _two_schools(database: Database) -> None:
    async with UnitOfWork(database) as uow:
        await uow.establishments.save(school("100001", "Ashdown Primary"))
        await uow.establishments.save(school("100002", "Bexhill Academy"))
        await uow.commit()


async def test_a_person_with_roles_and_caseload_is_found_by_entra_id_and_email(
    database: Database,
) -> None:
    await _two_schools(database)
    jo = Person(
        name="Jo Bloggs",
        email=" Jo.Bloggs@EastSussex.gov.uk ",
        entra_object_id="6F1C2B9A-AAAA-4BBB-8CCC-0123456789AB",
        roles={RoleGrant(Role.SIA), RoleGrant(Role.HEAD, "100002")},
        caseload={"100001", "100002"},
    )
    async with UnitOfWork(database) as uow:
        saved = await uow.people.save(jo)
        await uow.commit()
    assert saved.id is not None

    async with UnitOfWork(database) as uow:
        by_id = await uow.people.by_entra_object_id("6f1c2b9a-aaaa-4bbb-8ccc-0123456789ab")
        by_upper_id = await uow.people.by_entra_object_id("6F1C2B9A-AAAA-4BBB-8CCC-0123456789AB")
        by_email = await uow.people.by_email("JO.BLOGGS@eastsussex.gov.uk")
        heads = await uow.people.heads_of("100002")
        advisors = await uow.people.advisors_of("100001")
        assert await uow.people.by_email("someone.else@eastsussex.gov.uk") is None
        assert await uow.people.by_entra_object_id("00000000-0000-0000-0000-000000000000") is None

    assert by_id is not None
    assert by_id == by_upper_id == by_email
    assert by_id.id == saved.id
    assert by_id.name == "Jo Bloggs"
    assert by_id.email == "jo.bloggs@eastsussex.gov.uk"
    assert by_id.entra_object_id == "6f1c2b9a-aaaa-4bbb-8ccc-0123456789ab"
    assert by_id.roles == {RoleGrant(Role.SIA), RoleGrant(Role.HEAD, "100002")}
    assert by_id.led_establishments == {"100002"}
    assert by_id.caseload == {"100001", "100002"}
    assert [p.id for p in heads] == [saved.id]
    assert [p.id for p in advisors] == [saved.id]


async def test_saving_a_person_again_replaces_their_roles_and_caseload(
    database: Database,
) -> None:
    await _two_schools(database)
    async with UnitOfWork(database) as uow:
        jo = await uow.people.save(
            Person(
                name="Jo Bloggs", email="jo@example.org", entra_object_id="abc-1",
                roles={RoleGrant(Role.SIA), RoleGrant(Role.HEAD, "100001")},
                caseload={"100001", "100002"},
            )
        )
        await uow.commit()

    jo.name = "Jo Bloggs-Smith"
    jo.roles = {RoleGrant(Role.SSIA), RoleGrant(Role.HEAD, "100002")}
    jo.caseload = {"100002"}
    async with UnitOfWork(database) as uow:
        await uow.people.save(jo)
        await uow.commit()

    async with UnitOfWork(database) as uow:
        assert jo.id is not None
        again = await uow.people.get(jo.id)
        assert await uow.people.count() == 1
        assert await uow.people.heads_of("100001") == []
        assert await uow.people.advisors_of("100001") == []
    assert again is not None
    assert again.name == "Jo Bloggs-Smith"
    assert again.roles == {RoleGrant(Role.SSIA), RoleGrant(Role.HEAD, "100002")}
    assert again.caseload == {"100002"}


# --- Categories -------------------------------------------------------------------------------


def _assignment(category: str, effective: date, minutes_later: int) -> CategoryAssignment:
    return CategoryAssignment(
        urn="100001", category=category, effective_from=effective, agreed_by="Pat Lead",
        rationale=f"agreed {category}", evidence="visit notes",
        recorded_at=RECORDED + timedelta(minutes=minutes_later),
    )


async def test_category_assignments_are_kept_in_full_and_returned_in_effective_order(
    database: Database,
) -> None:
    async with UnitOfWork(database) as uow:
        await uow.establishments.save(school())
        await uow.establishments.save(school("100002", "Bexhill Academy"))
        await uow.commit()

    recorded = [
        _assignment("2", date(2026, 9, 1), 0),
        _assignment("3", date(2025, 9, 1), 1),  # back-dated: recorded later, effective earlier
        _assignment("1", date(2026, 9, 1), 2),  # same day as the first: a correction
    ]
    async with UnitOfWork(database) as uow:
        added = [await uow.categories.add(a) for a in recorded]
        await uow.categories.add(
            CategoryAssignment(
                urn="100002", category="4", effective_from=date(2026, 1, 5), agreed_by="Pat Lead",
                rationale="new academy", recorded_at=RECORDED,
            )
        )
        await uow.commit()
    assert all(a.id is not None for a in added)

    async with UnitOfWork(database) as uow:
        history = await uow.categories.history("100001")
        histories = await uow.categories.histories(["100001"])
        everyone = await uow.categories.histories()

    expected = [
        ("3", date(2025, 9, 1), RECORDED + timedelta(minutes=1)),
        ("2", date(2026, 9, 1), RECORDED),
        ("1", date(2026, 9, 1), RECORDED + timedelta(minutes=2)),
    ]
    assert [(a.category, a.effective_from, a.recorded_at) for a in history] == expected
    assert all(a.agreed_by == "Pat Lead" and a.evidence == "visit notes" for a in history)
    assert histories == {"100001": history}
    assert set(everyone) == {"100001", "100002"}
    assert everyone["100001"] == history


# --- Planned activities -----------------------------------------------------------------------


async def test_planned_days_come_back_as_exact_decimals(database: Database) -> None:
    async with UnitOfWork(database) as uow:
        await uow.establishments.save(school())
        await uow.activities.add(visit(visit_days="0.25", prep="0.75", write_up="0.5"))
        await uow.activities.add(visit(visit_days="19.00", window="spring_1"))
        await uow.activities.add(visit(visit_days="0.75", year="2027/28"))
        await uow.commit()

    async with UnitOfWork(database) as uow:
        this_year = await uow.activities.for_year("100001", YEAR)
        next_year = await uow.activities.for_year("100001", "2027/28")
        assert await uow.activities.for_year("100002", YEAR) == []

    assert [a.window for a in this_year] == ["autumn_1", "spring_1"]
    first, second = this_year
    assert first.planned == DayCost(
        prep=Decimal("0.75"), visit=Decimal("0.25"), write_up=Decimal("0.50")
    )
    assert first.planned_days == Decimal("1.50")
    assert second.planned.visit == Decimal("19.00")
    assert [a.planned.visit for a in next_year] == [Decimal("0.75")]
    for day_count in (first.planned.prep, first.planned.visit, second.planned.visit):
        assert isinstance(day_count, Decimal)
        assert day_count.as_tuple().exponent == -2  # two places, not a float's tail
    assert str(first.planned.visit) == "0.25"
    assert str(next_year[0].planned.visit) == "0.75"
    assert str(second.planned.visit) == "19.00"


async def test_an_activity_is_saved_only_against_the_version_it_was_read_at(
    database: Database,
) -> None:
    async with UnitOfWork(database) as uow:
        await uow.establishments.save(school())
        added = await uow.activities.add(visit(visit_days="1"))
        await uow.commit()
    assert added.id is not None

    async with UnitOfWork(database) as uow:  # someone reads it to show a card
        shown = await uow.activities.get(added.id)
    assert shown is not None and shown.version == 1

    async with UnitOfWork(database) as uow:  # someone else books it meanwhile
        booked = await uow.activities.get(added.id)
        assert booked is not None
        booked.book(date(2026, 10, 14))
        await uow.activities.save(booked, read_version=1)
        await uow.commit()

    async with UnitOfWork(database) as uow:  # the card's click arrives with the old version
        shown.cancel("school closed for snow")
        with pytest.raises(StaleActivity):
            await uow.activities.save(shown, read_version=1)
        await uow.commit()

    async with UnitOfWork(database) as uow:
        stored = await uow.activities.get(added.id)
    assert stored is not None
    assert stored.status == Status.BOOKED
    assert stored.booked_on == date(2026, 10, 14)
    assert stored.reason == ""
    assert stored.version == 2


async def test_a_delivered_activity_keeps_the_days_actually_used(database: Database) -> None:
    async with UnitOfWork(database) as uow:
        await uow.establishments.save(school())
        activity = await uow.activities.add(visit(visit_days="1", prep="0.25"))
        read_version = activity.version
        activity.deliver(
            date(2026, 11, 20),
            DayCost(prep=Decimal("0.25"), visit=Decimal("0.75"), write_up=Decimal("0.25")),
        )
        await uow.activities.save(activity, read_version=read_version)
        await uow.commit()

    async with UnitOfWork(database) as uow:
        [stored] = await uow.activities.for_year("100001", YEAR)
    assert stored.status == Status.DELIVERED
    assert stored.delivered_on == date(2026, 11, 20)
    assert stored.used == DayCost(
        prep=Decimal("0.25"), visit=Decimal("0.75"), write_up=Decimal("0.25")
    )
    assert stored.used_days == Decimal("1.25")


# --- Adjustments ------------------------------------------------------------------------------


async def test_adjustments_are_listed_for_their_year_with_exact_days(database: Database) -> None:
    def adjustment(days: str, year: str = YEAR) -> Adjustment:
        return Adjustment(
            urn="100001", academic_year=year, days=Decimal(days), reason=f"{days} agreed",
            by="Pat Lead", recorded_at=RECORDED,
        )

    async with UnitOfWork(database) as uow:
        await uow.establishments.save(school())
        await uow.adjustments.add(adjustment("2.5"))
        await uow.adjustments.add(adjustment("-0.75"))
        await uow.adjustments.add(adjustment("3", year="2025/26"))
        await uow.commit()

    async with UnitOfWork(database) as uow:
        this_year = await uow.adjustments.for_year("100001", YEAR)
        assert await uow.adjustments.for_year("100002", YEAR) == []

    assert [(a.days, a.reason, a.by) for a in this_year] == [
        (Decimal("2.50"), "2.5 agreed", "Pat Lead"),
        (Decimal("-0.75"), "-0.75 agreed", "Pat Lead"),
    ]
    assert [str(a.days) for a in this_year] == ["2.50", "-0.75"]
    assert all(a.recorded_at == RECORDED and a.id is not None for a in this_year)


async def test_several_establishments_activities_come_in_one_read(uow: UnitOfWork) -> None:
    async with uow:
        for urn in ("100001", "100002", "100003"):
            await uow.establishments.save(school(urn=urn, name=f"School {urn}"))
        await uow.activities.add(visit("100002"))
        await uow.activities.add(visit("100001"))
        await uow.activities.add(visit("100001", year="2025/26"))
        await uow.activities.add(visit("100003"))
        await uow.activities.add(visit("100001", visit_days="2"))
        await uow.commit()
    async with uow:
        found = await uow.activities.for_year_of(["100002", "100001", "100001"], YEAR)
        assert [(a.urn, a.planned.visit) for a in found] == [
            ("100001", Decimal(1)), ("100001", Decimal(2)), ("100002", Decimal(1)),
        ]  # by URN then as added; other years and other schools left out
        assert await uow.activities.for_year_of([], YEAR) == []
