"""What's left and the year plan, through the services on a real database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from eecore.domain.categories import CategoryAssignment
from eecore.domain.errors import AmbiguousSchool, UnknownSchool
from eecore.domain.establishments import Establishment
from eecore.domain.ledger import Adjustment
from eecore.domain.policy import Policy
from eecore.services.allocations import whats_left, year_plan
from eecore.services.establishments import resolve
from eecore.store.uow import UnitOfWork
from tests.conftest import TODAY

SCHOOLS = [
    Establishment("104297", "Whitgreave Primary School", "la_school"),
    Establishment("104372", "St Luke's Church of England Aided Primary School", "la_school"),
    Establishment("104280", "Eastfield Nursery School", "la_school"),
    Establishment("104342", "Eastfield Primary School", "la_school"),
    Establishment("141245", "Wednesfield Academy", "academy"),
    Establishment("EY900001", "Sunflower Day Nursery (demo)", "pvi"),
]


async def seed(uow: UnitOfWork, categories: dict[str, str]) -> None:
    async with uow:
        for school in SCHOOLS:
            await uow.establishments.save(school)
        for urn, category in categories.items():
            await uow.categories.add(
                CategoryAssignment(
                    urn=urn,
                    category=category,
                    effective_from=date(2026, 9, 1),
                    agreed_by="Megan Bowen",
                    rationale="termly conversation",
                    recorded_at=datetime.now(UTC),
                )
            )
        await uow.commit()


async def test_a_b1_school_gets_its_allocation_and_the_whole_plan_as_planned(
    uow: UnitOfWork, policy: Policy
) -> None:
    await seed(uow, {"104297": "B1"})
    summary = await whats_left(uow, policy, "Whitgreave", TODAY)
    assert (summary.urn, summary.category, summary.academic_year) == ("104297", "B1", "2026/27")
    assert summary.allocated == Decimal("9.5")
    assert summary.planned == Decimal("9.5")
    assert summary.delivered == summary.booked == Decimal("0")
    assert summary.remaining == Decimal("9.5")
    assert summary.unplanned == Decimal("0")
    # The autumn 1 conversation's window is over on 3 December: it is overdue, not upcoming.
    assert [o.activity for o in summary.overdue] == ["autumn_conversation"]
    assert summary.upcoming[0].activity == "tas_meeting"
    assert summary.upcoming[0].window == "autumn2"


async def test_asking_twice_does_not_plan_the_year_twice(uow: UnitOfWork, policy: Policy) -> None:
    await seed(uow, {"104297": "C"})
    first = await whats_left(uow, policy, "104297", TODAY)
    second = await whats_left(uow, policy, "104297", TODAY)
    assert first.planned == second.planned == Decimal("19")
    async with uow:
        assert len(await uow.activities.for_year("104297", "2026/27")) == 13


async def test_delivered_booked_and_adjustments_are_derived_from_the_ledger(
    uow: UnitOfWork, policy: Policy
) -> None:
    await seed(uow, {"104297": "B1"})
    await whats_left(uow, policy, "104297", TODAY)
    async with uow:
        activities = await uow.activities.for_year("104297", "2026/27")
        conversation = next(a for a in activities if a.activity == "autumn_conversation")
        version = conversation.version
        conversation.deliver(date(2026, 10, 6))
        await uow.activities.save(conversation, read_version=version)
        tas = next(a for a in activities if a.activity == "tas_meeting")
        version = tas.version
        tas.book(date(2026, 12, 10))
        await uow.activities.save(tas, read_version=version)
        await uow.adjustments.add(
            Adjustment(
                "104297",
                "2026/27",
                Decimal("1.25"),
                "purchased extra input",
                "Megan Bowen",
                datetime.now(UTC),
            )
        )
        await uow.commit()
    summary = await whats_left(uow, policy, "Whitgreave Primary School", TODAY)
    assert summary.allocated == Decimal("10.75")
    assert summary.delivered == Decimal("2")
    assert summary.booked == Decimal("0.5")
    assert summary.planned == Decimal("7")
    assert summary.remaining == Decimal("8.75")
    assert summary.unplanned == Decimal("1.25")
    assert summary.upcoming[0].date == date(2026, 12, 10)
    assert summary.overdue == ()


async def test_an_uncategorised_la_school_says_so_and_has_no_allocation(
    uow: UnitOfWork, policy: Policy
) -> None:
    await seed(uow, {})
    summary = await whats_left(uow, policy, "104297", TODAY)
    assert summary.category is None and summary.categorised
    assert summary.allocated == Decimal("0") and summary.planned == Decimal("0")
    assert "not categorised" in summary.note


async def test_an_academy_gets_one_day_without_a_category(uow: UnitOfWork, policy: Policy) -> None:
    await seed(uow, {})
    summary = await whats_left(uow, policy, "wednesfield academy", TODAY)
    assert summary.kind == "academy" and summary.category is None
    assert summary.allocated == Decimal("1")
    assert summary.unplanned == Decimal("1")


async def test_a_setting_uses_the_settings_allocation(uow: UnitOfWork, policy: Policy) -> None:
    await seed(uow, {"EY900001": "C"})
    summary = await whats_left(uow, policy, "ey900001", TODAY)
    assert summary.allocated == Decimal("12.5")


async def test_another_year_can_be_asked_for(uow: UnitOfWork, policy: Policy) -> None:
    await seed(uow, {"104297": "A"})
    summary = await whats_left(uow, policy, "104297", TODAY, year="2025/26")
    assert summary.academic_year == "2025/26"
    # The category was agreed from September 2026, so 2025/26 had none.
    assert summary.category is None


async def test_the_year_plan_lists_activities_in_the_order_of_the_year(
    uow: UnitOfWork, policy: Policy
) -> None:
    await seed(uow, {"104372": "C"})
    plan = await year_plan(uow, policy, "St Luke's", TODAY)
    windows = [entry.window for entry in plan.entries]
    assert windows[0] == "autumn1" and windows[-1] == "summer2"
    assert windows == sorted(
        windows,
        key=lambda w: ["autumn1", "autumn2", "spring1", "spring2", "summer1", "summer2"].index(w),
    )
    assert sum(e.planned_days for e in plan.entries) == Decimal("19")


@pytest.mark.parametrize(
    ("query", "urn"),
    [
        ("104297", "104297"),
        ("whitgreave", "104297"),
        ("St Luke's", "104372"),
        ("st lukes", "104372"),
        ("Saint Luke's C of E", "104372"),
        ("Whitgrave Primary", "104297"),
        ("ey900001", "EY900001"),
    ],
)
async def test_a_school_is_found_by_urn_name_part_of_the_name_or_a_near_miss(
    uow: UnitOfWork, query: str, urn: str
) -> None:
    await seed(uow, {})
    async with uow:
        assert (await resolve(uow, query)).urn == urn


async def test_a_name_matching_several_lists_them(uow: UnitOfWork) -> None:
    await seed(uow, {})
    async with uow:
        with pytest.raises(AmbiguousSchool) as raised:
            await resolve(uow, "Eastfield")
    assert {urn for urn, _ in raised.value.matches} == {"104280", "104342"}


async def test_no_match_suggests_the_closest_names(uow: UnitOfWork) -> None:
    await seed(uow, {})
    async with uow:
        with pytest.raises(UnknownSchool) as raised:
            await resolve(uow, "Whitgreen Infants")
    assert "Whitgreave Primary School" in raised.value.suggestions
    async with uow:
        with pytest.raises(UnknownSchool) as nothing:
            await resolve(uow, "zzzz qqqq")
    assert nothing.value.suggestions == ()
