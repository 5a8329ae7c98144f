"""Agreeing categories: recorded with their reasons, and the year re-planned by the stated rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from eecore.domain.categories import CategoryAssignment
from eecore.domain.errors import EebotError, NotCategorised
from eecore.domain.ledger import Replan, replan_for_category_change
from eecore.domain.policy import Policy
from eecore.services.establishments import resolve
from eecore.services.plans import ensure_year_plan
from eecore.store.uow import UnitOfWork


@dataclass(frozen=True)
class CategoryChange:
    """What agreeing a category did: the assignment recorded and the plan changes for the year."""

    urn: str
    name: str
    previous: str | None
    assignment: CategoryAssignment
    academic_year: str
    superseded: int
    added: int


async def agree_category(
    uow: UnitOfWork,
    policy: Policy,
    school: str,
    category: str,
    *,
    rationale: str,
    agreed_by: str,
    today: date,
    effective_from: date | None = None,
    evidence: str = "",
) -> CategoryChange:
    """Record an agreed category and re-plan the rest of the year from it.

    The rule for a change part-way through a year: what was delivered stays; the plan for the
    half-terms still to come is regenerated from the new category; the allocation becomes the
    new category's.
    """
    chosen = policy.category(category)
    if not rationale.strip():
        raise EebotError("a category needs a reason: say why it was agreed (--reason)")
    if not agreed_by.strip():
        raise EebotError("say who agreed the category (--by)")
    effective = effective_from or today
    year = policy.calendar.year_of(effective)
    async with uow:
        establishment = await resolve(uow, school)
        kind = policy.kind(establishment.kind)
        if not kind.categorised:
            raise NotCategorised(
                f"{establishment.name} ({kind.label}) has no category: {kind.basis}"
            )
        history = await uow.categories.history(establishment.urn)
        previous = history[-1].category if history else None
        # Make sure the year as planned under the previous category is on record first.
        await ensure_year_plan(uow, policy, establishment, year, effective)
        assignment = await uow.categories.add(
            CategoryAssignment(
                urn=establishment.urn,
                category=chosen.id,
                effective_from=effective,
                agreed_by=agreed_by.strip(),
                rationale=rationale.strip(),
                evidence=evidence.strip(),
                recorded_at=datetime.now(UTC),
            )
        )
        replan = Replan()
        if await uow.activities.plan_generated(establishment.urn, year.label):
            existing = await uow.activities.for_year(establishment.urn, year.label)
            replan = replan_for_category_change(
                existing, policy.plan_for(kind.id, chosen.id), year, effective, chosen.id
            )
            for activity in replan.superseded:
                read_version = activity.version
                activity.supersede()
                await uow.activities.save(activity, read_version=read_version)
            for activity in replan.added:
                activity.urn = establishment.urn
            await uow.activities.add_all(replan.added)
            await uow.activities.record_plan_generated(establishment.urn, year.label, chosen.id)
        else:
            await ensure_year_plan(uow, policy, establishment, year, effective)
            replan.added.extend(await uow.activities.for_year(establishment.urn, year.label))
        await uow.commit()
        return CategoryChange(
            urn=establishment.urn,
            name=establishment.name,
            previous=previous,
            assignment=assignment,
            academic_year=year.label,
            superseded=len(replan.superseded),
            added=len(replan.added),
        )
