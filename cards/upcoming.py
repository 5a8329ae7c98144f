"""The upcoming card: activities coming up in the next weeks, at one school or across a caseload."""

from __future__ import annotations

from typing import Any

from microsoft_teams.cards import Action, CardElement, Container

from cards.actions import ShowLeft, ShowPlan
from cards.render import (
    button,
    card,
    days_words,
    full_day,
    joined,
    more,
    stacked,
    status,
    text,
    title,
    when,
)
from eecore.domain.views import UpcomingItem, UpcomingList

ITEMS_SHOWN = 30
SCHOOL_BUTTONS = 5


def item_row(item: UpcomingItem, *, with_school: bool) -> Container:
    """One activity: its name, then when, where (across schools), status and days."""
    return Container(
        separator=True,
        spacing="Small",
        items=[
            text(item.activity_name, bold=True),
            text(
                joined(
                    when(item.date, item.window_label),
                    item.school_name if with_school else "",
                    status(item.status),
                    days_words(item.days),
                ),
                subtle=True,
                small=True,
                spacing="None",
            ),
        ],
    )


def weeks_between(upcoming: UpcomingList) -> int:
    """How many weeks the list covers, at least one."""
    return max(1, round((upcoming.to_day - upcoming.from_day).days / 7))


def upcoming_card(upcoming: UpcomingList) -> dict[str, Any]:
    """What comes up between two days: date or half-term, school, activity and status of each."""
    body: list[CardElement] = [
        title(upcoming.title),
        text(
            f"{full_day(upcoming.from_day)} to {full_day(upcoming.to_day)}",
            subtle=True,
            spacing="None",
        ),
    ]
    schools: dict[str, str] = {}
    for item in upcoming.items:
        schools.setdefault(item.urn, item.school_name)
    buttons: list[Action] = []
    if not upcoming.items:
        weeks = weeks_between(upcoming)
        body.append(text(f"Nothing in the next {weeks} weeks." if weeks > 1 else
                         "Nothing in the next week.", separator=True))
        return card(body, summary=upcoming.title)
    several = len(schools) > 1
    body.extend(item_row(i, with_school=several) for i in upcoming.items[:ITEMS_SHOWN])
    hidden = len(upcoming.items) - ITEMS_SHOWN
    if hidden > 0:
        body.append(more(hidden, "activities"))
    if not several:
        urn = next(iter(schools))
        buttons = [button(ShowLeft(urn)), button(ShowPlan(urn))]
    elif len(schools) <= SCHOOL_BUTTONS:
        body.extend(
            stacked([button(ShowLeft(u), f"What's left: {name}") for u, name in schools.items()])
        )
    return card(body, buttons, summary=upcoming.title)
