"""Agreeing a category: history kept, and the rest of the year re-planned by the stated rule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from eecore.domain.errors import EebotError, NotCategorised, UnknownCategory
from eecore.domain.ledger import Status
from eecore.domain.policy import Policy
from eecore.services.allocations import whats_left
from eecore.services.categories import agree_category
from eecore.store.uow import UnitOfWork
from tests.services.test_allocations import seed


async def test_first_category_at_the_start_of_the_year_plans_the_whole_year(
    uow: UnitOfWork, policy: Policy
) -> None:
    await seed(uow, {})
    change = await agree_category(
        uow,
        policy,
        "Whitgreave",
        "b2",
        rationale="Ofsted requires improvement",
        agreed_by="Megan Bowen",
        today=date(2026, 9, 1),
    )
    assert change.assignment.category == "B2" and change.previous is None
    assert change.added == 10
    summary = await whats_left(uow, policy, "104297", date(2026, 9, 2))
    assert summary.allocated == summary.planned == Decimal("14.5")


async def test_a_mid_year_change_keeps_delivery_and_replans_what_is_to_come(
    uow: UnitOfWork, policy: Policy
) -> None:
    await seed(uow, {"104297": "A"})
    await whats_left(uow, policy, "104297", date(2026, 11, 10))
    async with uow:
        activities = await uow.activities.for_year("104297", "2026/27")
        conversation = next(a for a in activities if a.activity == "autumn_conversation")
        version = conversation.version
        conversation.deliver(date(2026, 11, 12))
        await uow.activities.save(conversation, read_version=version)
        await uow.commit()

    change = await agree_category(
        uow,
        policy,
        "104297",
        "C",
        rationale="safeguarding concerns",
        agreed_by="Megan Bowen",
        today=date(2027, 1, 20),
    )
    assert change.previous == "A"
    summary = await whats_left(uow, policy, "104297", date(2027, 1, 20))
    # Allocation is the new category's; the A school's delivered conversation stays.
    assert summary.category == "C"
    assert summary.allocated == Decimal("19")
    assert summary.delivered == Decimal("2")
    async with uow:
        activities = await uow.activities.for_year("104297", "2026/27")
        history = await uow.categories.history("104297")
    assert [a.category for a in history] == ["A", "C"]
    superseded = [a for a in activities if a.status == Status.SUPERSEDED]
    # A's spring and summer core visits and its focused support were still to come.
    assert sorted(a.activity for a in superseded) == ["core_visit", "core_visit", "focused_support"]
    planned = [a for a in activities if a.status == Status.PLANNED]
    assert all(a.category == "C" for a in planned)
    # C's plan from Spring 1 on: 1 + 0.5 + 0.5 + 2 + 1 + 0.5 + 2 + 0.5 + 4 = 12 days.
    assert summary.planned == Decimal("12")
    assert summary.unplanned == Decimal("5")


async def test_a_booked_visit_survives_a_category_change(uow: UnitOfWork, policy: Policy) -> None:
    await seed(uow, {"104297": "B1"})
    await whats_left(uow, policy, "104297", date(2026, 12, 1))
    async with uow:
        activities = await uow.activities.for_year("104297", "2026/27")
        core = next(a for a in activities if a.activity == "core_visit" and a.window == "spring")
        version = core.version
        core.book(date(2027, 2, 2))
        await uow.activities.save(core, read_version=version)
        await uow.commit()
    await agree_category(
        uow,
        policy,
        "104297",
        "B2",
        rationale="fall in outcomes",
        agreed_by="Megan Bowen",
        today=date(2026, 12, 3),
    )
    async with uow:
        activities = await uow.activities.for_year("104297", "2026/27")
    spring_core = [
        a
        for a in activities
        if a.activity == "core_visit" and a.window == "spring" and a.status.counts
    ]
    assert [a.status for a in spring_core] == [Status.BOOKED]
    assert spring_core[0].booked_on == date(2027, 2, 2)


async def test_bad_category_requests_change_nothing(uow: UnitOfWork, policy: Policy) -> None:
    await seed(uow, {})
    with pytest.raises(UnknownCategory):
        await agree_category(
            uow, policy, "104297", "D", rationale="x", agreed_by="y", today=date(2026, 12, 3)
        )
    with pytest.raises(EebotError, match="reason"):
        await agree_category(
            uow, policy, "104297", "A", rationale="  ", agreed_by="y", today=date(2026, 12, 3)
        )
    with pytest.raises(NotCategorised, match="Academy or free school"):
        await agree_category(
            uow,
            policy,
            "Wednesfield Academy",
            "A",
            rationale="x",
            agreed_by="y",
            today=date(2026, 12, 3),
        )
    async with uow:
        assert await uow.categories.history("104297") == []
        assert await uow.categories.history("141245") == []
