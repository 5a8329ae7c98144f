"""An advisor's caseload, and what is coming up for a school or a person, in the next weeks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from eecore.domain.access import check_can_see
from eecore.domain.calendar import UNSCHEDULED
from eecore.domain.establishments import Establishment
from eecore.domain.ledger import AllocationSummary
from eecore.domain.people import Person
from eecore.domain.policy import Policy
from eecore.domain.views import Caseload, CaseloadEntry, UpcomingItem, UpcomingList
from eecore.services.establishments import resolve
from eecore.services.plans import academic_year, allocation_summary, ensure_year_plan_committed
from eecore.store.uow import UnitOfWork

CATEGORY_URGENCY = {"C": 0, "B2": 1, "B1": 2, "AS": 3, "A": 4}
DEFAULT_WEEKS = 6


def urgency(entry: CaseloadEntry) -> tuple[int, int, int, date, str]:
    """Sort key: over allocation first, then most overdue, highest support, soonest next."""
    next_day = (
        entry.next_activity.date if entry.next_activity and entry.next_activity.date else None
    )
    return (
        0 if entry.over_allocated else 1,
        -entry.overdue,
        CATEGORY_URGENCY.get(entry.category or "", 5),
        next_day or date.max,
        entry.name,
    )


async def _summaries(
    uow: UnitOfWork, policy: Policy, establishments: Iterable[Establishment], today: date
) -> list[AllocationSummary]:
    year = academic_year(policy, None, today)
    summaries = []
    for establishment in establishments:
        await ensure_year_plan_committed(uow, policy, establishment, year, today)
        summaries.append(await allocation_summary(uow, policy, establishment, year, today))
    return summaries


async def caseload_summaries(
    uow: UnitOfWork, policy: Policy, advisor: Person, today: date
) -> list[AllocationSummary]:
    """This year's allocation summary of each establishment in a caseload (inside a unit of
    work; plans not made yet are made and committed)."""
    found = await uow.establishments.get_many(advisor.caseload)
    return await _summaries(uow, policy, found.values(), today)


async def caseload(uow: UnitOfWork, policy: Policy, advisor: Person, today: date) -> Caseload:
    """An advisor's establishments with category and days remaining, most urgent first."""
    async with uow:
        summaries = await caseload_summaries(uow, policy, advisor, today)
        entries = [
            CaseloadEntry(
                urn=s.urn,
                name=s.name,
                kind_label=s.kind_label,
                category=s.category,
                allocated=s.allocated,
                delivered=s.delivered,
                remaining=s.remaining,
                unplanned=s.unplanned,
                over_allocated=s.over_allocated,
                overdue=len(s.overdue),
                next_activity=s.upcoming[0] if s.upcoming else None,
            )
            for s in summaries
        ]
        return Caseload(
            advisor=advisor.name,
            academic_year=academic_year(policy, None, today).label,
            entries=tuple(sorted(entries, key=urgency)),
        )


def _upcoming_items(
    summaries: Iterable[AllocationSummary], policy: Policy, today: date, to_day: date
) -> tuple[UpcomingItem, ...]:
    year = academic_year(policy, None, today)
    dated: list[UpcomingItem] = []
    undated: list[tuple[date, UpcomingItem]] = []
    for summary in summaries:
        for activity in summary.upcoming:
            item = UpcomingItem(
                urn=summary.urn,
                school_name=summary.name,
                activity=activity.activity,
                activity_name=activity.activity_name,
                window_label=activity.window_label,
                date=activity.date,
                status=activity.status,
                days=activity.days,
            )
            if activity.date is not None:
                if today <= activity.date <= to_day:
                    dated.append(item)
            elif activity.window != UNSCHEDULED:
                start, _ = year.window_span(activity.window)
                if start <= to_day:
                    undated.append((start, item))
    dated.sort(key=lambda i: (i.date or date.max, i.school_name))
    undated.sort(key=lambda pair: (pair[0], pair[1].school_name))
    return (*dated, *(item for _, item in undated))


async def upcoming_for_school(
    uow: UnitOfWork,
    policy: Policy,
    school: str,
    today: date,
    viewer: Person | None,
    *,
    weeks: int = DEFAULT_WEEKS,
) -> UpcomingList:
    """What is coming up at one establishment in the next weeks."""
    to_day = today + timedelta(weeks=weeks)
    async with uow:
        establishment = await resolve(uow, school)
        if viewer is not None:
            check_can_see(viewer, establishment.urn, establishment.name)
        summaries = await _summaries(uow, policy, [establishment], today)
        return UpcomingList(
            title=f"Coming up at {establishment.name}",
            from_day=today,
            to_day=to_day,
            items=_upcoming_items(summaries, policy, today, to_day),
        )


async def upcoming_for_person(
    uow: UnitOfWork, policy: Policy, person: Person, today: date, *, weeks: int = DEFAULT_WEEKS
) -> UpcomingList:
    """What is coming up across an advisor's caseload, or a head's own establishment."""
    to_day = today + timedelta(weeks=weeks)
    urns = person.caseload | person.led_establishments
    async with uow:
        found = await uow.establishments.get_many(urns)
        summaries = await _summaries(uow, policy, found.values(), today)
        return UpcomingList(
            title="Coming up for you",
            from_day=today,
            to_day=to_day,
            items=_upcoming_items(summaries, policy, today, to_day),
        )
