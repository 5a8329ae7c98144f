"""What a handler is given: who is asking, where, on what day, and the services it may call."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from eecore.domain.people import Person
from eecore.domain.policy import Policy
from eecore.store.database import Database
from eecore.store.uow import UnitOfWork

Card = dict[str, Any]
"""An Adaptive Card as JSON."""


@dataclass(frozen=True)
class Delivered:
    """Where a message the bot sent on its own landed: to update it later."""

    conversation_id: str
    message_id: str


class Outbox(Protocol):
    """Messages the bot sends on its own: a card to a person's personal chat, or an update."""

    async def card_to(self, person: Person, card: Card, purpose: str) -> Delivered | None:
        """Send a card to a person; None when they cannot be reached (and that is reported)."""
        ...

    async def update_card(
        self, conversation_id: str, message_id: str, card: Card, purpose: str
    ) -> bool:
        """Replace a card the bot sent earlier; False when that failed."""
        ...


@dataclass(frozen=True)
class Context:
    """One turn, in our own terms: handlers never see botbuilder's types."""

    database: Database
    policy: Policy
    today: date
    asker: Person | None
    """The person asking, identified by their Entra object id; None if eebot doesn't know them."""
    scope: str
    """personal, groupChat or channel."""
    now: datetime | None = None
    """The council's local time, timezone-naive (visits are arranged in local time)."""
    inputs: dict[str, Any] = field(default_factory=dict)
    """Values a card's inputs sent with its action (dates chosen, notes, days)."""
    conversation_id: str | None = None
    message_id: str | None = None
    """For a card's action: the message holding the card (to update it in place later)."""
    viewer_id: str | None = None
    """The asker's Entra object id, as Teams sent it (for each person's own view of a card)."""
    outbox: Outbox | None = None
    """How the bot reaches other people on its own (None when it cannot)."""

    @property
    def local_now(self) -> datetime:
        return self.now or datetime.combine(self.today, datetime.min.time())

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.database)

    @property
    def own_establishment(self) -> str | None:
        """The URN a head or manager leads, when they lead exactly one."""
        led = self.asker.led_establishments if self.asker else set()
        return next(iter(led)) if len(led) == 1 else None
