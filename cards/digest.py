"""The weekly digest card: an advisor's week ahead and what is waiting on them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from microsoft_teams.cards import CardElement, Container

from cards.actions import ShowCaseload, ShowMyUpcoming, ShowVisit
from cards.render import (
    button,
    card,
    day,
    days_words,
    heading,
    joined,
    more,
    tap,
    text,
    title,
)
from eecore.domain.views import DigestItem, WeeklyDigest

ROWS_PER_SECTION = 8
"""Rows shown in each section at most, so that a busy week still fits Teams' 28 KB."""


def item_row(item: DigestItem, detail: str) -> Container:
    """One visit or meeting: what and where, then the day that matters; tap to open its card."""
    return Container(
        separator=True,
        spacing="Small",
        select_action=tap(ShowVisit(str(item.activity_id))),
        items=[
            text(joined(item.activity_name, item.school_name), bold=True),
            text(detail, subtle=True, small=True, spacing="None"),
        ],
    )


def booked_for(item: DigestItem) -> str:
    if item.at is not None:
        return f"{day(item.at.date())}, {item.at:%H:%M}"
    return day(item.on) if item.on else item.window_label


def _on(prefix: str) -> Callable[[DigestItem], str]:
    def detail(item: DigestItem) -> str:
        return f"{prefix} {day(item.on)}" if item.on else item.window_label

    return detail


def sections(
    digest: WeeklyDigest,
) -> list[tuple[str, Sequence[DigestItem], Callable[[DigestItem], str]]]:
    """The digest's lists in the order an advisor acts on them, each with its heading and how
    each row says its day."""
    return [
        ("Booked this week", digest.booked, booked_for),
        ("To record as delivered", digest.to_record, _on("Booked for")),
        ("Reports to write", digest.reports_due, _on("Delivered")),
        ("The school asked for another date", digest.awaiting_advisor, _on("They asked for")),
        ("Waiting for the school's answer", digest.awaiting_school, _on("First date proposed:")),
    ]


def section(
    heading_words: str, items: Sequence[DigestItem], detail: Callable[[DigestItem], str]
) -> list[CardElement]:
    """A heading with its count, then a row for each item, cut short with '… and N more'."""
    elements: list[CardElement] = [heading(f"{heading_words} ({len(items)})")]
    elements.extend(item_row(item, detail(item)) for item in items[:ROWS_PER_SECTION])
    if len(items) > ROWS_PER_SECTION:
        elements.append(more(len(items) - ROWS_PER_SECTION, "visits and meetings"))
    return elements


def digest_card(digest: WeeklyDigest) -> dict[str, Any]:
    """The week ahead for an advisor: booked visits, answers awaited, deliveries and reports to
    record, and where the caseload stands."""
    count = digest.establishments
    body: list[CardElement] = [
        title(f"Your week, {digest.advisor}"),
        text(
            joined(
                f"{day(digest.from_day)} to {day(digest.to_day)}",
                digest.academic_year,
                f"{count} establishment" if count == 1 else f"{count} establishments",
                f"{days_words(digest.remaining)} left",
            ),
            subtle=True,
            spacing="None",
        ),
    ]
    if digest.over_allocated:
        body.append(
            text(
                "Over-allocated: " + ", ".join(digest.over_allocated),
                colour="Attention",
                spacing="Small",
            )
        )
    if digest.overdue:
        body.append(
            text(
                "1 planned activity is past its half-term with no date booked."
                if digest.overdue == 1
                else f"{digest.overdue} planned activities are past their half-term with no "
                "date booked.",
                colour="Attention",
                spacing="Small",
            )
        )
    if digest.nothing_to_do:
        body.append(
            text("Nothing booked this week, and nothing waiting on you.", separator=True)
        )
    for words, items, detail in sections(digest):
        if items:
            body.extend(section(words, items, detail))
    waiting = len(digest.awaiting_school) + len(digest.awaiting_advisor)
    return card(
        body,
        [button(ShowCaseload(), "Caseload"), button(ShowMyUpcoming(), "Next six weeks")],
        summary=joined(
            f"Your week: {len(digest.booked)} booked",
            f"{waiting} awaiting an answer" if waiting else "",
            f"{len(digest.reports_due)} reports to write" if digest.reports_due else "",
        ),
    )
