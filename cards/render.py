"""Small pieces every card is made of: text, number rows, buttons, dates and days as words."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal

from microsoft_teams.cards import (
    Action,
    ActionSet,
    AdaptiveCard,
    CardElement,
    Column,
    ColumnSet,
    ExecuteAction,
    SubmitAction,
    TextBlock,
)

from cards.actions import CardAction
from eecore.domain.days import show

CARD_VERSION = "1.5"
TEAMS = {"width": "Full"}
"""Teams' own card properties: use the chat's full width (not part of the Adaptive Card schema)."""

Colour = Literal["Default", "Dark", "Light", "Accent", "Good", "Warning", "Attention"]
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_STATUS = {
    "planned": "Planned",
    "booked": "Booked",
    "delivered": "Delivered",
    "cancelled": "Cancelled",
    "superseded": "Replaced",
}


def card(
    body: Sequence[CardElement],
    buttons: Sequence[Action] = (),
    *,
    summary: str | None = None,
) -> dict[str, Any]:
    """An Adaptive Card 1.5 as JSON, full width in Teams, with its buttons at the bottom."""
    adaptive = AdaptiveCard(
        version=CARD_VERSION,
        body=list(body),
        actions=list(buttons) or None,
        fallback_text=summary,
    )
    content: dict[str, Any] = adaptive.model_dump(by_alias=True, exclude_none=True)
    content["msteams"] = dict(TEAMS)
    return content


def size(element: CardElement) -> int:
    """An element's JSON size in UTF-8 bytes, to keep long lists under Teams' 28 KB."""
    dumped = element.model_dump(by_alias=True, exclude_none=True)
    return len(json.dumps(dumped, ensure_ascii=False).encode("utf-8"))


def button(action: CardAction, title: str | None = None) -> ExecuteAction:
    """An Action.Execute for a typed action, falling back to an Action.Submit for older clients."""
    label = title or action.title
    return ExecuteAction(
        title=label,
        verb=action.verb,
        data=action.data(),
        fallback=SubmitAction(title=label, data=action.data()),
    )


def tap(action: CardAction) -> ExecuteAction:
    """An Action.Execute for a row's selectAction (hosts ignore a selectAction's fallback)."""
    return ExecuteAction(title=action.title, verb=action.verb, data=action.data())


def stacked(buttons: Sequence[Action]) -> list[CardElement]:
    """Buttons one above another at full width (an ActionSet each), for long titles on a phone."""
    return [ActionSet(actions=[b], spacing="Small") for b in buttons]


def plain(words: str) -> str:
    """Text that no client takes for markup: '<school>' would vanish as an unknown HTML tag."""
    return words.replace("<", "‹").replace(">", "›")


def text(
    words: str,
    *,
    bold: bool = False,
    subtle: bool = False,
    small: bool = False,
    colour: Colour | None = None,
    separator: bool = False,
    spacing: Literal["None", "Small", "Medium", "Large"] | None = None,
) -> TextBlock:
    """A wrapping line of plain text."""
    return TextBlock(
        text=plain(words),
        wrap=True,
        weight="Bolder" if bold else None,
        is_subtle=True if subtle else None,
        size="Small" if small else None,
        color=colour,
        separator=True if separator else None,
        spacing=spacing,
    )


def title(words: str) -> TextBlock:
    """The card's title."""
    return TextBlock(
        text=plain(words), wrap=True, weight="Bolder", size="Medium", style="heading"
    )


def heading(words: str) -> TextBlock:
    """A section heading, with a line above it."""
    return TextBlock(
        text=plain(words), wrap=True, weight="Bolder", separator=True, spacing="Medium"
    )


def number_row(
    label: str, value: str, *, bold: bool = False, colour: Colour | None = None
) -> ColumnSet:
    """A label on the left and its number right-aligned, as one row of a small table."""
    weight: Literal["Bolder"] | None = "Bolder" if bold else None
    return ColumnSet(
        spacing="Small",
        columns=[
            Column(width="stretch", items=[TextBlock(text=label, wrap=True, weight=weight)]),
            Column(
                width="auto",
                items=[
                    TextBlock(
                        text=value,
                        horizontal_alignment="Right",
                        weight=weight,
                        color=colour,
                    )
                ],
            ),
        ],
    )


def days(amount: Decimal) -> str:
    """Days as a number: '9.5', '0.25', '19'."""
    return show(amount)


def days_words(amount: Decimal) -> str:
    """Days with their unit: '1 day', '0.5 days', '2 days'."""
    return f"{show(amount)} day" if amount == 1 else f"{show(amount)} days"


def day(when: dt.date) -> str:
    """A day in the year, short: 'Tue 4 Feb'."""
    return f"{_DAYS[when.weekday()]} {when.day} {_MONTHS[when.month - 1]}"


def full_day(when: dt.date) -> str:
    """A day with its year: '4 Feb 2027'."""
    return f"{when.day} {_MONTHS[when.month - 1]} {when.year}"


def when(on: dt.date | None, window_label: str) -> str:
    """The day something is booked for, else the half-term it is planned in."""
    return day(on) if on is not None else window_label


def status(value: str) -> str:
    """An activity's status as a word: 'Booked'."""
    return _STATUS.get(value, value.capitalize())


def joined(*parts: str) -> str:
    """The non-empty parts, separated by middle dots."""
    return " · ".join(p for p in parts if p)


def more(count: int, what: str) -> TextBlock:
    """'and 20 more schools', when a list is cut short."""
    return text(f"… and {count} more {what}", subtle=True, spacing="Small")
