"""Reminders inside the running bot: a due reminder reaches the person's chat as a card."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_app
from bot.settings import BotSettings
from eecore.domain.reminders import PlannedReminder, ReminderKind
from eecore.services import reminders
from eecore.store.database import Database
from eecore.store.repositories import ConversationAddress
from eecore.store.uow import UnitOfWork
from tests.bot.conftest import ADELE, ALEX
from tests.cards.schema import assert_valid_card


async def stub_connector() -> tuple[TestServer, list[dict[str, Any]]]:
    """A local Bot Connector that records every activity posted to it."""
    received: list[dict[str, Any]] = []

    async def post(request: web.Request) -> web.Response:
        received.append(
            {"conversation": request.match_info["conversation"], "activity": await request.json()}
        )
        return web.json_response({"id": f"sent-{len(received)}"}, status=201)

    app = web.Application()
    app.router.add_post("/v3/conversations/{conversation}/activities", post)
    server = TestServer(app)
    await server.start_server()
    return server, received


async def personal_chat(world: Database, server: TestServer, object_id: str, name: str) -> None:
    """Store the address of someone's personal chat with the bot, on the stub connector."""
    async with UnitOfWork(world) as uow:
        await uow.conversations.save(
            ConversationAddress(
                conversation_id=f"a:{name}",
                channel_id="msteams",
                scope="personal",
                reference=json.dumps(
                    {
                        "serviceUrl": str(server.make_url("/")),
                        "channelId": "msteams",
                        "conversation": {"id": f"a:{name}"},
                        "bot": {"id": "28:eebot"},
                    }
                ),
                entra_object_id=object_id,
            )
        )
        await uow.commit()


async def run_bot_until_sent(
    world: Database,
    received: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    today: date | None = None,
) -> None:
    """Start the app with its reminder loop, and wait (15 s at most) for a message to go out."""
    monkeypatch.setenv("EEBOT_REMINDERS", "1")
    settings = BotSettings(
        database_url=world.url,
        dev_anonymous=True,
        reminder_poll_seconds=0.2,
        today=today,
        _env_file=None,
    )
    async with TestClient(TestServer(create_app(settings))):
        for _ in range(150):
            if received:
                break
            await asyncio.sleep(0.1)


async def test_a_due_reminder_is_sent_to_the_heads_personal_chat(
    world: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, received = await stub_connector()
    try:
        await personal_chat(world, server, ADELE, "adele")
        async with UnitOfWork(world) as uow:
            adele = await uow.people.by_entra_object_id(ADELE)
            activities = await uow.activities.for_year("104297", "2026/27")
        if not activities:  # the plan is made on first need
            from eecore.policy import load_policy
            from eecore.services.allocations import whats_left

            await whats_left(UnitOfWork(world), load_policy(), "104297", date(2026, 12, 3))
            async with UnitOfWork(world) as uow:
                activities = await uow.activities.for_year("104297", "2026/27")
        assert adele is not None and adele.id is not None
        tas = next(a for a in activities if a.activity == "tas_meeting")
        assert tas.id is not None
        async with UnitOfWork(world) as uow:  # the meeting is booked for tomorrow
            version = tas.version
            tas.book(datetime.now(UTC).date() + timedelta(days=1))
            await uow.activities.save(tas, read_version=version)
            await uow.commit()
        await reminders.schedule(
            UnitOfWork(world),
            [
                PlannedReminder(
                    kind=ReminderKind.VISIT_UPCOMING_1D,
                    person_id=adele.id,
                    due_at=datetime.now(UTC) - timedelta(minutes=1),
                    activity_id=tas.id,
                    urn="104297",
                )
            ],
        )
        await run_bot_until_sent(world, received, monkeypatch)
        assert len(received) == 1
        (sent,) = received
        assert sent["conversation"] == "a:adele"
        card = sent["activity"]["attachments"][0]["content"]
        assert "Reminder: this is tomorrow." in json.dumps(card)
        counts = await reminders.count_by_status(UnitOfWork(world))
        assert counts.get("sent") == 1
    finally:
        await server.close()


async def test_the_weekly_digest_reaches_the_advisor_as_the_week_ahead(
    world: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, received = await stub_connector()
    try:
        await personal_chat(world, server, ALEX, "alex")
        async with UnitOfWork(world) as uow:
            alex = await uow.people.by_entra_object_id(ALEX)
        assert alex is not None and alex.id is not None
        await reminders.schedule(
            UnitOfWork(world),
            [
                PlannedReminder(
                    kind=ReminderKind.WEEKLY_DIGEST,
                    person_id=alex.id,
                    due_at=datetime.now(UTC) - timedelta(minutes=1),
                )
            ],
        )
        await run_bot_until_sent(world, received, monkeypatch, today=date(2026, 12, 7))
        assert [r["conversation"] for r in received] == ["a:alex"]
        card = received[0]["activity"]["attachments"][0]["content"]
        assert_valid_card(card)
        shown = json.dumps(card, ensure_ascii=False)
        assert "Your week, Alex Wilber" in shown
        assert "Mon 7 Dec to Sun 13 Dec" in shown  # the bot's today, not the machine's
        assert (await reminders.count_by_status(UnitOfWork(world))).get("sent") == 1
    finally:
        await server.close()
