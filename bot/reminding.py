"""What a reminder says, and who it goes to: the bridge between the reminder loop and Teams."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime

from bot.context import Outbox
from cards.digest import digest_card
from cards.visit import visit_card
from eecore.domain.errors import EebotError
from eecore.domain.policy import Policy
from eecore.domain.reminders import Claimed
from eecore.domain.views import VisitView
from eecore.services import reminders, visits
from eecore.services.digest import weekly_digest
from eecore.store.database import Database
from eecore.store.uow import UnitOfWork

log = logging.getLogger(__name__)

NOTICES = {
    "proposal_unconfirmed_head": "Reminder: these dates are waiting for your answer.",
    "proposal_unconfirmed_advisor": "Reminder: the school hasn't answered these dates yet.",
    "visit_upcoming_7d": "Reminder: this is a week away.",
    "visit_upcoming_1d": "Reminder: this is tomorrow.",
    "report_overdue": "Reminder: the report of this visit isn't written yet.",
}


class ReminderSender:
    """Sends one claimed reminder to its person, as a card in their personal chat."""

    def __init__(
        self, database: Database, policy: Policy, outbox: Outbox, today: Callable[[], date]
    ) -> None:
        self.database = database
        self.policy = policy
        self.outbox = outbox
        self.today = today
        """The council's today, as the bot's answers see it."""

    async def __call__(self, claimed: Claimed) -> bool:
        if claimed.person_id is None:
            return False
        async with UnitOfWork(self.database) as uow:
            person = await uow.people.get(claimed.person_id)
        if person is None:
            return False
        today = self.today()
        if claimed.kind == "weekly_digest":
            digest = await weekly_digest(UnitOfWork(self.database), self.policy, person, today)
            card = digest_card(digest)
        elif claimed.activity_id is not None:
            view = await visits.visit(
                UnitOfWork(self.database), self.policy, claimed.activity_id, person
            )
            card = visit_card(
                view,
                person.entra_object_id,
                today=today,
                notice=NOTICES.get(claimed.kind, "Reminder"),
            )
        else:
            return False
        delivered = await self.outbox.card_to(person, card, f"reminder.{claimed.kind}")
        return delivered is not None


async def schedule_after(database: Database, policy: Policy, view: VisitView) -> None:
    """Keep a visit's reminders in step with where it now is in its life."""
    rules = reminders.rules_from(policy.calendar)
    now = datetime.now(UTC)
    heads = [c.person_id for c in view.heads if c.person_id is not None]
    advisors = [c.person_id for c in view.advisors if c.person_id is not None]
    uow = UnitOfWork(database)
    try:
        if view.stage in ("proposed", "planned", "cancelled", "superseded", "report_written"):
            await reminders.cancel_for_activity(uow, view.activity_id, now=now)
        if view.stage == "proposed":
            await reminders.schedule_proposal(
                uow,
                rules,
                activity_id=view.activity_id,
                sent_at=now,
                heads=heads,
                advisors=advisors,
                urn=view.urn,
            )
        elif view.stage == "confirmed" and view.starts_at is not None:
            await reminders.schedule_visit(
                uow,
                rules,
                activity_id=view.activity_id,
                on=view.starts_at.date(),
                start=view.starts_at.time(),
                attendees=[*heads, *advisors],
                now=now,
                urn=view.urn,
            )
        elif view.stage == "delivered" and view.delivered_on is not None:
            await reminders.schedule_report_overdue(
                uow,
                rules,
                activity_id=view.activity_id,
                delivered_on=view.delivered_on,
                advisors=advisors,
                urn=view.urn,
            )
    except EebotError as exc:
        log.error("could not schedule the reminders of a visit: %s", exc)
