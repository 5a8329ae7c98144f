"""The year plan card: every activity of a school's year, by half-term, with the totals."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from microsoft_teams.cards import CardElement, Column, ColumnSet, TextBlock

from cards.actions import ShowLeft, ShowSchool, ShowVisit
from cards.allocation import category_lines, remaining_row, unplanned_row
from cards.render import (
    Colour,
    button,
    card,
    day,
    days,
    days_words,
    heading,
    joined,
    number_row,
    status,
    tap,
    text,
    title,
)
from eecore.domain.views import PlanEntry, YearPlan


def entry_row(entry: PlanEntry) -> ColumnSet:
    """One activity: name, then status, date and note; its days (used days once delivered)."""
    used = entry.used_days
    cancelled = entry.status == "cancelled"
    shown = "–" if cancelled else days(used if used is not None else entry.planned_days)
    detail = joined(
        status(entry.status),
        day(entry.date) if entry.date else "",
        f"planned {days(entry.planned_days)}"
        if used is not None and used != entry.planned_days
        else "",
        entry.note,
    )
    colour: Colour | None = "Good" if entry.status == "delivered" else None
    return ColumnSet(
        spacing="Small",
        # Tapping an activity opens its visit card: propose, confirm, deliver or cancel there.
        select_action=tap(ShowVisit(str(entry.id))) if entry.id is not None else None,
        columns=[
            Column(
                width="stretch",
                items=[
                    text(entry.activity_name),
                    text(detail, subtle=True, small=True, spacing="None"),
                ],
            ),
            Column(
                width="auto",
                items=[
                    TextBlock(
                        text=shown,
                        horizontal_alignment="Right",
                        is_subtle=True if cancelled else None,
                        color=colour,
                    )
                ],
            ),
        ],
    )


def plan_card(plan: YearPlan) -> dict[str, Any]:
    """A school's year plan by half-term: each activity's status, days and date, and the totals."""
    summary = plan.summary
    body: list[CardElement] = [
        title(f"Year plan {summary.academic_year}"),
        text(summary.name, bold=True, spacing="Small"),
        text(joined(f"URN {summary.urn}", summary.kind_label), subtle=True, spacing="None"),
        *category_lines(summary),
    ]
    if plan.entries:
        for label, entries in groupby(plan.entries, key=lambda e: e.window_label):
            body.append(heading(label))
            body.extend(entry_row(e) for e in entries)
    else:
        body.append(text("No activities planned yet.", subtle=True, separator=True))
    body += [
        heading("Totals"),
        number_row("Allocated", days(summary.allocated)),
        unplanned_row(summary),
        remaining_row(summary),
    ]
    if summary.over_allocated:
        body.append(
            text(
                f"Over-allocated: {days_words(-summary.remaining)} more used than allocated.",
                bold=True,
                colour="Attention",
            )
        )
    return card(
        body,
        [button(ShowLeft(summary.urn)), button(ShowSchool(summary.urn))],
        summary=f"Year plan {summary.academic_year} for {summary.name}",
    )
