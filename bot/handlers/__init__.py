"""Feature handlers, one module each, joined into the bot's router here."""

from __future__ import annotations

from bot.handlers import (
    allocations,
    caseload,
    digest,
    help,
    plans,
    reminders,
    schools,
    upcoming,
    visits,
)
from bot.router import Router


def build_router() -> Router:
    """The router with every feature's commands and card actions."""
    router = Router()
    help.register(router)
    router.include(
        allocations.router, schools.router, plans.router, upcoming.router, caseload.router,
        digest.router, visits.router, reminders.router,
    )
    return router
