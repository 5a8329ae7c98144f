"""Turns through botbuilder's TestAdapter on the msteams channel: questions in, cards out."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount, Entity

from bot.handlers import build_router
from bot.teams import EebotBot
from eecore.policy import load_policy
from eecore.store.database import Database
from tests.bot.conftest import ADELE, ALEX, LYNNE, MEGAN, PATTI, STRANGER
from tests.cards.schema import assert_valid_card

TODAY = date(2026, 12, 3)


def adapter_for(database: Database, object_id: str, scope: str = "personal") -> TestAdapter:
    bot = EebotBot(database, load_policy(), build_router(), lambda: TODAY)
    template = Activity(
        channel_id="msteams",
        service_url="https://smba.trafficmanager.net/uk/",
        from_property=ChannelAccount(id="29:user", name="User", aad_object_id=object_id),
        recipient=ChannelAccount(id="28:eebot", name="eebot"),
        conversation=ConversationAccount(id=f"a:{scope}", conversation_type=scope),
    )
    return TestAdapter(bot.on_turn, template)


async def ask(adapter: TestAdapter, text: str) -> dict[str, Any]:
    """Send text; return the one card the bot answers with, checked against the schema."""
    adapter.activity_buffer.clear()
    await adapter.receive_activity(Activity(type="message", text=text))
    replies = list(adapter.activity_buffer)
    assert len(replies) == 1, [r.text for r in replies]
    attachment = replies[0].attachments[0]
    assert attachment.content_type == "application/vnd.microsoft.card.adaptive"
    card: dict[str, Any] = attachment.content
    assert_valid_card(card)
    return card


def text_of(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


@pytest.mark.parametrize(
    "question",
    [
        "left 104297",
        "left Whitgreave",
        "what's left for Whitgreave?",
        "What is left for whitgreave primary",
        "how many days has Whitgreave got left",
        "how many days has whitgreave got left?",
        "days left for 104297",
    ],
)
async def test_whats_left_answers_in_words_or_as_a_command(world: Database, question: str) -> None:
    card = await ask(adapter_for(world, ALEX), question)
    shown = text_of(card)
    assert "Whitgreave Primary School" in shown
    assert "9.5" in shown
    assert "plan.show" in shown and "school.show" in shown


async def test_st_lukes_with_an_apostrophe_is_found(world: Database) -> None:
    card = await ask(adapter_for(world, ALEX), "what’s left for St Luke’s?")
    assert "St Luke's Church of England Aided Primary School" in text_of(card)
    assert "19" in text_of(card)


@pytest.mark.parametrize("scope", ["personal", "groupChat", "channel"])
async def test_every_scope_gets_an_answer_and_a_mention_is_removed(
    world: Database, scope: str
) -> None:
    adapter = adapter_for(world, ALEX, scope)
    adapter.activity_buffer.clear()
    # As it arrives from Teams: a deserialised entity, its fields in additional_properties.
    mention = Entity.deserialize(
        {
            "type": "mention",
            "mentioned": {"id": "28:eebot", "name": "eebot"},
            "text": "<at>eebot</at>",
        }
    )
    await adapter.receive_activity(
        Activity(type="message", text="<at>eebot</at> left 104297", entities=[mention])
    )
    card = adapter.activity_buffer[0].attachments[0].content
    assert "Whitgreave Primary School" in text_of(card)


async def test_commands_match_whole_words_only(world: Database) -> None:
    card = await ask(adapter_for(world, ALEX), "leftovers 104297")
    shown = text_of(card)
    assert "Whitgreave" not in shown
    assert "left ‹school›" in shown  # the help card


async def test_unknown_input_gets_the_help_card(world: Database) -> None:
    shown = text_of(await ask(adapter_for(world, ALEX), "good morning"))
    for usage in ("left ‹school›", "school ‹school›", "plan ‹school›", "caseload"):
        assert usage in shown


async def test_help_lists_only_what_this_person_may_use(world: Database) -> None:
    head = text_of(await ask(adapter_for(world, ADELE), "help"))
    assert "left ‹school›" in head and "caseload" not in head
    stranger = text_of(await ask(adapter_for(world, STRANGER), "help"))
    assert "left ‹school›" not in stranger


async def test_a_name_matching_several_offers_a_choice(world: Database) -> None:
    card = await ask(adapter_for(world, ALEX), "left Eastfield")
    shown = text_of(card)
    assert "Eastfield Nursery School" in shown and "Eastfield Primary School" in shown
    assert shown.count('"left.show"') >= 2


async def test_no_match_suggests_the_closest_names(world: Database) -> None:
    shown = text_of(await ask(adapter_for(world, ALEX), "left Whitgreen Infants"))
    assert "Whitgreave Primary School" in shown


async def test_a_head_asking_without_a_name_gets_their_own_school(world: Database) -> None:
    shown = text_of(await ask(adapter_for(world, ADELE), "what's left"))
    assert "Whitgreave Primary School" in shown


async def test_a_head_cannot_see_another_school(world: Database) -> None:
    shown = text_of(await ask(adapter_for(world, ADELE), "left St Luke's"))
    assert "St Luke" in shown and "19" not in shown
    assert "your own school" in shown


async def test_a_manager_sees_their_setting(world: Database) -> None:
    shown = text_of(await ask(adapter_for(world, PATTI), "left"))
    assert "Sunflower Day Nursery" in shown and "10" in shown


async def test_someone_eebot_does_not_know_is_told_so(world: Database) -> None:
    shown = text_of(await ask(adapter_for(world, STRANGER), "left 104297"))
    assert "Whitgreave Primary School" not in shown


async def test_school_profile_shows_category_advisor_head_and_ofsted(world: Database) -> None:
    shown = text_of(await ask(adapter_for(world, MEGAN), "school whitgreave"))
    for expected in ("B1", "Alex Wilber", "Adele Vance", "Good", "Primary"):
        assert expected in shown


async def test_plan_lists_the_year_by_half_term(world: Database) -> None:
    shown = text_of(await ask(adapter_for(world, ALEX), "plan st luke's"))
    for heading in ("Autumn 1", "Autumn 2", "Spring 1", "Summer 2"):
        assert heading in shown


async def test_upcoming_for_a_school_and_for_me(world: Database) -> None:
    school = text_of(await ask(adapter_for(world, ALEX), "upcoming whitgreave"))
    assert "Whitgreave" in school
    mine = text_of(await ask(adapter_for(world, ALEX), "upcoming"))
    assert "St Luke" in mine or "Whitgreave" in mine


async def test_caseload_lists_the_most_urgent_first(world: Database) -> None:
    shown = text_of(await ask(adapter_for(world, ALEX), "caseload"))
    # St Luke's is category C: it comes before Whitgreave (B1) and Eastfield Primary (AS).
    assert shown.index("St Luke") < shown.index("Whitgreave") < shown.index("Eastfield Primary")


async def test_caseload_is_refused_to_someone_without_one(world: Database) -> None:
    shown = text_of(await ask(adapter_for(world, LYNNE), "caseload"))
    assert "caseload" in shown and "Whitgreave" not in shown


@pytest.mark.parametrize("question", ["week", "my week", "digest", "what's on this week?"])
async def test_an_advisor_asks_for_the_week_ahead(world: Database, question: str) -> None:
    shown = text_of(await ask(adapter_for(world, ALEX), question))
    assert "Your week, Alex Wilber" in shown
    assert "3 establishments" in shown  # Whitgreave, St Luke's and Eastfield Primary


async def test_the_week_ahead_is_refused_to_someone_without_a_caseload(world: Database) -> None:
    shown = text_of(await ask(adapter_for(world, ADELE), "week"))
    assert "Your week" not in shown and "isn't one of your commands" in shown


async def test_action_submit_fallback_is_routed_like_execute(world: Database) -> None:
    adapter = adapter_for(world, ALEX)
    adapter.activity_buffer.clear()
    await adapter.receive_activity(
        Activity(type="message", value={"verb": "plan.show", "urn": "104297"})
    )
    card = adapter.activity_buffer[0].attachments[0].content
    assert_valid_card(card)
    assert "Autumn 1" in text_of(card)


async def test_a_person_turns_a_reminder_off_and_on(world: Database) -> None:
    adapter = adapter_for(world, ALEX)
    shown = text_of(await ask(adapter, "reminders"))
    assert "digest: on" in shown
    shown = text_of(await ask(adapter, "reminders off digest"))
    assert "digest: off" in shown and "now off" in shown
    assert "digest: off" in text_of(await ask(adapter, "reminders"))
    assert "digest: on" in text_of(await ask(adapter, "reminders on digest"))
    refused = text_of(await ask(adapter, "reminders off everything"))
    assert "names:" in refused
