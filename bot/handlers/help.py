"""Help: the commands this person may use."""

from __future__ import annotations

from bot.context import Card, Context
from bot.router import Router, anyone
from cards.actions import ShowHelp
from cards.help import help_card


def register(router: Router) -> None:
    """Add help to a router; it lists whatever that router holds when asked."""

    def help_for(context: Context) -> Card:
        lines = [(c.usage, c.help) for c in router.usable_by(context.asker)]
        return help_card(lines, context.asker.name if context.asker else None)

    @router.command("help", usage="help", help="what I can do for you", allowed=anyone)
    async def help_command(context: Context, _argument: str) -> Card:
        return help_for(context)

    @router.action(ShowHelp)
    async def show_help(context: Context, _action: ShowHelp) -> Card:
        return help_for(context)
