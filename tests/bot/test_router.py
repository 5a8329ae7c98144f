"""The router on its own: what text means, and that every card verb has a handler."""

from __future__ import annotations

import pytest

from bot.handlers import build_router
from bot.router import parse_text
from cards.actions import ACTIONS, InvalidAction, ShowLeft, parse_action

COMMANDS = ["help", "left", "school", "plan", "upcoming", "caseload"]


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("left 104297", ("left", "104297")),
        ("LEFT  Whitgreave ", ("left", "Whitgreave")),
        ("what's left for St Luke's?", ("left", "St Luke's")),
        ("What’s left for St Luke’s?", ("left", "St Luke's")),
        ("whats left at whitgreave", ("left", "whitgreave")),
        ("how many days has Whitgreave got left", ("left", "Whitgreave")),
        ("how many days does Whitgreave have left?", ("left", "Whitgreave")),
        ("what's left", ("left", "")),
        ("plan for st lukes", ("plan", "st lukes")),
        ("tell me about Whitgreave", ("school", "Whitgreave")),
        ("what's coming up", ("upcoming", "")),
        ("upcoming mine", ("upcoming", "mine")),
        ("my caseload", ("caseload", "")),
        ("help", ("help", "")),
    ],
)
def test_text_is_understood(text: str, parsed: tuple[str, str]) -> None:
    assert parse_text(text, COMMANDS) == parsed


@pytest.mark.parametrize("text", ["leftover 104297", "helpful", "planning", "", "   ", "hello"])
def test_commands_match_whole_words_only(text: str) -> None:
    assert parse_text(text, COMMANDS) is None


def test_every_verb_a_card_can_emit_has_a_handler() -> None:
    router = build_router()
    assert set(ACTIONS) <= set(router.actions)


def test_card_actions_round_trip_and_refuse_garbage() -> None:
    assert parse_action(ShowLeft("104297").data()) == ShowLeft("104297")
    for garbage in (
        None,
        "x",
        {},
        {"verb": "nope"},
        {"verb": "left.show"},
        {"verb": 3},
        {"verb": "left.show", "urn": 104297},
    ):
        with pytest.raises(InvalidAction):
            parse_action(garbage)
