"""Use cases about allocated and remaining support days."""

from __future__ import annotations

from datetime import date

from eecore.domain.access import check_can_see
from eecore.domain.calendar import AcademicYear
from eecore.domain.establishments import Establishment
from eecore.domain.ledger import AllocationSummary
from eecore.domain.people import Person
from eecore.domain.policy import Policy
from eecore.domain.views import YearPlan
from eecore.services.establishments import resolve
from eecore.services.plans import (
    academic_year,
    allocation_summary,
    ensure_year_plan_committed,
    plan_entries,
)
from eecore.store.uow import UnitOfWork


async def _planned_year(
    uow: UnitOfWork,
    policy: Policy,
    school: str,
    today: date,
    year: str | None,
    viewer: Person | None,
) -> tuple[Establishment, AcademicYear]:
    """The establishment (if the viewer may see it) and the year asked for, its plan made."""
    establishment = await resolve(uow, school)
    if viewer is not None:
        check_can_see(viewer, establishment.urn, establishment.name)
    academic = academic_year(policy, year, today)
    await ensure_year_plan_committed(uow, policy, establishment, academic, today)
    return establishment, academic


async def whats_left(
    uow: UnitOfWork,
    policy: Policy,
    school: str,
    today: date,
    year: str | None = None,
    viewer: Person | None = None,
) -> AllocationSummary:
    """Days allocated, delivered, booked, planned and remaining for one establishment and year.

    A viewer (a person asking in Teams) must be allowed to see the establishment; without one
    the caller is the service itself (the command line).
    """
    async with uow:
        establishment, academic = await _planned_year(uow, policy, school, today, year, viewer)
        return await allocation_summary(uow, policy, establishment, academic, today)


async def year_plan(
    uow: UnitOfWork,
    policy: Policy,
    school: str,
    today: date,
    year: str | None = None,
    viewer: Person | None = None,
) -> YearPlan:
    """An establishment's plan for a year, by half-term, with each activity's status and days."""
    async with uow:
        establishment, academic = await _planned_year(uow, policy, school, today, year, viewer)
        summary = await allocation_summary(uow, policy, establishment, academic, today)
        activities = await uow.activities.for_year(establishment.urn, academic.label)
        return YearPlan(summary=summary, entries=plan_entries(policy, academic, activities))
