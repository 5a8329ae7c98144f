"""An advisor's caseload: establishments with category and days remaining, most urgent first."""

from __future__ import annotations

from bot.context import Card, Context
from bot.router import Router
from cards.actions import ShowCaseload
from cards.caseload import caseload_card
from eecore.domain.access import NotAllowed, has_caseload
from eecore.services.caseload import caseload as caseload_of

router = Router()


async def my_caseload(context: Context) -> Card:
    if context.asker is None or not has_caseload(context.asker):
        raise NotAllowed("only advisors have a caseload")
    return caseload_card(
        await caseload_of(context.uow(), context.policy, context.asker, context.today)
    )


@router.command(
    "caseload",
    usage="caseload",
    help="your schools and settings, most urgent first",
    allowed=has_caseload,
)
async def caseload(context: Context, _argument: str) -> Card:
    return await my_caseload(context)


@router.action(ShowCaseload)
async def show_caseload(context: Context, _action: ShowCaseload) -> Card:
    return await my_caseload(context)
