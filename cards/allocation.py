"""The "what's left" card: one establishment's days for a year, and what comes next."""

from __future__ import annotations

from typing import Any

from microsoft_teams.cards import CardElement, ColumnSet, Container

from cards.actions import ShowPlan, ShowSchool
from cards.render import (
    Colour,
    button,
    card,
    days,
    days_words,
    heading,
    joined,
    number_row,
    status,
    text,
    title,
    when,
)
from eecore.domain.days import ZERO
from eecore.domain.ledger import AllocationSummary, UpcomingActivity

NEXT_SHOWN = 5


def category_lines(summary: AllocationSummary) -> list[CardElement]:
    """The category in force, 'Not categorised yet' with why, or the basis for kinds without one."""
    if summary.category:
        return [text(f"Category {summary.category}", bold=True)]
    if summary.categorised:
        lines: list[CardElement] = [text("Not categorised yet", bold=True, colour="Warning")]
    else:
        lines = [text(f"No category for this kind ({summary.kind_label})", bold=True)]
    if summary.note:
        lines.append(text(summary.note, subtle=True, small=True, spacing="None"))
    return lines


def warnings(summary: AllocationSummary) -> list[CardElement]:
    """A visible box when more days are used than allocated, or more committed than are left."""
    lines: list[CardElement] = []
    if summary.over_allocated:
        lines.append(
            text(
                f"Over-allocated: {days_words(-summary.remaining)} more used than allocated.",
                bold=True,
                colour="Attention",
            )
        )
    elif summary.unplanned < ZERO:
        lines.append(
            text(
                f"Over-committed: booked and planned days exceed what's left by "
                f"{days_words(-summary.unplanned)}.",
                bold=True,
                colour="Warning",
            )
        )
    if summary.overdue:
        count = len(summary.overdue)
        noun = "activity is" if count == 1 else "activities are"
        lines.append(text(f"{count} {noun} overdue.", colour="Attention"))
    return [Container(items=lines, style="attention", spacing="Medium")] if lines else []


def next_item(activity: UpcomingActivity) -> Container:
    """One activity still to come: its name, then when, status and days."""
    return Container(
        spacing="Small",
        items=[
            text(activity.activity_name),
            text(
                joined(
                    when(activity.date, activity.window_label),
                    status(activity.status),
                    days_words(activity.days),
                ),
                subtle=True,
                small=True,
                spacing="None",
            ),
        ],
    )


def unplanned_row(summary: AllocationSummary) -> ColumnSet:
    """Unplanned days, in warning colour when more is committed than allocated."""
    colour: Colour | None = "Warning" if summary.unplanned < ZERO else None
    return number_row("Unplanned", days(summary.unplanned), colour=colour)


def remaining_row(summary: AllocationSummary) -> ColumnSet:
    """Remaining days, bold, in attention colour when over the allocation."""
    colour: Colour | None = "Attention" if summary.over_allocated else None
    return number_row("Remaining", days(summary.remaining), bold=True, colour=colour)


def allocation_card(summary: AllocationSummary) -> dict[str, Any]:
    """What's left for one establishment in one year: its days, any warning, and what comes next."""
    body: list[CardElement] = [
        title("What's left"),
        text(summary.name, bold=True, spacing="Small"),
        text(
            joined(f"URN {summary.urn}", summary.kind_label, summary.academic_year),
            subtle=True,
            spacing="None",
        ),
        *category_lines(summary),
        *warnings(summary),
        heading("Days"),
        number_row("Allocated", days(summary.allocated)),
        number_row("Delivered", days(summary.delivered)),
        number_row("Booked", days(summary.booked)),
        number_row("Planned", days(summary.planned)),
        unplanned_row(summary),
        remaining_row(summary),
    ]
    if summary.upcoming:
        body.append(heading("Next"))
        body.extend(next_item(a) for a in summary.upcoming[:NEXT_SHOWN])
        hidden = len(summary.upcoming) - NEXT_SHOWN
        if hidden > 0:
            body.append(text(f"… and {hidden} more in the year plan", subtle=True, small=True))
    elif summary.category or not summary.categorised:
        body.append(text("Nothing else planned this year.", subtle=True, separator=True))
    return card(
        body,
        [button(ShowPlan(summary.urn)), button(ShowSchool(summary.urn))],
        summary=f"What's left for {summary.name}: {days(summary.remaining)} of "
        f"{days_words(summary.allocated)}",
    )
