"""A school's profile: kind, phase, category and since when, advisor, head, last Ofsted outcome."""

from __future__ import annotations

from bot.context import Card, Context
from bot.handlers.common import school_asked_for
from bot.router import Router
from cards.actions import ShowSchool
from cards.school import school_card
from eecore.services.schools import school_profile

router = Router()
USAGE = "school <school>"


async def profile_of(context: Context, school: str) -> Card:
    profile = await school_profile(
        context.uow(), context.policy, school, context.today, viewer=context.asker
    )
    return school_card(profile)


@router.command(
    "school",
    usage=USAGE,
    help="a school's category, advisor, head and Ofsted outcome",
    pick=ShowSchool,
)
async def school(context: Context, argument: str) -> Card:
    return await profile_of(context, school_asked_for(context, argument, USAGE))


@router.action(ShowSchool)
async def show_school(context: Context, action: ShowSchool) -> Card:
    return await profile_of(context, action.urn)
