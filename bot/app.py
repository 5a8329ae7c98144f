"""The aiohttp application: routes, adapter and services, all built by create_app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web
from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)
from botbuilder.schema import Activity

from bot.auth import InboundAuthenticator, OpenIdSigningKeys, SigningKeys, Unauthorized
from bot.context import Delivered
from bot.handlers import build_router
from bot.logs import new_correlation_id
from bot.proactive import ProactiveSender
from bot.reminders import ReminderLoop
from bot.reminding import ReminderSender
from bot.replay import Answer, Replays, turn_key
from bot.settings import BotSettings
from bot.teams import CARD, EebotBot
from eecore.domain.errors import EebotError
from eecore.domain.people import Person
from eecore.policy import load_policy
from eecore.services.reminders import rules_from
from eecore.store.database import Database, open_database
from eecore.store.uow import UnitOfWork

log = logging.getLogger(__name__)

SETTINGS = web.AppKey("settings", BotSettings)
DATABASE = web.AppKey("database", Database)
ADAPTER = web.AppKey("adapter", CloudAdapter)
AUTHENTICATOR = web.AppKey("authenticator", InboundAuthenticator)
BOT = web.AppKey("bot", EebotBot)
REPLAYS = web.AppKey("replays", Replays)
SENDER = web.AppKey("sender", ProactiveSender)
REMINDERS = web.AppKey("reminders", ReminderLoop)


class SenderOutbox:
    """The handlers' way to reach a person on their own: a card in their personal chat."""

    def __init__(self, sender: ProactiveSender) -> None:
        self.sender = sender

    async def card_to(self, person: Person, card: dict[str, Any], purpose: str) -> Delivered | None:
        outcome = await self.sender.send_to_person(person, _card_activity(card), purpose)
        if not outcome.ok:
            return None
        async with UnitOfWork(self.sender.database) as uow:
            address = await uow.conversations.personal_for(person.entra_object_id)
        if address is None or not outcome.activity_id:
            return None
        return Delivered(address.conversation_id, outcome.activity_id)

    async def update_card(
        self, conversation_id: str, message_id: str, card: dict[str, Any], purpose: str
    ) -> bool:
        async with UnitOfWork(self.sender.database) as uow:
            address = await uow.conversations.get(conversation_id)
        if address is None:
            return False
        outcome = await self.sender.update(address, message_id, _card_activity(card), purpose)
        return outcome.ok


def _card_activity(card: dict[str, Any]) -> dict[str, Any]:
    return {"type": "message", "attachments": [{"contentType": CARD, "content": card}]}


class ConfigurationError(Exception):
    """The bot cannot start with the settings it was given."""


class _AdapterConfiguration:
    """The shape botbuilder's ConfigurationBotFrameworkAuthentication reads its settings from."""

    def __init__(self, settings: BotSettings) -> None:
        anonymous = settings.dev_anonymous
        self.APP_ID = "" if anonymous else settings.app_id
        self.APP_PASSWORD = "" if anonymous else settings.app_password
        self.APP_TYPE = (
            "SingleTenant" if settings.app_tenant_id and not anonymous else "MultiTenant"
        )
        self.APP_TENANTID = "" if anonymous else settings.app_tenant_id


def check_credentials(settings: BotSettings) -> None:
    """Refuse to serve without Bot Framework credentials unless local development says so."""
    if settings.dev_anonymous:
        log.warning(
            "EEBOT_DEV_ANONYMOUS=1: accepting unauthenticated requests; "
            "never use this in production"
        )
        return
    missing = [
        name
        for name, value in (
            ("EEBOT_APP_ID", settings.app_id),
            ("EEBOT_APP_PASSWORD", settings.app_password),
            ("EEBOT_APP_TENANT_ID", settings.app_tenant_id),
        )
        if not value
    ]
    if missing:
        raise ConfigurationError(
            f"{', '.join(missing)} not set: production needs the bot's credentials "
            "(or set EEBOT_DEV_ANONYMOUS=1 for local development)"
        )


def local_now(settings: BotSettings) -> datetime:
    """The council's local time without a zone (EEBOT_TODAY moves the day, not the clock)."""
    now = settings.now().replace(tzinfo=None)
    return datetime.combine(settings.current_date(), now.time())


async def _on_turn_error(turn_context: TurnContext, error: Exception) -> None:
    log.error("turn failed: %s", type(error).__name__, exc_info=error)


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    database = request.app[DATABASE]
    try:
        current = await database.is_current()
    except EebotError as exc:
        log.error("readiness check failed: %s", exc)
        return web.json_response({"status": "unavailable", "database": "unreachable"}, status=503)
    if not current:
        return web.json_response({"status": "unavailable", "database": "not migrated"}, status=503)
    return web.json_response({"status": "ready", "database": "ok"})


def _answer(answer: Answer) -> web.Response:
    if answer.body is None:
        return web.Response(status=answer.status)
    return web.json_response(answer.body, status=answer.status)


async def messages(request: web.Request) -> web.Response:
    """Bot Framework activities: authenticated, run once, and answered with any invoke body."""
    new_correlation_id()
    if "application/json" not in request.headers.get("Content-Type", ""):
        return web.json_response({"error": "expected application/json"}, status=415)
    try:
        body: Any = await request.json()
        activity = Activity().deserialize(body)
    except (ValueError, TypeError, AttributeError):
        return web.json_response({"error": "the body is not an activity"}, status=400)
    if not isinstance(body, dict) or not activity.type:
        return web.json_response({"error": "the body is not an activity"}, status=400)
    app = request.app
    try:
        authenticated = await app[AUTHENTICATOR].authenticate(
            request.headers.get("Authorization", ""), activity
        )
    except Unauthorized:  # bot.auth has logged why
        return web.json_response({"error": "unauthorized"}, status=401)

    log.info(
        "turn: %s%s in %s",
        activity.type,
        f" ({activity.name})" if activity.name else "",
        (activity.conversation.conversation_type if activity.conversation else None) or "?",
    )
    key = turn_key(activity)
    replays = app[REPLAYS]
    if key is not None:
        earlier = await replays.claim(key)
        if earlier is not None:
            return _answer(earlier)
    try:
        response = await app[ADAPTER].process_activity(authenticated, activity, app[BOT].on_turn)
    except Exception:
        log.exception("the activity could not be processed")
        if key is not None:
            await replays.release(key)
        return web.json_response({"error": "the activity could not be processed"}, status=500)
    answer = Answer(response.status, response.body) if response else Answer(200, None)
    if key is not None:
        await replays.finish(key, answer)
    return _answer(answer)


def create_app(
    settings: BotSettings, *, signing_keys: SigningKeys | None = None
) -> web.Application:
    """Build the application; nothing is created at import time.

    `signing_keys` replaces the Bot Framework's published keys (tests sign with a local key).
    """
    check_credentials(settings)
    policy = load_policy(settings.policy)
    app = web.Application()
    app[SETTINGS] = settings
    bot_framework_authentication = ConfigurationBotFrameworkAuthentication(
        _AdapterConfiguration(settings)
    )
    adapter = CloudAdapter(bot_framework_authentication)
    adapter.on_turn_error = _on_turn_error
    app[ADAPTER] = adapter
    keys = signing_keys
    if keys is None and not settings.dev_anonymous:
        keys = OpenIdSigningKeys()
    app[AUTHENTICATOR] = InboundAuthenticator(
        app_id=settings.app_id,
        tenant_id=settings.app_tenant_id,
        anonymous=settings.dev_anonymous,
        keys=keys,
        bot_framework_authentication=bot_framework_authentication,
    )
    router = build_router()

    async def resources(app: web.Application) -> AsyncIterator[None]:
        database = open_database(settings.database_url)
        await database.ensure_schema()
        app[DATABASE] = database
        app[REPLAYS] = Replays(database)
        sender = ProactiveSender.from_settings(settings, database)
        app[SENDER] = sender
        outbox = SenderOutbox(sender)
        app[BOT] = EebotBot(
            database,
            policy,
            router,
            settings.current_date,
            now=lambda: local_now(settings),
            outbox=outbox,
        )
        loop = ReminderLoop(
            database,
            policy,
            ReminderSender(database, policy, outbox, settings.current_date),
            poll_seconds=settings.reminder_poll_seconds,
            rules=rules_from(policy.calendar, settings),
            lease=timedelta(seconds=settings.reminder_lease_seconds),
        )
        if settings.reminders:
            loop.start()
        app[REMINDERS] = loop
        yield
        await loop.stop()
        await sender.close()
        await app[AUTHENTICATOR].close()
        await database.dispose()

    app.cleanup_ctx.append(resources)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_post("/api/messages", messages)
    return app
