"""Upcoming TAS meetings, core visits and other activities in the next weeks."""

from __future__ import annotations

from bot.context import Card, Context
from bot.router import Router
from cards.actions import ShowMyUpcoming, ShowUpcoming
from cards.upcoming import upcoming_card
from eecore.domain.access import NotAllowed
from eecore.services.caseload import upcoming_for_person, upcoming_for_school

router = Router()


async def mine(context: Context) -> Card:
    if context.asker is None:
        raise NotAllowed("eebot doesn't know you yet: ask your administrator to add you")
    listed = await upcoming_for_person(context.uow(), context.policy, context.asker, context.today)
    return upcoming_card(listed)


async def for_school(context: Context, school: str) -> Card:
    listed = await upcoming_for_school(
        context.uow(), context.policy, school, context.today, context.asker
    )
    return upcoming_card(listed)


@router.command(
    "upcoming",
    usage="upcoming [mine | <school>]",
    help="visits and meetings in the next six weeks",
    pick=ShowUpcoming,
)
async def upcoming(context: Context, argument: str) -> Card:
    if argument.strip().lower() in ("", "mine", "me", "for me"):
        return await mine(context)
    return await for_school(context, argument)


@router.action(ShowUpcoming)
async def show_upcoming(context: Context, action: ShowUpcoming) -> Card:
    return await for_school(context, action.urn)


@router.action(ShowMyUpcoming)
async def show_my_upcoming(context: Context, _action: ShowMyUpcoming) -> Card:
    return await mine(context)
