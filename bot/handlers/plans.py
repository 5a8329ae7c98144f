"""The year's plan for a school, by half-term, with each activity's status and days."""

from __future__ import annotations

from bot.context import Card, Context
from bot.handlers.common import school_asked_for
from bot.router import Router
from cards.actions import ShowPlan
from cards.plan import plan_card
from eecore.services.allocations import year_plan

router = Router()
USAGE = "plan <school>"


async def plan_for(context: Context, school: str) -> Card:
    plan = await year_plan(
        context.uow(), context.policy, school, context.today, viewer=context.asker
    )
    return plan_card(plan)


@router.command(
    "plan",
    usage=USAGE,
    help="the year's plan by half-term, with each activity's status",
    pick=ShowPlan,
)
async def plan(context: Context, argument: str) -> Card:
    return await plan_for(context, school_asked_for(context, argument, USAGE))


@router.action(ShowPlan)
async def show_plan(context: Context, action: ShowPlan) -> Card:
    return await plan_for(context, action.urn)
