"""Arranging a visit over HTTP: an advisor proposes, the head confirms, stale cards are caught."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_app
from bot.settings import BotSettings
from eecore.store.database import Database
from tests.bot.conftest import ADELE, ALEX, LYNNE, TENANT
from tests.cards.schema import assert_valid_card

Client = TestClient[Any, Any]


def app_on(database: Database, day: date) -> TestClient[Any, Any]:
    """The bot as it is on a given day."""
    settings = BotSettings(database_url=database.url, dev_anonymous=True, today=day, _env_file=None)
    return TestClient(TestServer(create_app(settings)))


@pytest.fixture
async def client(world: Database) -> AsyncIterator[Client]:
    async with app_on(world, date(2026, 12, 3)) as test_client:
        yield test_client


counter = iter(range(10_000))


def activity(who: str, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "message",
        "id": f"v:{next(counter)}",
        "channelId": "msteams",
        "serviceUrl": "https://smba.trafficmanager.net/uk/",
        "from": {"id": f"29:{who}", "aadObjectId": who},
        "recipient": {"id": "28:eebot"},
        "conversation": {"id": f"a:{who}", "conversationType": "personal", "tenantId": TENANT},
        "channelData": {"tenant": {"id": TENANT}},
    }
    body.update(fields)
    return body


async def say(client: Client, who: str, text: str) -> dict[str, Any]:
    response = await client.post(
        "/api/messages", json=activity(who, text=text, deliveryMode="expectReplies")
    )
    assert response.status == 200
    card: dict[str, Any] = (await response.json())["activities"][0]["attachments"][0]["content"]
    assert_valid_card(card)
    return card


async def press(client: Client, who: str, verb: str, data: dict[str, Any]) -> dict[str, Any]:
    value = {"action": {"type": "Action.Execute", "verb": verb, "data": {"verb": verb, **data}}}
    response = await client.post(
        "/api/messages", json=activity(who, type="invoke", name="adaptiveCard/action", value=value)
    )
    assert response.status == 200
    body = await response.json()
    assert body["statusCode"] == 200
    card: dict[str, Any] = body["value"]
    assert_valid_card(card)
    return card


def shown(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


def action_data(card: dict[str, Any], verb: str) -> dict[str, Any]:
    """The data of the first action with this verb anywhere in a card (show cards included)."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("verb") == verb and node.get("type") == "Action.Execute":
                found.append(node["data"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    assert found, f"no {verb} action in the card"
    return found[0]


async def left_days(client: Client) -> str:
    return shown(await say(client, ALEX, "left whitgreave"))


async def test_a_head_confirms_a_proposed_core_visit_and_the_days_are_booked(
    client: Client, world: Database
) -> None:
    planned = await say(client, ALEX, "propose whitgreave core visit")
    assert "Propose dates" in shown(planned) and "date1" in shown(planned)
    proposal = action_data(planned, "visit.propose")

    proposed = await press(
        client,
        ALEX,
        "visit.propose",
        {
            **proposal,
            "date1": "2027-01-12",
            "time1": "10:00",
            "date2": "2027-01-14",
            "time2": "13:30",
            "note": "Reading focus",
        },
    )
    assert "Waiting for Adele Vance" in shown(proposed)
    assert proposed["refresh"]["userIds"] == [ADELE, ALEX]

    head_view = await press(client, ADELE, "visit.show", {"activity_id": proposal["activity_id"]})
    confirm = action_data(head_view, "visit.confirm")
    assert "Input.ChoiceSet" in shown(head_view)

    confirmed = await press(
        client, ADELE, "visit.confirm", {**confirm, "chosen": "2027-01-12T10:00"}
    )
    assert "Confirmed" in shown(confirmed) and "Tue 12 Jan, 10:00" in shown(confirmed)
    advisor_view = await press(client, ALEX, "visit.show", {"activity_id": proposal["activity_id"]})
    assert "Confirmed by Adele Vance" in shown(advisor_view)
    assert "Record delivery" in shown(advisor_view)

    # A double click: the same confirmation again, from the card at its old version.
    again = await press(client, ADELE, "visit.confirm", {**confirm, "chosen": "2027-01-12T10:00"})
    assert "Confirmed" in shown(again)

    # The booked day shows in what's left; delivering moves it to delivered.
    assert '"Booked"' in await left_days(client)
    deliver = action_data(advisor_view, "visit.deliver")
    early = await press(
        client,
        ALEX,
        "visit.deliver",
        {
            **deliver,
            "delivered_on": "2027-01-12",
            "prep": "0",
            "visit": "0.5",
            "write_up": "0.5",
        },
    )
    assert "still to come" in shown(early)
    async with app_on(world, date(2027, 1, 13)) as later:
        delivered = await press(
            later,
            ALEX,
            "visit.deliver",
            {
                **deliver,
                "delivered_on": "2027-01-12",
                "prep": "0",
                "visit": "0.5",
                "write_up": "0.25",
            },
        )
        assert "Delivered" in shown(delivered) and "0.75 days" in shown(delivered)


async def test_an_out_of_date_card_answers_with_the_current_one(client: Client) -> None:
    planned = await say(client, ALEX, "propose whitgreave core visit")
    proposal = action_data(planned, "visit.propose")
    await press(
        client, ALEX, "visit.propose", {**proposal, "date1": "2027-01-12", "time1": "10:00"}
    )
    # The advisor's old card (planned, version before the proposal) tries to cancel.
    cancel = {
        "activity_id": proposal["activity_id"],
        "version": proposal["version"],
        "reason": "clash",
    }
    stale = await press(client, ALEX, "visit.cancel", cancel)
    assert "changed since" in shown(stale)
    assert "Dates proposed" in shown(stale)


async def test_the_head_can_ask_for_another_date(client: Client) -> None:
    planned = await say(client, ALEX, "propose whitgreave core visit")
    proposal = action_data(planned, "visit.propose")
    await press(
        client, ALEX, "visit.propose", {**proposal, "date1": "2027-01-12", "time1": "10:00"}
    )
    head_view = await press(client, ADELE, "visit.show", {"activity_id": proposal["activity_id"]})
    suggest = action_data(head_view, "visit.suggest")
    answered = await press(
        client,
        ADELE,
        "visit.suggest",
        {
            **suggest,
            "suggested": "2027-01-19",
            "note": "SATs mocks that week",
        },
    )
    assert "Not arranged yet" in shown(answered)
    advisor = await press(client, ALEX, "visit.show", {"activity_id": proposal["activity_id"]})
    assert "Tue 19 Jan" in shown(advisor) and "SATs mocks" in shown(advisor)


async def test_people_outside_the_school_cannot_act(client: Client) -> None:
    planned = await say(client, ALEX, "propose whitgreave core visit")
    proposal = action_data(planned, "visit.propose")
    refused = await press(
        client,
        LYNNE,
        "visit.propose",
        {
            **proposal,
            "date1": "2027-01-12",
            "time1": "10:00",
        },
    )
    assert "Not allowed" in shown(refused) or "not" in shown(refused).lower()
    assert "Waiting for" not in shown(refused)


async def test_visits_lists_what_awaits_the_head(client: Client) -> None:
    planned = await say(client, ALEX, "propose whitgreave core visit")
    proposal = action_data(planned, "visit.propose")
    await press(
        client, ALEX, "visit.propose", {**proposal, "date1": "2027-01-12", "time1": "10:00"}
    )
    listed = shown(await say(client, ADELE, "visits"))
    assert "Core Visit" in listed and "Whitgreave" in listed
