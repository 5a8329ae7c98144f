"""What's left: days allocated, delivered, booked, planned and remaining for a school."""

from __future__ import annotations

from bot.context import Card, Context
from bot.handlers.common import school_asked_for
from bot.router import Router
from cards.actions import ShowLeft
from cards.allocation import allocation_card
from eecore.services.allocations import whats_left

router = Router()
USAGE = "left <school>"


async def left_for(context: Context, school: str) -> Card:
    summary = await whats_left(
        context.uow(), context.policy, school, context.today, viewer=context.asker
    )
    return allocation_card(summary)


@router.command(
    "left",
    usage=USAGE,
    help="days allocated, used, booked and left, and what's next",
    pick=ShowLeft,
)
async def left(context: Context, argument: str) -> Card:
    return await left_for(context, school_asked_for(context, argument, USAGE))


@router.action(ShowLeft)
async def show_left(context: Context, action: ShowLeft) -> Card:
    return await left_for(context, action.urn)
