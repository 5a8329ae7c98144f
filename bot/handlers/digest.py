"""An advisor's week: the weekly digest, on asking as well as on Monday mornings."""

from __future__ import annotations

from bot.context import Card, Context
from bot.router import Router
from cards.digest import digest_card
from eecore.domain.access import NotAllowed, has_caseload
from eecore.services.digest import weekly_digest

router = Router()


@router.command(
    "week",
    usage="week",
    help="your week ahead: visits booked, answers awaited, deliveries and reports to record",
    allowed=has_caseload,
)
async def week(context: Context, _argument: str) -> Card:
    if context.asker is None:
        raise NotAllowed("only advisors get a weekly digest")
    return digest_card(
        await weekly_digest(context.uow(), context.policy, context.asker, context.today)
    )
