"""Year plans: generated from an establishment's kind and category, and read back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.exc import IntegrityError

from eecore.domain.calendar import AcademicYear, window_label
from eecore.domain.categories import CategoryAssignment, category_on
from eecore.domain.errors import NotCategorised
from eecore.domain.establishments import Establishment
from eecore.domain.ledger import (
    AllocationSummary,
    PlannedActivity,
    Status,
    plan_activities,
    summarise,
    windows_still_to_come,
)
from eecore.domain.policy import Policy
from eecore.domain.views import PlanEntry
from eecore.store.uow import UnitOfWork


def academic_year(policy: Policy, label: str | None, today: date) -> AcademicYear:
    """The year asked for, or the one today is in."""
    return policy.calendar.year(label) if label else policy.calendar.year_of(today)


def category_in_force(
    policy: Policy,
    establishment: Establishment,
    history: list[CategoryAssignment],
    year: AcademicYear,
    today: date,
) -> CategoryAssignment | None:
    """The category that sets this year's allocation: the one in force today, or at the year's end
    for a past year (None for kinds without categories, or before any is agreed)."""
    if not policy.kind(establishment.kind).categorised:
        return None
    return category_on(history, min(today, year.last_day)) or category_on(history, year.first_day)


async def ensure_year_plan(
    uow: UnitOfWork,
    policy: Policy,
    establishment: Establishment,
    year: AcademicYear,
    today: date,
) -> bool:
    """Generate and store the year plan if it does not exist yet; True when one was made.

    An establishment of a categorised kind with no category agreed gets no plan.
    """
    if await uow.activities.plan_generated(establishment.urn, year.label):
        return False
    history = await uow.categories.history(establishment.urn)
    assignment = category_in_force(policy, establishment, history, year, today)
    category = assignment.category if assignment else None
    try:
        plan = policy.plan_for(establishment.kind, category)
    except NotCategorised:
        return False
    windows = None
    if assignment is not None and assignment.effective_from > year.first_day:
        # First categorised part-way through the year: plan only what is still to come.
        earlier = category_on(history, year.first_day)
        if earlier is None:
            windows = windows_still_to_come(year, assignment.effective_from)
    activities = plan_activities(plan, establishment.urn, year, category, windows)
    await uow.activities.add_all(activities)
    await uow.activities.record_plan_generated(establishment.urn, year.label, category)
    return True


async def ensure_year_plan_committed(
    uow: UnitOfWork,
    policy: Policy,
    establishment: Establishment,
    year: AcademicYear,
    today: date,
) -> None:
    """ensure_year_plan, committed at once; a plan made meanwhile by another process is kept."""
    try:
        if await ensure_year_plan(uow, policy, establishment, year, today):
            await uow.commit()
    except IntegrityError:
        await uow.rollback()


async def allocation_summary(
    uow: UnitOfWork,
    policy: Policy,
    establishment: Establishment,
    year: AcademicYear,
    today: date,
) -> AllocationSummary:
    """What's left for an establishment in a year, derived from its ledger (in a unit of work)."""
    kind = policy.kind(establishment.kind)
    history = await uow.categories.history(establishment.urn)
    assignment = category_in_force(policy, establishment, history, year, today)
    category = assignment.category if assignment else None
    note = ""
    try:
        base = policy.allocation(establishment.kind, category)
    except NotCategorised as exc:
        base = Decimal("0")
        note = str(exc)
    if not kind.categorised:
        note = kind.basis
    return summarise(
        urn=establishment.urn,
        name=establishment.name,
        kind=kind.id,
        kind_label=kind.label,
        category=category,
        categorised=kind.categorised,
        year=year,
        base_allocation=base,
        activities=await uow.activities.for_year(establishment.urn, year.label),
        adjustments=await uow.adjustments.for_year(establishment.urn, year.label),
        activity_names={a.id: a.name for a in policy.activities.values()},
        today=today,
        note=note,
    )


def plan_entries(
    policy: Policy, year: AcademicYear, activities: list[PlannedActivity]
) -> tuple[PlanEntry, ...]:
    """The plan's activities in the order of the year, leaving out superseded ones."""
    order = {
        w: i
        for i, w in enumerate(
            (
                "autumn1",
                "autumn",
                "autumn2",
                "spring1",
                "spring",
                "spring2",
                "summer1",
                "summer",
                "summer2",
                "unscheduled",
            )
        )
    }
    shown = [a for a in activities if a.status != Status.SUPERSEDED]
    shown.sort(key=lambda a: (order.get(a.window, 99), a.when or year.last_day, a.id or 0))
    return tuple(
        PlanEntry(
            id=a.id,
            activity=a.activity,
            activity_name=policy.activities[a.activity].name
            if a.activity in policy.activities
            else a.activity,
            window=a.window,
            window_label=window_label(a.window),
            status=a.status.value,
            date=a.when,
            planned_days=a.planned_days,
            used_days=a.used_days if a.status == Status.DELIVERED else None,
            note=a.note or a.reason,
            month=a.month,
        )
        for a in shown
    )
