"""What a handler is given: who is asking, where, on what day, and the services it may call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from eecore.domain.people import Person
from eecore.domain.policy import Policy
from eecore.store.database import Database
from eecore.store.uow import UnitOfWork

Card = dict[str, Any]
"""An Adaptive Card as JSON."""


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

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.database)

    @property
    def own_establishment(self) -> str | None:
        """The URN a head or manager leads, when they lead exactly one."""
        led = self.asker.led_establishments if self.asker else set()
        return next(iter(led)) if len(led) == 1 else None
