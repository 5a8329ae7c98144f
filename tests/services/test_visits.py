"""Visits and meetings through the services, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from eecore.domain.access import NotAllowed
from eecore.domain.categories import CategoryAssignment
from eecore.domain.errors import OverAllocated, UnknownVisit, VisitError
from eecore.domain.establishments import Establishment
from eecore.domain.people import Person, Role, RoleGrant
from eecore.domain.policy import DayCost, Policy
from eecore.domain.views import VisitView
from eecore.domain.visits import StaleVisit
from eecore.services import visits
from eecore.services.allocations import whats_left
from eecore.store.database import Database
from eecore.store.uow import UnitOfWork
from eecore.store.visits import VisitRepository
from tests.conftest import TODAY

WHITGREAVE = "104297"
ST_LUKES = "104372"
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
VISIT_DAY = datetime(2027, 1, 13, 12, 0, tzinfo=UTC)
"""After the Spring 1 visit, when it is recorded."""
OPTIONS = [datetime(2027, 1, 12, 9, 30), datetime(2027, 1, 13, 13, 0)]

SIA = Person(
    "Sam Patel", "sam@example.org", "aaaaaaaa-0000-0000-0000-000000000001",
    roles={RoleGrant(Role.SIA)}, caseload={WHITGREAVE},
)
OTHER_SIA = Person(
    "Ali Khan", "ali@example.org", "aaaaaaaa-0000-0000-0000-000000000002",
    roles={RoleGrant(Role.SIA)}, caseload={ST_LUKES},
)
HEAD = Person(
    "Jo Head", "jo@example.org", "bbbbbbbb-0000-0000-0000-000000000001",
    roles={RoleGrant(Role.HEAD, WHITGREAVE)},
)
OTHER_HEAD = Person(
    "Lee Head", "lee@example.org", "bbbbbbbb-0000-0000-0000-000000000002",
    roles={RoleGrant(Role.HEAD, ST_LUKES)},
)
HOS = Person("Megan Bowen", "megan@example.org", "cccccccc-0000-0000-0000-000000000001",
             roles={RoleGrant(Role.HOS)})


async def seed(uow: UnitOfWork, policy: Policy) -> int:
    """Two C schools with their people and plans; the id of Whitgreave's Spring 1 core visit."""
    async with uow:
        for urn, name in ((WHITGREAVE, "Whitgreave Primary School"), (ST_LUKES, "St Luke's")):
            await uow.establishments.save(Establishment(urn, name, "la_school"))
            await uow.categories.add(
                CategoryAssignment(
                    urn=urn, category="C", effective_from=date(2026, 9, 1),
                    agreed_by="Megan Bowen", rationale="termly conversation",
                    recorded_at=datetime.now(UTC),
                )
            )
        for person in (SIA, OTHER_SIA, HEAD, OTHER_HEAD, HOS):
            person.id = None
            await uow.people.save(person)
        await uow.commit()
    await whats_left(uow, policy, WHITGREAVE, TODAY)
    await whats_left(uow, policy, ST_LUKES, TODAY)
    return await activity_id(uow, WHITGREAVE, "core_visit", "spring1")


async def activity_id(uow: UnitOfWork, urn: str, activity: str, window: str) -> int:
    async with uow:
        found = next(
            a for a in await uow.activities.for_year(urn, "2026/27")
            if (a.activity, a.window) == (activity, window)
        )
    assert found.id is not None
    return found.id


async def proposed(uow: UnitOfWork, policy: Policy, visit_id: int) -> VisitView:
    return await visits.propose(uow, policy, SIA, NOW, visit_id, OPTIONS, note="either suits")


async def confirmed(uow: UnitOfWork, policy: Policy, visit_id: int) -> VisitView:
    view = await proposed(uow, policy, visit_id)
    return await visits.confirm(uow, policy, HEAD, NOW, visit_id, OPTIONS[0], view.version)


async def event_kinds(uow: UnitOfWork, visit_id: int) -> list[str]:
    async with uow:
        return [e.kind.value for e in await VisitRepository(uow.session).history(visit_id)]


# --- The happy path ---------------------------------------------------------------------------


async def test_a_proposal_is_stored_and_shown_with_the_people_to_tell(
    uow: UnitOfWork, policy: Policy
) -> None:
    visit_id = await seed(uow, policy)
    view = await proposed(uow, policy, visit_id)
    assert (view.stage, view.status, view.version) == ("proposed", "planned", 2)
    assert view.options == tuple(OPTIONS)
    assert (view.proposed_by, view.proposal_note) == ("Sam Patel", "either suits")
    assert (view.school_name, view.activity_name) == ("Whitgreave Primary School", "Core Visit")
    assert view.window_label == "Spring 1"
    assert [(c.name, c.entra_object_id) for c in view.heads] == [
        ("Jo Head", "bbbbbbbb-0000-0000-0000-000000000001")
    ]
    assert [(c.name, c.entra_object_id) for c in view.advisors] == [
        ("Sam Patel", "aaaaaaaa-0000-0000-0000-000000000001")
    ]
    assert view.planned_days == Decimal("1")
    assert view.history == ("3 Dec 2026: Sam Patel proposed Tue 12 Jan 2027 09:30, "
                            "Wed 13 Jan 2027 13:00 (either suits)",)
    # Read back in a fresh unit of work, the times are the same wall-clock times.
    again = await visits.visit(uow, policy, visit_id, HEAD)
    assert again.options == tuple(OPTIONS) and again.proposed_at == NOW
    # A proposed visit's days still count as planned.
    summary = await whats_left(uow, policy, WHITGREAVE, TODAY)
    assert (summary.planned, summary.booked) == (Decimal("19"), Decimal("0"))


async def test_the_head_confirms_and_the_days_show_as_booked(
    uow: UnitOfWork, policy: Policy
) -> None:
    visit_id = await seed(uow, policy)
    view = await confirmed(uow, policy, visit_id)
    assert (view.stage, view.status, view.version) == ("confirmed", "booked", 3)
    assert view.starts_at == OPTIONS[0]
    assert (view.confirmed_by, view.confirmed_on_behalf) == ("Jo Head", False)
    assert view.history[-1] == "3 Dec 2026: Jo Head confirmed Tue 12 Jan 2027 09:30"
    summary = await whats_left(uow, policy, WHITGREAVE, TODAY)
    assert (summary.planned, summary.booked) == (Decimal("18"), Decimal("1"))
    assert any(u.date == date(2027, 1, 12) and u.status == "booked" for u in summary.upcoming)
    async with uow:
        stored = await VisitRepository(uow.session).proposals(visit_id)
    assert stored[-1].status == "accepted" and stored[-1].chosen == OPTIONS[0]


async def test_an_advisor_confirms_on_the_heads_behalf(uow: UnitOfWork, policy: Policy) -> None:
    visit_id = await seed(uow, policy)
    view = await proposed(uow, policy, visit_id)
    view = await visits.confirm(uow, policy, SIA, NOW, visit_id, OPTIONS[1], view.version)
    assert view.confirmed_on_behalf and view.confirmed_by == "Sam Patel"
    assert view.starts_at == OPTIONS[1]


async def test_delivered_days_show_as_delivered_and_the_report_is_recorded(
    uow: UnitOfWork, policy: Policy
) -> None:
    visit_id = await seed(uow, policy)
    view = await confirmed(uow, policy, visit_id)
    used = DayCost(visit=Decimal("0.5"), write_up=Decimal("0.75"))
    view = await visits.deliver(
        uow, policy, SIA, VISIT_DAY, visit_id, used, date(2027, 1, 12), read_version=view.version
    )
    assert (view.stage, view.used, view.delivered_on) == ("delivered", used, date(2027, 1, 12))
    summary = await whats_left(uow, policy, WHITGREAVE, VISIT_DAY.date())
    assert (summary.delivered, summary.booked, summary.planned) == (
        Decimal("1.25"), Decimal("0"), Decimal("18")
    )
    view = await visits.write_report(
        uow, policy, SIA, VISIT_DAY, visit_id, date(2027, 1, 13), read_version=view.version
    )
    assert (view.stage, view.report_written_on) == ("report_written", date(2027, 1, 13))
    assert await event_kinds(uow, visit_id) == [
        "proposed", "confirmed", "delivered", "report_written"
    ]


async def test_delivering_more_than_is_left_needs_a_reason_and_shows_as_over_allocation(
    uow: UnitOfWork, policy: Policy
) -> None:
    visit_id = await seed(uow, policy)
    view = await confirmed(uow, policy, visit_id)
    too_many = DayCost(prep=Decimal("1"), visit=Decimal("19"))
    with pytest.raises(OverAllocated, match="only 19 are left"):
        await visits.deliver(uow, policy, SIA, VISIT_DAY, visit_id, too_many, date(2027, 1, 12))
    view = await visits.deliver(
        uow, policy, SIA, VISIT_DAY, visit_id, too_many, date(2027, 1, 12),
        over_reason="extended support agreed by the HoS", read_version=view.version,
    )
    assert view.over_reason == "extended support agreed by the HoS"
    summary = await whats_left(uow, policy, WHITGREAVE, VISIT_DAY.date())
    assert summary.over_allocated and summary.remaining == Decimal("-1")


async def test_cancelling_gives_the_days_back(uow: UnitOfWork, policy: Policy) -> None:
    visit_id = await seed(uow, policy)
    view = await confirmed(uow, policy, visit_id)
    with pytest.raises(VisitError, match="say why"):
        await visits.cancel(uow, policy, SIA, NOW, visit_id, "", view.version)
    view = await visits.cancel(uow, policy, SIA, NOW, visit_id, "school closed", view.version)
    assert (view.stage, view.reason) == ("cancelled", "school closed")
    summary = await whats_left(uow, policy, WHITGREAVE, TODAY)
    assert (summary.planned, summary.booked, summary.unplanned) == (
        Decimal("18"), Decimal("0"), Decimal("1")
    )


async def test_moving_a_confirmed_visit_keeps_the_old_date_in_its_history(
    uow: UnitOfWork, policy: Policy
) -> None:
    visit_id = await seed(uow, policy)
    view = await confirmed(uow, policy, visit_id)
    view = await visits.propose(
        uow, policy, SIA, NOW, visit_id, [datetime(2027, 2, 2, 9, 30)], read_version=view.version
    )
    assert (view.stage, view.starts_at) == ("proposed", None)
    assert "moved it from Tue 12 Jan 2027 09:30, proposing Tue 2 Feb 2027 09:30" in view.history[-1]
    summary = await whats_left(uow, policy, WHITGREAVE, TODAY)
    assert (summary.planned, summary.booked) == (Decimal("19"), Decimal("0"))


async def test_the_autumn_conversation_out_of_its_month_is_refused_in_plain_words(
    uow: UnitOfWork, policy: Policy
) -> None:
    await seed(uow, policy)
    tas_id = await activity_id(uow, WHITGREAVE, "tas_meeting", "autumn2")  # month 11 for C
    with pytest.raises(VisitError, match="held in November"):
        await visits.propose(uow, policy, SIA, NOW, tas_id, [datetime(2026, 12, 8, 9, 30)])


# --- Another date and what is waiting ---------------------------------------------------------


async def test_another_date_sends_it_back_to_the_advisor_and_awaiting_says_so(
    uow: UnitOfWork, policy: Policy
) -> None:
    visit_id = await seed(uow, policy)
    view = await proposed(uow, policy, visit_id)
    assert [v.activity_id for v in await visits.awaiting(uow, policy, HEAD, TODAY)] == [visit_id]
    assert [v.activity_id for v in await visits.awaiting(uow, policy, SIA, TODAY)] == [visit_id]
    assert await visits.awaiting(uow, policy, OTHER_HEAD, TODAY) == []
    assert await visits.awaiting(uow, policy, OTHER_SIA, TODAY) == []

    view = await visits.suggest_other_date(
        uow, policy, HEAD, NOW, visit_id, date(2027, 1, 26), "staff training on the 12th",
        view.version,
    )
    assert (view.stage, view.suggested_date, view.suggested_by) == (
        "planned", date(2027, 1, 26), "Jo Head"
    )
    assert await visits.awaiting(uow, policy, HEAD, TODAY) == []
    waiting = await visits.awaiting(uow, policy, SIA, TODAY)
    assert [v.activity_id for v in waiting] == [visit_id] and waiting[0].awaiting_advisor

    view = await visits.propose(
        uow, policy, SIA, NOW, visit_id, [datetime(2027, 1, 26, 9, 30)], read_version=view.version
    )
    assert view.stage == "proposed" and view.suggested_date is None
    assert await event_kinds(uow, visit_id) == ["proposed", "another_date_suggested", "proposed"]


# --- Who may ----------------------------------------------------------------------------------


async def test_only_the_right_people_may_act(uow: UnitOfWork, policy: Policy) -> None:
    visit_id = await seed(uow, policy)
    for person in (OTHER_SIA, HEAD, OTHER_HEAD, None):
        with pytest.raises(NotAllowed):
            await visits.propose(uow, policy, person, NOW, visit_id, OPTIONS)
    view = await visits.propose(uow, policy, HOS, NOW, visit_id, OPTIONS)  # service-wide
    for person in (OTHER_SIA, OTHER_HEAD):
        with pytest.raises(NotAllowed):
            await visits.confirm(uow, policy, person, NOW, visit_id, OPTIONS[0], view.version)
    with pytest.raises(NotAllowed, match="head or manager"):
        await visits.suggest_other_date(
            uow, policy, SIA, NOW, visit_id, date(2027, 1, 26), "", view.version
        )
    with pytest.raises(NotAllowed):
        await visits.visit(uow, policy, visit_id, OTHER_HEAD)
    with pytest.raises(UnknownVisit):
        await visits.visit(uow, policy, 999_999, HOS)


# --- Concurrency ------------------------------------------------------------------------------


async def test_a_change_to_an_old_version_gets_the_current_card(
    uow: UnitOfWork, policy: Policy
) -> None:
    visit_id = await seed(uow, policy)
    first = await proposed(uow, policy, visit_id)
    await visits.confirm(uow, policy, HEAD, NOW, visit_id, OPTIONS[0], first.version)
    with pytest.raises(StaleVisit) as raised:
        await visits.cancel(uow, policy, SIA, NOW, visit_id, "no longer needed", first.version)
    assert raised.value.current.stage == "confirmed"
    assert raised.value.current.version == first.version + 1


async def test_a_repeated_confirm_of_the_same_date_is_answered_once(
    uow: UnitOfWork, policy: Policy
) -> None:
    visit_id = await seed(uow, policy)
    view = await proposed(uow, policy, visit_id)
    done = await visits.confirm(uow, policy, HEAD, NOW, visit_id, OPTIONS[0], view.version)
    again = await visits.confirm(uow, policy, HEAD, NOW, visit_id, OPTIONS[0], view.version)
    assert again == done
    assert await event_kinds(uow, visit_id) == ["proposed", "confirmed"]
    with pytest.raises(StaleVisit):  # the other option, from the same old card
        await visits.confirm(uow, policy, HEAD, NOW, visit_id, OPTIONS[1], view.version)


async def _confirm(
    database: Database, policy: Policy, person: Person, visit_id: int, chosen: datetime,
    version: int,
) -> VisitView | StaleVisit:
    try:
        return await visits.confirm(
            UnitOfWork(database), policy, person, NOW, visit_id, chosen, version
        )
    except StaleVisit as stale:
        return stale


async def test_two_people_confirming_at_once_confirm_it_once(
    database: Database, policy: Policy
) -> None:
    uow = UnitOfWork(database)
    visit_id = await seed(uow, policy)
    view = await proposed(uow, policy, visit_id)

    results = await asyncio.gather(
        _confirm(database, policy, HEAD, visit_id, OPTIONS[0], view.version),
        _confirm(database, policy, SIA, visit_id, OPTIONS[1], view.version),
    )

    won = [r for r in results if isinstance(r, VisitView)]
    lost = [r for r in results if isinstance(r, StaleVisit)]
    assert len(won) == len(lost) == 1
    assert lost[0].current.stage == "confirmed"
    assert lost[0].current.starts_at == won[0].starts_at
    assert await event_kinds(uow, visit_id) == ["proposed", "confirmed"]
    current = await visits.visit(uow, policy, visit_id, HOS)
    assert current.version == view.version + 1


async def test_a_double_click_confirms_once(database: Database, policy: Policy) -> None:
    uow = UnitOfWork(database)
    visit_id = await seed(uow, policy)
    view = await proposed(uow, policy, visit_id)

    results = await asyncio.gather(
        *(_confirm(database, policy, HEAD, visit_id, OPTIONS[0], view.version) for _ in range(2))
    )

    # Whichever way the race goes, one confirmation, and nobody sees a date other than this one.
    for result in results:
        current = result.current if isinstance(result, StaleVisit) else result
        assert (current.stage, current.starts_at) == ("confirmed", OPTIONS[0])
    assert await event_kinds(uow, visit_id) == ["proposed", "confirmed"]


async def test_a_proposal_needs_a_visit_that_can_take_one(
    uow: UnitOfWork, policy: Policy
) -> None:
    visit_id = await seed(uow, policy)
    view = await confirmed(uow, policy, visit_id)
    await visits.deliver(
        uow, policy, SIA, VISIT_DAY, visit_id, DayCost(visit=Decimal("1")), date(2027, 1, 12),
        read_version=view.version,
    )
    with pytest.raises(VisitError, match="can't be given new dates"):
        await visits.propose(uow, policy, SIA, NOW, visit_id, [datetime(2027, 2, 2, 9, 30)])
