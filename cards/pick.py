"""The pick card: several schools match what was typed, so the person picks one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from microsoft_teams.cards import CardElement

from cards.actions import CardAction
from cards.render import button, card, more, stacked, text, title

CANDIDATES_SHOWN = 10


def pick_school_card(
    query: str,
    candidates: Sequence[tuple[str, str]],
    action: Callable[[str], CardAction],
) -> dict[str, Any]:
    """One button per matching (URN, name) pair, up to ten, each doing `action(urn)`."""
    heading = f"Several schools match '{query}'"
    body: list[CardElement] = [
        title(heading),
        text("Which one did you mean?", spacing="Small"),
        *stacked(
            [button(action(urn), f"{name} ({urn})") for urn, name in candidates[:CANDIDATES_SHOWN]]
        ),
    ]
    hidden = len(candidates) - CANDIDATES_SHOWN
    if hidden > 0:
        body.append(more(hidden, "match" if hidden == 1 else "matches"))
        body.append(text("Type more of the name, or the URN, to narrow it down.", subtle=True))
    return card(body, summary=heading)
