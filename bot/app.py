"""The aiohttp application: routes, adapter and services, all built by create_app."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web
from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)
from botbuilder.schema import Activity

from bot.settings import BotSettings
from eecore.domain.days import show
from eecore.domain.errors import EebotError
from eecore.domain.policy import Policy
from eecore.policy import load_policy
from eecore.services.allocations import whats_left
from eecore.store.database import Database, open_database
from eecore.store.uow import UnitOfWork

log = logging.getLogger(__name__)

SETTINGS = web.AppKey("settings", BotSettings)
DATABASE = web.AppKey("database", Database)
POLICY = web.AppKey("policy", Policy)
ADAPTER = web.AppKey("adapter", CloudAdapter)


class ConfigurationError(Exception):
    """The bot cannot start with the settings it was given."""


class _AdapterConfiguration:
    """The shape botbuilder's ConfigurationBotFrameworkAuthentication reads its settings from."""

    def __init__(self, settings: BotSettings) -> None:
        self.APP_ID = settings.app_id
        self.APP_PASSWORD = settings.app_password
        self.APP_TYPE = "SingleTenant" if settings.app_tenant_id else "MultiTenant"
        self.APP_TENANTID = settings.app_tenant_id


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


class EebotBot(TeamsActivityHandler):
    """Answers 'left <school>' in plain text until the card-based router replaces it."""

    def __init__(self, database: Database, policy: Policy, settings: BotSettings) -> None:
        self.database = database
        self.policy = policy
        self.settings = settings

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        TurnContext.remove_recipient_mention(turn_context.activity)
        text = (turn_context.activity.text or "").strip()
        words = text.split(maxsplit=1)
        if len(words) == 2 and words[0].lower() == "left":
            try:
                summary = await whats_left(
                    UnitOfWork(self.database),
                    self.policy,
                    words[1],
                    self.settings.current_date(),
                )
            except EebotError as exc:
                await turn_context.send_activity(str(exc))
                return
            category = summary.category or "not categorised"
            await turn_context.send_activity(
                f"{summary.name} ({summary.urn}), {category}, {summary.academic_year}: "
                f"{show(summary.allocated)} allocated, {show(summary.delivered)} delivered, "
                f"{show(summary.booked)} booked, {show(summary.remaining)} days remaining."
            )
            return
        await turn_context.send_activity("Ask me: left <school or URN>")


async def _resources(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    database = open_database(settings.database_url)
    await database.ensure_schema()
    app[DATABASE] = database
    yield
    await database.dispose()


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


async def messages(request: web.Request) -> web.Response:
    if "application/json" not in request.headers.get("Content-Type", ""):
        return web.json_response({"error": "expected application/json"}, status=415)
    try:
        body: Any = await request.json()
        activity = Activity().deserialize(body)
    except ValueError:
        return web.json_response({"error": "the body is not an activity"}, status=400)
    app = request.app
    bot = EebotBot(app[DATABASE], app[POLICY], app[SETTINGS])
    response = await app[ADAPTER].process_activity(
        request.headers.get("Authorization", ""), activity, bot.on_turn
    )
    if response is not None:
        return web.json_response(data=response.body, status=response.status)
    return web.Response(status=201)


def create_app(settings: BotSettings) -> web.Application:
    """Build the application: nothing is created at import time."""
    check_credentials(settings)
    app = web.Application()
    app[SETTINGS] = settings
    app[POLICY] = load_policy(settings.policy)
    app[ADAPTER] = CloudAdapter(
        ConfigurationBotFrameworkAuthentication(_AdapterConfiguration(settings))
    )
    app.cleanup_ctx.append(_resources)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_post("/api/messages", messages)
    return app
