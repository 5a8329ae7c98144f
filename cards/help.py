"""The help card: the commands this person may use, with a few quick buttons."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from microsoft_teams.cards import Action, ActionSet, CardElement

from cards.actions import ShowCaseload, ShowMyUpcoming
from cards.render import button, card, text, title


def command_lines(commands: Sequence[tuple[str, str]]) -> list[CardElement]:
    """Each command's usage, then one line of what it does."""
    lines: list[CardElement] = []
    for usage, what in commands:
        lines.append(text(usage, bold=True, spacing="Medium"))
        lines.append(text(what, subtle=True, spacing="None"))
    return lines


def quick_buttons(commands: Sequence[tuple[str, str]]) -> list[Action]:
    """Buttons for 'caseload' and 'upcoming', only when this person may use those commands."""
    usages = [usage.strip().lower() for usage, _ in commands]
    buttons: list[Action] = []
    if any(u.startswith("caseload") for u in usages):
        buttons.append(button(ShowCaseload()))
    if any(u.startswith("upcoming") for u in usages):
        buttons.append(button(ShowMyUpcoming()))
    return buttons


def help_card(commands: Sequence[tuple[str, str]], person_name: str | None) -> dict[str, Any]:
    """The commands this person may use, each with what it does, and quick buttons for some."""
    greeting = f"What you can ask me, {person_name}" if person_name else "What you can ask me"
    body: list[CardElement] = [title(greeting)]
    if commands:
        body.extend(command_lines(commands))
    else:
        body.append(text("There is nothing you can ask me yet: ask an admin to add you."))
    buttons = quick_buttons(commands)
    if buttons:
        body.append(ActionSet(actions=buttons, spacing="Large"))
    return card(body, summary=greeting)
