"""The checks themselves: the schema rejects broken cards, and verbs are found wherever they are."""

from __future__ import annotations

from typing import Any

import pytest

from cards.actions import ACTIONS, ShowLeft
from cards.render import button, card, tap, text
from tests.cards.schema import (
    assert_actions_routable,
    assert_valid_card,
    card_schema,
    emitted_verbs,
)


def minimal(**extra: Any) -> dict[str, Any]:
    return {"type": "AdaptiveCard", "version": "1.5", "body": [], **extra}


def test_the_shipped_schema_is_draft_06() -> None:
    assert card_schema()["$schema"] == "http://json-schema.org/draft-06/schema#"


def test_a_minimal_card_with_teams_width_is_valid() -> None:
    assert_valid_card(minimal(msteams={"width": "Full"}))


@pytest.mark.parametrize(
    "body",
    [
        [{"type": "TextBlock"}],
        [{"type": "TextBlock", "text": "x", "colour": "Good"}],
        [{"type": "FactSet", "facts": [{"title": "a"}]}],
        [{"type": "Column", "items": []}],
        [{"type": "ActionSet", "actions": [{"type": "Action.Execute", "verb": "v", "bogus": 1}]}],
    ],
    ids=["no text", "unknown property", "fact without value", "column in body", "bad action"],
)
def test_the_schema_rejects_broken_cards(body: list[dict[str, Any]]) -> None:
    with pytest.raises(AssertionError, match="invalid Adaptive Card"):
        assert_valid_card(minimal(body=body))


def test_the_size_limit_is_checked() -> None:
    with pytest.raises(AssertionError, match="bytes"):
        assert_valid_card(minimal(body=[{"type": "TextBlock", "text": "x" * 30_000}]))


def test_verbs_are_found_in_buttons_rows_and_fallback_data() -> None:
    built = minimal(
        body=[
            {
                "type": "Container",
                "items": [],
                "selectAction": {"type": "Action.Execute", "verb": "a", "data": {"verb": "a"}},
            },
            {"type": "ActionSet", "actions": [{"type": "Action.Submit", "data": {"verb": "b"}}]},
        ],
        actions=[{"type": "Action.Execute", "verb": "c", "data": {"verb": "c"},
                  "fallback": {"type": "Action.Submit", "data": {"verb": "d"}}}],
    )
    assert emitted_verbs(built) == {"a", "b", "c", "d"}


def test_a_button_without_a_submit_fallback_is_caught() -> None:
    built = card([text("x")], [tap(ShowLeft("104000"))])
    with pytest.raises(AssertionError, match="no fallback"):
        assert_actions_routable(built, set(ACTIONS))


def test_an_unknown_verb_is_caught() -> None:
    built = card([text("x")], [button(ShowLeft("104000"))])
    built["actions"][0]["fallback"]["data"]["verb"] = "left.shw"
    with pytest.raises(AssertionError, match=r"left\.shw"):
        assert_actions_routable(built, set(ACTIONS))


def test_a_button_carries_its_verb_and_data_and_falls_back_to_submit() -> None:
    built = card([text("x")], [button(ShowLeft("104000"))])
    action = built["actions"][0]
    assert action == {
        "type": "Action.Execute",
        "title": "What's left",
        "verb": "left.show",
        "data": {"verb": "left.show", "urn": "104000"},
        "fallback": {
            "type": "Action.Submit",
            "title": "What's left",
            "data": {"verb": "left.show", "urn": "104000"},
        },
    }
    assert ACTIONS[action["verb"]].parse(action["fallback"]["data"]) == ShowLeft("104000")
