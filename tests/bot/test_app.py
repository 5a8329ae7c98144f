"""The aiohttp application over real HTTP: health, readiness, credentials and a first answer."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import ConfigurationError, create_app
from bot.settings import BotSettings
from eecore.store.database import Database


def dev_settings(database: Database) -> BotSettings:
    return BotSettings(
        database_url=database.url, dev_anonymous=True, today=date(2026, 12, 3), _env_file=None
    )


@pytest.fixture
async def client(world: Database) -> AsyncIterator[TestClient[Any, Any]]:
    async with TestClient(TestServer(create_app(dev_settings(world)))) as test_client:
        yield test_client


def message(text: str) -> dict[str, Any]:
    return {
        "type": "message",
        "id": "activity-1",
        "channelId": "msteams",
        "serviceUrl": "https://smba.trafficmanager.net/uk/",
        "deliveryMode": "expectReplies",
        "from": {"id": "29:user", "aadObjectId": "00000000-0000-0000-0000-0000000000020"},
        "recipient": {"id": "28:bot"},
        "conversation": {"id": "a:conversation", "conversationType": "personal"},
        "text": text,
    }


def test_production_refuses_to_start_without_credentials(clean_env: None) -> None:
    with pytest.raises(ConfigurationError) as refused:
        create_app(BotSettings(_env_file=None))
    for name in ("EEBOT_APP_ID", "EEBOT_APP_PASSWORD", "EEBOT_APP_TENANT_ID"):
        assert name in str(refused.value)


def test_anonymous_mode_warns_when_it_starts(
    clean_env: None, caplog: pytest.LogCaptureFixture
) -> None:
    create_app(BotSettings(dev_anonymous=True, _env_file=None))
    assert "EEBOT_DEV_ANONYMOUS" in caplog.text


async def test_health_and_readiness(client: TestClient[Any, Any]) -> None:
    assert (await client.get("/healthz")).status == 200
    ready = await client.get("/readyz")
    assert ready.status == 200
    assert (await ready.json())["database"] == "ok"


async def test_sqlite_is_migrated_at_start_and_postgresql_must_be_migrated_first(
    empty_database: Database,
) -> None:
    app = create_app(dev_settings(empty_database))
    if empty_database.is_sqlite:
        async with TestClient(TestServer(app)) as test_client:
            assert (await test_client.get("/readyz")).status == 200
        assert await empty_database.is_current()
        return
    with pytest.raises(Exception, match="eebot db upgrade"):
        async with TestClient(TestServer(app)):
            pass


async def test_a_question_over_http_gets_an_answer(client: TestClient[Any, Any]) -> None:
    response = await client.post("/api/messages", json=message("left wednesfield academy"))
    assert response.status == 200
    replies = (await response.json())["activities"]
    shown = json.dumps(replies[0]["attachments"][0]["content"])
    assert "Wednesfield Academy" in shown and "141245" in shown


async def test_a_body_that_is_not_json_is_refused(client: TestClient[Any, Any]) -> None:
    response = await client.post(
        "/api/messages", data="hello", headers={"Content-Type": "text/plain"}
    )
    assert response.status == 415
