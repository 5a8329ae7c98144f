"""Reminder settings: each person turns each kind of reminder off or on."""

from __future__ import annotations

from bot.context import Card, Context
from bot.router import Router, known
from cards.reminders import LABELS, reminders_card
from eecore.domain.access import NotAllowed
from eecore.domain.errors import EebotError
from eecore.services import reminders

router = Router()
BY_NAME = {name: kind for kind, (name, _) in LABELS.items()}


@router.command(
    "reminders",
    usage="reminders [on | off] [name]",
    help="which reminders you get; turn one off or on",
    allowed=known,
)
async def reminders_command(context: Context, argument: str) -> Card:
    person = context.asker
    if person is None or person.id is None:
        raise NotAllowed("eebot doesn't know you yet: ask your administrator to add you")
    words = argument.lower().split()
    notice = ""
    if words:
        if words[0] not in ("on", "off") or len(words) != 2 or words[1] not in BY_NAME:
            names = ", ".join(BY_NAME)
            raise EebotError(f"try: reminders off digest (names: {names})")
        enabled = words[0] == "on"
        await reminders.set_preference(context.uow(), person.id, BY_NAME[words[1]], enabled)
        notice = f"{words[1]} reminders are now {words[0]}"
    preferences = await reminders.preferences(context.uow(), person.id)
    return reminders_card(preferences, notice)
