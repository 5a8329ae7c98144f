"""Use cases of visits and meetings: propose, confirm, suggest another date, move, deliver,
write up and cancel, with the cards' read model and what is waiting for someone.

Every change is checked against the version the person saw (`read_version`): when the visit
changed meanwhile, StaleVisit carries the current view so the bot can show the fresh card. Two
people confirming at once, or a double click, confirm it once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime

from eecore.domain.access import NotAllowed, check_can_see
from eecore.domain.errors import CalendarError, UnknownVisit, VisitError
from eecore.domain.establishments import Establishment
from eecore.domain.ledger import PlannedActivity
from eecore.domain.people import Person
from eecore.domain.policy import DayCost, Policy
from eecore.domain.views import VisitView
from eecore.domain.visits import (
    ProposalStatus,
    Stage,
    StaleVisit,
    Visit,
    may_answer,
    may_arrange,
    view_of,
)
from eecore.services.plans import allocation_summary
from eecore.store.repositories import StaleActivity
from eecore.store.uow import UnitOfWork
from eecore.store.visits import VisitRepository

_NOT_KNOWN = "eebot doesn't know you yet: ask your administrator to add you to the people list"


async def _load(uow: UnitOfWork, activity_id: int) -> tuple[PlannedActivity, Establishment]:
    activity = await uow.activities.get(activity_id)
    if activity is None:
        raise UnknownVisit(f"there is no planned visit or meeting {activity_id}")
    establishment = await uow.establishments.get(activity.urn)
    if establishment is None:  # pragma: no cover - a foreign key guarantees it
        raise UnknownVisit(f"visit {activity_id} belongs to no known school or setting")
    return activity, establishment


async def _view(
    uow: UnitOfWork, policy: Policy, activity: PlannedActivity, establishment: Establishment
) -> VisitView:
    assert activity.id is not None
    visits = VisitRepository(uow.session)
    return view_of(
        activity,
        school_name=establishment.name,
        activity_name=policy.activity_name(activity.activity),
        proposals=await visits.proposals(activity.id),
        history=await visits.history(activity.id),
        heads=await uow.people.heads_of(activity.urn),
        advisors=await uow.people.advisors_of(activity.urn),
    )


async def _fresh_view(uow: UnitOfWork, policy: Policy, activity_id: int) -> VisitView:
    activity, establishment = await _load(uow, activity_id)
    return await _view(uow, policy, activity, establishment)


def _check_arranger(person: Person | None, establishment: Establishment) -> None:
    if person is None:
        raise NotAllowed(_NOT_KNOWN)
    if not may_arrange(person, establishment.urn):
        raise NotAllowed(
            f"only {establishment.name}'s advisors (or the Head of Service, an SSIA or an "
            "administrator) can arrange or record its visits"
        )


def _check_answerer(person: Person | None, establishment: Establishment) -> None:
    if person is None:
        raise NotAllowed(_NOT_KNOWN)
    if not may_answer(person, establishment.urn):
        raise NotAllowed(
            f"only {establishment.name}'s head or manager can suggest another date for its visits"
        )


def _arranger(person: Person | None) -> Callable[[PlannedActivity, Establishment], None]:
    """The access check of an advisor's change (propose, deliver, report, cancel)."""
    return lambda _activity, establishment: _check_arranger(person, establishment)


def _answerer(person: Person | None) -> Callable[[PlannedActivity, Establishment], None]:
    """The access check of the school's answer (another date suggested)."""
    return lambda _activity, establishment: _check_answerer(person, establishment)


async def _change(
    uow: UnitOfWork,
    policy: Policy,
    activity_id: int,
    read_version: int | None,
    check: Callable[[PlannedActivity, Establishment], None],
    change: Callable[[Visit], None],
    already_done: Callable[[Visit], bool] = lambda _: False,
    before: Callable[[PlannedActivity, Establishment], Awaitable[None]] | None = None,
) -> VisitView:
    """Load, check who may, check the version, change, save (optimistically) and commit."""
    async with uow:
        visits = VisitRepository(uow.session)
        await visits.lock(activity_id)
        activity, establishment = await _load(uow, activity_id)
        check(activity, establishment)
        if before is not None:
            await before(activity, establishment)
        visit = Visit(
            activity,
            await visits.proposals(activity_id),
            name=policy.activity_name(activity.activity),
        )
        if already_done(visit):
            return await _view(uow, policy, activity, establishment)
        if read_version is not None and activity.version != read_version:
            raise StaleVisit(await _view(uow, policy, activity, establishment))
        read = activity.version
        change(visit)
        try:
            await uow.activities.save(activity, read_version=read)
        except StaleActivity:
            await uow.rollback()
            activity, establishment = await _load(uow, activity_id)
            fresh = Visit(activity, await visits.proposals(activity_id))
            current = await _view(uow, policy, activity, establishment)
            if already_done(fresh):
                return current
            raise StaleVisit(current) from None
        await visits.save(visit)
        await uow.commit()
        return await _fresh_view(uow, policy, activity_id)


async def propose(
    uow: UnitOfWork,
    policy: Policy,
    person: Person | None,
    now: datetime,
    activity_id: int,
    options: Sequence[datetime],
    note: str = "",
    read_version: int | None = None,
) -> VisitView:
    """An advisor proposes one to three dates and times (local); a confirmed visit is moved."""
    today = now.date()

    check = _arranger(person)

    def change(visit: Visit) -> None:
        assert person is not None
        year = policy.calendar.year(visit.activity.academic_year)
        visit.propose(
            options, by=person.name, at=now, year=year, today=today, note=note,
            by_person_id=person.id,
        )

    return await _change(uow, policy, activity_id, read_version, check, change)


async def confirm(
    uow: UnitOfWork,
    policy: Policy,
    person: Person | None,
    now: datetime,
    activity_id: int,
    chosen: datetime,
    read_version: int,
) -> VisitView:
    """The head or manager chooses one of the proposed dates, or an advisor on their behalf.

    Confirming again the date already confirmed answers with the visit as it is (a repeated
    click); a visit changed since read_version raises StaleVisit.
    """
    on_behalf = [False]

    def check(_: PlannedActivity, establishment: Establishment) -> None:
        if may_answer(person, establishment.urn):
            return
        if may_arrange(person, establishment.urn):
            on_behalf[0] = True
            return
        if person is None:
            raise NotAllowed(_NOT_KNOWN)
        raise NotAllowed(
            f"only {establishment.name}'s head or manager, or its advisor on their behalf, "
            "can confirm its visits"
        )

    def change(visit: Visit) -> None:
        assert person is not None
        visit.confirm(chosen, by=person.name, at=now, on_behalf=on_behalf[0])

    def already_done(visit: Visit) -> bool:
        return visit.is_confirmed_at(chosen)

    return await _change(uow, policy, activity_id, read_version, check, change, already_done)


async def suggest_other_date(
    uow: UnitOfWork,
    policy: Policy,
    person: Person | None,
    now: datetime,
    activity_id: int,
    suggested: date,
    note: str,
    read_version: int,
) -> VisitView:
    """The head or manager declines the proposed dates and suggests another day."""
    today = now.date()

    check = _answerer(person)

    def change(visit: Visit) -> None:
        assert person is not None
        year = policy.calendar.year(visit.activity.academic_year)
        visit.suggest_other_date(suggested, note, by=person.name, at=now, year=year, today=today)

    return await _change(uow, policy, activity_id, read_version, check, change)


async def deliver(
    uow: UnitOfWork,
    policy: Policy,
    person: Person | None,
    now: datetime,
    activity_id: int,
    used: DayCost,
    delivered_on: date,
    over_reason: str = "",
    read_version: int | None = None,
) -> VisitView:
    """Record a confirmed visit as delivered with the days used (OverAllocated when that goes
    over what is left for the year, unless a reason is given)."""
    today = now.date()
    remaining = [used.total]

    async def left(activity: PlannedActivity, establishment: Establishment) -> None:
        year = policy.calendar.year(activity.academic_year)
        summary = await allocation_summary(uow, policy, establishment, year, today)
        remaining[0] = summary.remaining

    check = _arranger(person)

    def change(visit: Visit) -> None:
        assert person is not None
        visit.deliver(
            used, delivered_on, remaining=remaining[0], by=person.name, at=now, today=today,
            over_reason=over_reason,
        )

    return await _change(uow, policy, activity_id, read_version, check, change, before=left)


async def write_report(
    uow: UnitOfWork,
    policy: Policy,
    person: Person | None,
    now: datetime,
    activity_id: int,
    written_on: date,
    read_version: int | None = None,
) -> VisitView:
    """Record that the write-up of a delivered visit is done."""
    today = now.date()

    check = _arranger(person)

    def change(visit: Visit) -> None:
        assert person is not None
        visit.write_report(written_on, by=person.name, at=now, today=today)

    return await _change(uow, policy, activity_id, read_version, check, change)


async def cancel(
    uow: UnitOfWork,
    policy: Policy,
    person: Person | None,
    now: datetime,
    activity_id: int,
    reason: str,
    read_version: int | None = None,
) -> VisitView:
    """Call off a visit not yet delivered, with a reason; its days go back to the school."""

    check = _arranger(person)

    def change(visit: Visit) -> None:
        assert person is not None
        visit.cancel(reason, by=person.name, at=now)

    return await _change(uow, policy, activity_id, read_version, check, change)


async def visit(
    uow: UnitOfWork, policy: Policy, activity_id: int, viewer: Person | None
) -> VisitView:
    """One visit as its card shows it (NotAllowed unless the viewer may see the school)."""
    async with uow:
        activity, establishment = await _load(uow, activity_id)
        check_can_see(viewer, establishment.urn, establishment.name)
        return await _view(uow, policy, activity, establishment)


async def awaiting(
    uow: UnitOfWork, policy: Policy, person: Person, today: date
) -> list[VisitView]:
    """Visits waiting for this person: for a head or manager, proposals to answer; for an
    advisor, their caseload's proposals the school has not answered yet and the ones where the
    school suggested another date (which need a new proposal). Past years are left out."""
    led = person.led_establishments
    arranged = {urn for urn in person.caseload if may_arrange(person, urn)}
    found: list[VisitView] = []
    async with uow:
        latest = await VisitRepository(uow.session).latest_proposals(led | arranged)
        schools = await uow.establishments.get_many(led | arranged)
        for activity_id in sorted(latest):
            proposal = latest[activity_id]
            if proposal.status not in (ProposalStatus.OPEN, ProposalStatus.DECLINED):
                continue
            activity = await uow.activities.get(activity_id)
            if activity is None or activity.urn not in schools:
                continue
            try:
                if policy.calendar.year(activity.academic_year).last_day < today:
                    continue
            except CalendarError:
                pass
            view = await _view(uow, policy, activity, schools[activity.urn])
            waiting_head = activity.urn in led and view.stage == Stage.PROPOSED.value
            waiting_advisor = activity.urn in arranged and (
                view.stage == Stage.PROPOSED.value or view.awaiting_advisor
            )
            if waiting_head or waiting_advisor:
                found.append(view)
    found.sort(key=_soonest)
    return found


def _soonest(view: VisitView) -> tuple[date, int]:
    days = [o.date() for o in view.options]
    if view.suggested_date is not None:
        days = [view.suggested_date]
    return (min(days, default=date.max), view.activity_id)


__all__ = [
    "NotAllowed",
    "StaleVisit",
    "VisitError",
    "awaiting",
    "cancel",
    "confirm",
    "deliver",
    "propose",
    "suggest_other_date",
    "visit",
    "write_report",
]
