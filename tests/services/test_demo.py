"""The demo data: real schools, fictional service, something to show for every answer."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from eecore.demo import demo_schools, load_demo
from eecore.domain.ledger import Status
from eecore.domain.people import Role
from eecore.domain.policy import Policy
from eecore.services.allocations import whats_left
from eecore.store.uow import UnitOfWork
from tests.conftest import TODAY


def test_the_shipped_schools_get_a_kind_and_the_unserved_are_left_out() -> None:
    kinds = {school.urn: school.kind for school in demo_schools()}
    assert kinds["104297"] == "la_school"  # Whitgreave Primary School
    assert kinds["138852"] == "academy"  # St Peter's Collegiate Academy
    assert kinds["139274"] == "academy"  # Nishkam Primary School: a free school
    assert "104407" not in kinds  # Tettenhall College: independent
    assert "133912" not in kinds  # University of Wolverhampton
    assert "150287" not in kinds  # proposed to open, not open
    assert Counter(kinds.values()) == {"la_school": 45, "academy": 65}


async def test_the_demo_gives_the_emulator_users_their_roles(
    uow: UnitOfWork, policy: Policy
) -> None:
    await load_demo(uow, policy, TODAY)
    async with uow:
        alex = await uow.people.by_entra_object_id("00000000-0000-0000-0000-0000000000020")
        adele = await uow.people.by_entra_object_id("00000000-0000-0000-0000-0000000000022")
        patti = await uow.people.by_entra_object_id("00000000-0000-0000-0000-0000000000024")
        megan = await uow.people.by_entra_object_id("00000000-0000-0000-0000-0000000000021")
    assert alex is not None and alex.has(Role.SIA) and "104297" in alex.caseload
    assert adele is not None and adele.led_establishments == {"104297"}
    assert patti is not None and patti.led_establishments == {"EY900001"}
    assert megan is not None and megan.has(Role.HOS)


async def test_the_demo_spreads_categories_and_has_delivered_and_booked_visits(
    uow: UnitOfWork, policy: Policy
) -> None:
    report = await load_demo(uow, policy, TODAY)
    assert report.delivered > 0 and report.booked > 0
    async with uow:
        histories = await uow.categories.histories()
        statuses: Counter[Status] = Counter()
        for urn in ("104297", "104372", "EY900001"):
            statuses.update(a.status for a in await uow.activities.for_year(urn, "2026/27"))
    assert {h[-1].category for h in histories.values()} == {"A", "AS", "B1", "B2", "C"}
    assert statuses[Status.DELIVERED] > 0 and statuses[Status.BOOKED] > 0
    summary = await whats_left(uow, policy, "104297", TODAY)
    assert summary.delivered > Decimal("0") and summary.upcoming


async def test_loading_the_demo_twice_changes_nothing(uow: UnitOfWork, policy: Policy) -> None:
    first = await load_demo(uow, policy, TODAY)
    before = await whats_left(uow, policy, "104372", TODAY)
    second = await load_demo(uow, policy, TODAY)
    after = await whats_left(uow, policy, "104372", TODAY)
    assert first.plans > 0 and second.plans == 0 and second.categories == 0
    assert before == after
