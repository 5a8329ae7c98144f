"""The caseload card: an advisor's establishments, most urgent first, each tappable."""

from __future__ import annotations

from typing import Any

from microsoft_teams.cards import CardElement, Column, ColumnSet, TextBlock

from cards.actions import ShowLeft
from cards.render import (
    Colour,
    card,
    days,
    joined,
    more,
    number_row,
    size,
    tap,
    text,
    title,
)
from eecore.domain.views import Caseload, CaseloadEntry

ROWS_SHOWN = 40
ROWS_BUDGET = 25_000
"""Bytes of rows at most, so a caseload of very long names still fits Teams' 28 KB."""


def flags(entry: CaseloadEntry) -> str:
    """Category, overdue count and over-allocation, as one short line."""
    return joined(
        f"Category {entry.category}" if entry.category else entry.kind_label,
        f"{entry.overdue} overdue" if entry.overdue else "",
        "Over-allocated" if entry.over_allocated else "",
    )


def entry_row(entry: CaseloadEntry) -> ColumnSet:
    """One establishment: name and flags on the left, days remaining on the right; tap for more."""
    urgent = entry.over_allocated or entry.overdue > 0
    colour: Colour | None = "Attention" if entry.over_allocated else None
    return ColumnSet(
        separator=True,
        select_action=tap(ShowLeft(entry.urn)),
        columns=[
            Column(
                width="stretch",
                items=[
                    text(entry.name),
                    text(
                        flags(entry),
                        small=True,
                        spacing="None",
                        subtle=not urgent,
                        colour="Attention" if urgent else None,
                    ),
                ],
            ),
            Column(
                width="auto",
                items=[TextBlock(text=days(entry.remaining), horizontal_alignment="Right",
                                 weight="Bolder", color=colour)],
            ),
        ],
    )


def caseload_card(caseload: Caseload) -> dict[str, Any]:
    """An advisor's establishments, most urgent first: category, days left and any warnings."""
    entries = caseload.entries
    over = sum(1 for e in entries if e.over_allocated)
    overdue = sum(1 for e in entries if e.overdue)
    count = len(entries)
    body: list[CardElement] = [
        title(f"Caseload: {caseload.advisor}"),
        text(
            joined(
                caseload.academic_year,
                f"{count} establishment" if count == 1 else f"{count} establishments",
                f"{over} over-allocated" if over else "",
                f"{overdue} with overdue activity" if overdue else "",
            ),
            subtle=True,
            spacing="None",
        ),
    ]
    if not entries:
        body.append(text("No schools or settings in this caseload yet.", separator=True))
    else:
        header = number_row("Most urgent first", "Days left", bold=True)
        header.spacing = "Medium"
        body.append(header)
        shown = used = 0
        for entry in entries[:ROWS_SHOWN]:
            row = entry_row(entry)
            used += size(row)
            if used > ROWS_BUDGET:
                break
            body.append(row)
            shown += 1
        if count > shown:
            body.append(more(count - shown, "schools and settings"))
    return card(
        body,
        summary=f"Caseload of {caseload.advisor}: {count} establishments",
    )
