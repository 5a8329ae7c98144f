"""The router: text commands and natural questions, and typed card actions, to handlers.

Handlers register by what they answer (`@router.command("left")`, `@router.action(ShowPlan)`);
each returns one card. Errors become cards in one place, here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from bot.context import Card, Context
from cards.actions import CardAction, InvalidAction, parse_action
from cards.messages import apology_card, error_card, no_match_card, not_allowed_card
from cards.pick import pick_school_card
from eecore.domain.access import NotAllowed
from eecore.domain.errors import AmbiguousSchool, EebotError, UnknownSchool
from eecore.domain.people import Person
from eecore.store.database import DatabaseError

log = logging.getLogger(__name__)

A = TypeVar("A", bound=CardAction)
CommandHandler = Callable[[Context, str], Awaitable[Card]]
ActionHandler = Callable[[Context, Any], Awaitable[Card]]


def anyone(_person: Person | None) -> bool:
    return True


def known(person: Person | None) -> bool:
    return person is not None


@dataclass(frozen=True)
class Command:
    """A text command: its word, how to use it, who may, and the card action it stands for."""

    name: str
    usage: str
    help: str
    handler: CommandHandler
    allowed: Callable[[Person | None], bool]
    pick: Callable[[str], CardAction] | None
    """Builds the action a 'which school?' button sends, for commands that take a school."""


# Natural questions, tried in order after the command words; each names a command and where
# the school is in the sentence.
_QUESTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), command)
    for pattern, command in (
        (r"^(?:what(?:'s| is)|whats) left (?:for|at|in) (?P<school>.+)$", "left"),
        (
            r"^how many days (?:has|have|does|do) (?P<school>.+?) "
            r"(?:got |have )?(?:left|remaining)$",
            "left",
        ),
        (r"^how many days (?:are )?left (?:for|at) (?P<school>.+)$", "left"),
        (r"^days left (?:for|at) (?P<school>.+)$", "left"),
        (r"^(?:what(?:'s| is)|whats) left$", "left"),
        (r"^(?:show |what(?:'s| is) )?(?:the )?plan (?:for|at) (?P<school>.+)$", "plan"),
        (r"^(?:tell me about|who is|who's|profile (?:of|for)) (?P<school>.+)$", "school"),
        (r"^(?:what(?:'s| is)|whats) (?:coming up|next) (?:for|at) (?P<school>.+)$", "upcoming"),
        (r"^(?:what(?:'s| is)|whats) (?:coming up|next)$", "upcoming"),
        (r"^(?:my )?(?:caseload|schools)$", "caseload"),
        (r"^(?:my |this )?(?:week|week ahead|weekly digest|digest)$", "week"),
        (r"^(?:what(?:'s| is)|whats) on this week$", "week"),
    )
)


def parse_text(text: str, commands: Sequence[str]) -> tuple[str, str] | None:
    """(command, argument) from what someone typed, or None when it is not a command we know.

    A command matches only as a whole first word; natural questions are tried after.
    """
    cleaned = " ".join(text.replace("’", "'").split()).strip()
    cleaned = cleaned.rstrip("?!. ").strip()
    if not cleaned:
        return None
    first, _, rest = cleaned.partition(" ")
    if first.lower() in commands:
        return first.lower(), re.sub(r"^(?:for|at|of)\s+", "", rest.strip(), flags=re.I)
    for pattern, command in _QUESTIONS:
        match = pattern.match(cleaned)
        if match:
            return command, (match.groupdict().get("school") or "").strip()
    return None


class Router:
    """Commands and card actions, registered by what they answer."""

    def __init__(self) -> None:
        self.commands: dict[str, Command] = {}
        self.actions: dict[str, ActionHandler] = {}

    def command(
        self,
        name: str,
        *,
        usage: str,
        help: str,
        allowed: Callable[[Person | None], bool] = known,
        pick: Callable[[str], CardAction] | None = None,
    ) -> Callable[[CommandHandler], CommandHandler]:
        def register(handler: CommandHandler) -> CommandHandler:
            self.commands[name] = Command(name, usage, help, handler, allowed, pick)
            return handler

        return register

    def action(
        self, action: type[A]
    ) -> Callable[
        [Callable[[Context, A], Awaitable[Card]]], Callable[[Context, A], Awaitable[Card]]
    ]:
        def register(
            handler: Callable[[Context, A], Awaitable[Card]],
        ) -> Callable[[Context, A], Awaitable[Card]]:
            self.actions[action.verb] = handler
            return handler

        return register

    def include(self, *routers: Router) -> None:
        for router in routers:
            self.commands.update(router.commands)
            self.actions.update(router.actions)

    def usable_by(self, person: Person | None) -> list[Command]:
        """The commands a person may use, in the order they were registered."""
        return [c for c in self.commands.values() if c.allowed(person)]

    async def text(self, context: Context, text: str) -> Card | None:
        """The card answering a text, or None when it is not a command (the caller helps)."""
        parsed = parse_text(text, list(self.commands))
        if parsed is None:
            return None
        name, argument = parsed
        command = self.commands[name]
        if not command.allowed(context.asker):
            return not_allowed_card(f"'{name}' isn't one of your commands: type help to see yours")
        return await self._safely(context, command.handler(context, argument), command.pick)

    async def action_data(self, context: Context, data: object) -> Card:
        """The card answering a card action's data (Action.Execute or Action.Submit)."""
        try:
            action = parse_action(data)
        except InvalidAction as exc:
            log.info("card action refused: %s", exc)
            return error_card("That button didn't carry what eebot needs. Ask again with text.")
        handler = self.actions[action.verb]
        with_inputs = replace(context, inputs=dict(data)) if isinstance(data, dict) else context
        return await self._safely(with_inputs, handler(with_inputs, action), None)

    async def _safely(
        self, context: Context, work: Awaitable[Card], pick: Callable[[str], CardAction] | None
    ) -> Card:
        """Run a handler, turning every failure into a card and never an exception's text."""
        try:
            return await work
        except AmbiguousSchool as exc:
            if pick is None:
                return error_card(str(exc))
            return pick_school_card(exc.query, exc.matches, pick)
        except UnknownSchool as exc:
            return no_match_card(exc.query, exc.suggestions)
        except NotAllowed as exc:
            return not_allowed_card(str(exc))
        except DatabaseError as exc:
            log.error("database unavailable: %s", exc)
            return apology_card()
        except EebotError as exc:
            return error_card(str(exc))
        except Exception:
            log.exception("handler failed")
            return apology_card()
