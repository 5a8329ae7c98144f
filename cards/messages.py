"""Short message cards: errors, an apology when records are out of reach, not allowed, welcome."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from microsoft_teams.cards import ActionSet, CardElement

from cards.help import command_lines, quick_buttons
from cards.render import card, text, title

APOLOGY = "Sorry — eebot couldn't reach its records just now. Please try again in a minute."


def no_match_card(query: str, suggestions: Sequence[str]) -> dict[str, Any]:
    """No school matches what was typed; the closest names, if any, as text."""
    heading = f"No school matches '{query}'"
    body: list[CardElement] = [title(heading)]
    if suggestions:
        body.append(text("Did you mean:", spacing="Small"))
        body.extend(text(name, bold=True, spacing="None") for name in suggestions)
    else:
        body.append(text("Try the URN, or another part of the name.", spacing="Small"))
    return card(body, summary=heading)


def error_card(message: str) -> dict[str, Any]:
    """Something asked for could not be done, and why, in the person's terms."""
    return card(
        [title("That didn't work"), text(message, spacing="Small")],
        summary=message,
    )


def apology_card() -> dict[str, Any]:
    """eebot could not reach its records; try again in a minute."""
    return card([text(APOLOGY)], summary=APOLOGY)


def not_allowed_card(message: str) -> dict[str, Any]:
    """The person may not see or do what they asked, and why."""
    return card(
        [title("Not allowed"), text(message, spacing="Small")],
        summary=message,
    )


def welcome_card(commands: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Hello, once: what eebot is for and what this person can ask it."""
    body: list[CardElement] = [
        title("Hello, I'm eebot"),
        text(
            "I keep track of school improvement support: each school's category, "
            "the days it is allocated, what's planned, booked and delivered, and what's left.",
            spacing="Small",
        ),
    ]
    if commands:
        body.append(text("You can ask me:", bold=True, separator=True, spacing="Medium"))
        body.extend(command_lines(commands))
    buttons = quick_buttons(commands)
    if buttons:
        body.append(ActionSet(actions=buttons, spacing="Large"))
    return card(body, summary="Hello, I'm eebot")
