"""The help and welcome cards: the commands this person may use, and quick buttons for some."""

from __future__ import annotations

import json

from cards.help import help_card
from cards.messages import welcome_card
from tests.cards import models
from tests.cards.schema import buttons_in, texts


def test_lists_each_command_with_what_it_does() -> None:
    words = texts(help_card(models.COMMANDS, "Jo Bennett"))
    assert "What you can ask me, Jo Bennett" in words
    for usage, what in models.COMMANDS:
        shown = usage.replace("<", "‹").replace(">", "›")
        assert f"{shown}\n{what}" in words


def test_quick_buttons_only_for_commands_this_person_has() -> None:
    everything = buttons_in(help_card(models.COMMANDS, None))
    assert [b["verb"] for b in everything] == ["caseload.show", "upcoming.mine"]
    assert buttons_in(help_card(models.HEAD_COMMANDS, None)) == []
    only_upcoming = help_card([("upcoming", "What's coming up")], None)
    assert [b["verb"] for b in buttons_in(only_upcoming)] == ["upcoming.mine"]


def test_help_with_nothing_allowed() -> None:
    assert "ask an admin" in texts(help_card((), None))


def test_welcome_says_hello_and_what_eebot_can_do() -> None:
    card = welcome_card(models.COMMANDS)
    words = texts(card)
    assert "Hello, I'm eebot" in words
    assert "what's left" in words
    assert "caseload\nYour schools and settings, most urgent first" in words
    assert [b["verb"] for b in buttons_in(card)] == ["caseload.show", "upcoming.mine"]


def test_placeholders_in_angle_brackets_are_shown_not_taken_for_markup() -> None:
    from cards.help import help_card

    card = help_card([("left <school>", "what's left")], None)
    shown = json.dumps(card, ensure_ascii=False)
    assert "left ‹school›" in shown and "<school>" not in shown
