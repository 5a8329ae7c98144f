"""The weekly digest through the services, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from eecore.domain.access import NotAllowed
from eecore.domain.policy import DayCost, Policy
from eecore.services import visits
from eecore.services.allocations import whats_left
from eecore.services.digest import weekly_digest
from eecore.store.uow import UnitOfWork
from tests.conftest import TODAY
from tests.services.test_visits import (
    HEAD,
    HOS,
    NOW,
    OTHER_SIA,
    SIA,
    ST_LUKES,
    WHITGREAVE,
    activity_id,
    seed,
)

A_FORTNIGHT_AGO = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def names(items: tuple[object, ...]) -> list[tuple[str, str]]:
    return [(i.school_name, i.activity_name) for i in items]  # type: ignore[attr-defined]


async def test_a_quiet_week_still_says_where_the_caseload_stands(
    uow: UnitOfWork, policy: Policy
) -> None:
    await seed(uow, policy)
    digest = await weekly_digest(uow, policy, SIA, TODAY)

    assert (digest.advisor, digest.academic_year) == ("Sam Patel", "2026/27")
    assert (digest.from_day, digest.to_day) == (TODAY, date(2026, 12, 9))
    assert digest.nothing_to_do
    assert digest.establishments == 1  # Whitgreave only: St Luke's is another advisor's
    assert digest.remaining == Decimal(19)  # category C, nothing used yet
    # Autumn 1's conversation and TAS meeting were never booked, and Autumn 1 is over.
    assert digest.overdue == 2
    left = await whats_left(uow, policy, WHITGREAVE, TODAY)
    assert digest.overdue == sum(1 for o in left.overdue if o.status == "planned")
    assert digest.over_allocated == ()


async def test_the_week_lists_each_visit_where_it_is_in_its_life(
    uow: UnitOfWork, policy: Policy
) -> None:
    await seed(uow, policy)
    past = await activity_id(uow, WHITGREAVE, "tas_meeting", "autumn2")  # held in November
    coming = await activity_id(uow, WHITGREAVE, "status_check", "autumn2")
    core = await activity_id(uow, WHITGREAVE, "core_visit", "spring1")
    spring_tas = await activity_id(uow, WHITGREAVE, "tas_meeting", "spring1")

    # Booked a fortnight ago for last Monday: it happened, and its delivery is to record.
    last_monday = datetime(2026, 11, 30, 10, 0)
    view = await visits.propose(uow, policy, SIA, A_FORTNIGHT_AGO, past, [last_monday])
    await visits.confirm(uow, policy, HEAD, A_FORTNIGHT_AGO, past, last_monday, view.version)
    # Booked for next Tuesday at 14:00.
    tuesday = datetime(2026, 12, 8, 14, 0)
    view = await visits.propose(uow, policy, SIA, NOW, coming, [tuesday])
    await visits.confirm(uow, policy, HEAD, NOW, coming, tuesday, view.version)
    # Proposed, with no answer yet; and proposed, with the head asking for another day.
    await visits.propose(
        uow, policy, SIA, NOW, core, [datetime(2027, 1, 14, 9, 30), datetime(2027, 1, 12, 13, 0)]
    )
    view = await visits.propose(uow, policy, SIA, NOW, spring_tas, [datetime(2027, 1, 11, 9, 0)])
    await visits.suggest_other_date(
        uow, policy, HEAD, NOW, spring_tas, date(2027, 1, 20), "a governors' day", view.version
    )

    digest = await weekly_digest(uow, policy, SIA, TODAY)
    assert not digest.nothing_to_do
    assert names(digest.booked) == [("Whitgreave Primary School", "Status / health check")]
    [booked] = digest.booked
    assert (booked.activity_id, booked.on, booked.at) == (coming, date(2026, 12, 8), tuesday)
    assert [(i.activity_id, i.on) for i in digest.to_record] == [(past, date(2026, 11, 30))]
    assert [(i.activity_id, i.on) for i in digest.awaiting_school] == [(core, date(2027, 1, 12))]
    assert [(i.activity_id, i.on) for i in digest.awaiting_advisor] == [
        (spring_tas, date(2027, 1, 20))
    ]
    assert digest.reports_due == ()
    assert digest.awaiting_school[0].window_label == "Spring 1"

    # Delivered: from "to record" to "reports to write"; written: off the digest.
    view = await visits.deliver(
        uow, policy, SIA, NOW, past, DayCost(Decimal("0.25"), Decimal("0.5"), Decimal(0)),
        date(2026, 11, 30),
    )
    digest = await weekly_digest(uow, policy, SIA, TODAY)
    assert digest.to_record == ()
    assert [(i.activity_id, i.on) for i in digest.reports_due] == [
        (past, date(2026, 11, 30))
    ]
    assert digest.remaining == Decimal(19) - Decimal("0.75")
    await visits.write_report(uow, policy, SIA, NOW, past, date(2026, 12, 2), view.version)
    digest = await weekly_digest(uow, policy, SIA, TODAY)
    assert digest.reports_due == ()

    # A week on, Tuesday's meeting is no longer "this week" but still to record.
    later = await weekly_digest(uow, policy, SIA, date(2026, 12, 10))
    assert later.booked == ()
    assert [i.activity_id for i in later.to_record] == [coming]


async def test_another_advisors_visits_stay_off_the_digest(
    uow: UnitOfWork, policy: Policy
) -> None:
    await seed(uow, policy)
    theirs = await activity_id(uow, ST_LUKES, "status_check", "autumn2")
    view = await visits.propose(uow, policy, OTHER_SIA, NOW, theirs, [datetime(2026, 12, 7, 9)])
    assert view.stage == "proposed"

    mine = await weekly_digest(uow, policy, SIA, TODAY)
    assert mine.nothing_to_do and mine.establishments == 1
    their_digest = await weekly_digest(uow, policy, OTHER_SIA, TODAY)
    assert [i.activity_id for i in their_digest.awaiting_school] == [theirs]


@pytest.mark.parametrize("person", [HEAD, None], ids=["head", "nobody"])
async def test_only_advisors_and_leads_get_a_digest(
    uow: UnitOfWork, policy: Policy, person: object
) -> None:
    await seed(uow, policy)
    with pytest.raises(NotAllowed):
        await weekly_digest(uow, policy, person, TODAY)  # type: ignore[arg-type]
    lead = await weekly_digest(uow, policy, HOS, TODAY)  # a lead with no caseload of her own
    assert lead.establishments == 0 and lead.nothing_to_do and lead.remaining == 0
