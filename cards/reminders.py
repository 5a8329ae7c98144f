"""The reminder settings card: which reminders this person gets, and how to change them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_teams.cards import CardElement, Fact, FactSet

from cards.render import card, text, title

LABELS = {
    "proposal_unconfirmed_head": ("proposals", "dates waiting for your answer"),
    "proposal_unconfirmed_advisor": ("unanswered", "dates a school hasn't answered"),
    "visit_upcoming_7d": ("week-before", "a visit or meeting a week away"),
    "visit_upcoming_1d": ("day-before", "a visit or meeting tomorrow"),
    "report_overdue": ("reports", "a report not written 10 days after a visit"),
    "weekly_digest": ("digest", "your week ahead, every Monday"),
}


def reminders_card(preferences: Mapping[str, bool], notice: str = "") -> dict[str, Any]:
    """Each kind of reminder, on or off, with the words that turn it off or on."""
    body: list[CardElement] = [title("Your reminders")]
    if notice:
        body.append(text(notice, bold=True))
    body.append(
        FactSet(
            facts=[
                Fact(title=f"{LABELS[kind][0]}: {'on' if on else 'off'}", value=LABELS[kind][1])
                for kind, on in preferences.items()
                if kind in LABELS
            ]
        )
    )
    body.append(
        text(
            "Type 'reminders off digest' or 'reminders on digest' (any of the names).", subtle=True
        )
    )
    return card(body, summary="Your reminders")
