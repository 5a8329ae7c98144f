"""The bot over real HTTP: real activity JSON posted to /api/messages through aiohttp's client."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import BOT, create_app
from bot.logs import CorrelationFilter
from bot.settings import BotSettings
from bot.teams import EebotBot
from eecore.store.database import Database, open_database
from eecore.store.uow import UnitOfWork
from tests.bot.conftest import ALEX, TENANT
from tests.cards.schema import assert_valid_card

Client = TestClient[Any, Any]
CARD = "application/vnd.microsoft.card.adaptive"


def settings_for(database: Database) -> BotSettings:
    return BotSettings(
        database_url=database.url, dev_anonymous=True, today=date(2026, 12, 3), _env_file=None
    )


@pytest.fixture
async def client(world: Database) -> AsyncIterator[Client]:
    async with TestClient(TestServer(create_app(settings_for(world)))) as test_client:
        yield test_client


def activity(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "type": "message",
        "id": "f:1",
        "channelId": "msteams",
        "serviceUrl": "https://smba.trafficmanager.net/uk/",
        "from": {"id": "29:alex", "name": "Alex Wilber", "aadObjectId": ALEX},
        "recipient": {"id": "28:eebot", "name": "eebot"},
        "conversation": {
            "id": "a:alex-personal",
            "conversationType": "personal",
            "tenantId": TENANT,
        },
        "channelData": {"tenant": {"id": TENANT}},
        "deliveryMode": "expectReplies",
    }
    base.update(fields)
    return base


def invoke(value: Any, name: str = "adaptiveCard/action", **fields: Any) -> dict[str, Any]:
    body = activity(type="invoke", name=name, id=fields.pop("id", "f:invoke"), **fields)
    body.pop("deliveryMode")
    if value is not ...:
        body["value"] = value
    return body


async def post(client: Client, body: dict[str, Any]) -> tuple[int, Any]:
    response = await client.post("/api/messages", json=body)
    text = await response.text()
    return response.status, (json.loads(text) if text else None)


def card_of_reply(body: Any) -> dict[str, Any]:
    (reply,) = body["activities"]
    attachment = reply["attachments"][0]
    assert attachment["contentType"] == CARD
    card: dict[str, Any] = attachment["content"]
    assert_valid_card(card)
    return card


async def test_whats_left_over_http_answers_with_the_card(client: Client) -> None:
    status, body = await post(client, activity(text="what's left for Whitgreave?"))
    assert status == 200
    shown = json.dumps(card_of_reply(body))
    assert "Whitgreave Primary School" in shown and "9.5" in shown


async def test_action_execute_returns_the_new_card_in_the_invoke_response(client: Client) -> None:
    value = {
        "action": {
            "type": "Action.Execute",
            "verb": "plan.show",
            "data": {"verb": "plan.show", "urn": "104297"},
        },
        "trigger": "manual",
    }
    status, body = await post(client, invoke(value))
    assert status == 200
    assert body["statusCode"] == 200 and body["type"] == CARD
    assert_valid_card(body["value"])
    assert "Autumn 1" in json.dumps(body["value"])


@pytest.mark.parametrize(
    "value",
    [
        ...,
        None,
        "garbage",
        {"action": "x"},
        {"action": {"type": "Action.Execute"}},
        {"action": {"type": "Action.Execute", "verb": "no.such.verb", "data": {}}},
        {"action": {"type": "Action.Execute", "verb": "left.show", "data": {"urn": 5}}},
    ],
    ids=["no value", "null", "string", "action not a dict", "no verb", "unknown verb", "bad field"],
)
async def test_an_invoke_with_no_or_garbage_value_gets_an_error_card(
    client: Client, value: Any
) -> None:
    status, body = await post(client, invoke(value))
    assert status == 200
    assert body["statusCode"] == 200 and body["type"] == CARD
    assert_valid_card(body["value"])
    shown = json.dumps(body["value"])
    assert "Traceback" not in shown and "Error" not in shown.replace("error", "")


async def test_the_same_activity_delivered_twice_acts_once_and_answers_the_same(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = 0
    original = EebotBot.on_message_activity

    async def counting(self: EebotBot, turn_context: Any) -> None:
        nonlocal runs
        runs += 1
        await original(self, turn_context)

    monkeypatch.setattr(EebotBot, "on_message_activity", counting)
    first = await post(client, activity(id="f:twice", text="left 104297"))
    second = await post(client, activity(id="f:twice", text="left 104297"))
    assert runs == 1
    assert first == second and first[0] == 200
    other = await post(client, activity(id="f:another", text="left 104297"))
    assert runs == 2 and other[0] == 200


async def test_a_redelivered_invoke_answers_the_same_card(client: Client) -> None:
    value = {"action": {"type": "Action.Execute", "verb": "left.show", "data": {"urn": "104297"}}}
    first = await post(client, invoke(value, id="f:inv-twice"))
    second = await post(client, invoke(value, id="f:inv-twice"))
    assert first == second


async def test_school_search_pages_with_skip_and_count(client: Client) -> None:
    def query(text: str, skip: int, count: int) -> dict[str, Any]:
        return invoke(
            {
                "commandId": "searchSchools",
                "parameters": [{"name": "query", "value": text}],
                "queryOptions": {"skip": skip, "count": count},
            },
            name="composeExtension/query",
            id=f"f:search-{text}-{skip}",
        )

    status, body = await post(client, query("eastfield", 0, 1))
    assert status == 200
    result = body["composeExtension"]
    assert result["type"] == "result" and result["attachmentLayout"] == "list"
    first_page = result["attachments"]
    assert len(first_page) == 1
    _, body = await post(client, query("eastfield", 1, 1))
    second_page = body["composeExtension"]["attachments"]
    assert len(second_page) == 1
    names = {json.dumps(first_page[0]), json.dumps(second_page[0])}
    assert len(names) == 2
    for attachment in (*first_page, *second_page):
        assert attachment["contentType"] == CARD
        assert_valid_card(attachment["content"])
        assert "Eastfield" in attachment["preview"]["content"]["title"]
    _, body = await post(client, query("104297", 0, 10))
    (hit,) = body["composeExtension"]["attachments"]
    assert "Whitgreave" in hit["preview"]["content"]["title"]


async def test_installing_says_hello_once_and_stores_the_conversation(
    client: Client, world: Database
) -> None:
    added = activity(
        type="conversationUpdate",
        id="f:install-1",
        membersAdded=[{"id": "28:eebot"}],
        text=None,
        conversation={"id": "19:team-channel", "conversationType": "channel", "tenantId": TENANT},
    )
    status, body = await post(client, added)
    assert status == 200
    welcome = card_of_reply(body)
    assert "left ‹school›" in json.dumps(welcome, ensure_ascii=False)
    again = dict(added, id="f:install-2")
    status, body = await post(client, again)
    assert status == 200 and not (body or {}).get("activities")
    personal = activity(type="installationUpdate", id="f:install-3", action="add", text=None)
    status, body = await post(client, personal)
    assert card_of_reply(body)
    async with UnitOfWork(world) as uow:
        assert await uow.conversations.count() == 2
        mine = await uow.conversations.personal_for(ALEX)
        channel = await uow.conversations.get("19:team-channel")
    assert mine is not None and json.loads(mine.reference)["conversation"]["id"]
    assert channel is not None and channel.scope == "channel" and channel.tenant_id == TENANT


async def test_a_failing_database_gives_a_plain_apology_and_logs_the_cause(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    broken = open_database("postgresql://eebot:secret@127.0.0.1:1/eebot")
    client.server.app[BOT].database = broken
    try:
        status, body = await post(client, activity(id="f:broken", text="left 104297"))
    finally:
        await broken.dispose()
    assert status == 200
    shown = json.dumps(card_of_reply(body))
    assert "Sorry" in shown
    assert "127.0.0.1" not in shown and "secret" not in shown and "Error" not in shown
    assert "cannot reach the database" in caplog.text


async def test_turn_logs_carry_a_correlation_id_and_no_personal_data(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.handler.addFilter(CorrelationFilter())
    caplog.set_level(logging.INFO)
    await post(client, activity(id="f:logged", text="left whitgreave please"))
    turn_records = [r for r in caplog.records if r.name.startswith("bot.")]
    assert turn_records
    ids = {getattr(r, "correlation_id", "-") for r in turn_records}
    assert "-" not in ids and len(ids) == 1
    logged = caplog.text
    for private in ("whitgreave", "Whitgreave", "Alex", ALEX, "Bearer"):
        assert private not in logged


async def test_uninstalling_forgets_the_address_and_reinstalling_says_hello_again(
    client: Client, world: Database
) -> None:
    install = activity(type="installationUpdate", id="f:i1", action="add", text=None)
    assert card_of_reply((await post(client, install))[1])
    status, body = await post(client, dict(install, id="f:i2"))
    assert status == 200 and not (body or {}).get("activities")
    await post(client, activity(type="installationUpdate", id="f:u1", action="remove", text=None))
    async with UnitOfWork(world) as uow:
        assert await uow.conversations.personal_for(ALEX) is None
    assert card_of_reply((await post(client, dict(install, id="f:i3")))[1])
