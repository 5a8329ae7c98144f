"""Shared builders for the domain tests: the shipped policy, its years and a summary helper."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from eecore.domain.ledger import Adjustment, AllocationSummary, PlannedActivity, summarise
from eecore.policy import load_policy

POLICY = load_policy()
YEAR_2025 = POLICY.calendar.year("2025/26")
YEAR_2026 = POLICY.calendar.year("2026/27")
URN = "104000"


def d(text: str) -> Decimal:
    """A Decimal from its text, so expected numbers read as the strategy writes them."""
    return Decimal(text)


def summary(
    activities: Iterable[PlannedActivity],
    *,
    allocation: str,
    today: date,
    category: str | None = "B1",
    adjustments: Iterable[Adjustment] = (),
) -> AllocationSummary:
    """The 2026/27 summary of one LA school from its ledger entries."""
    return summarise(
        urn=URN,
        name="Example Primary School",
        kind="la_school",
        kind_label="LA maintained school",
        category=category,
        categorised=True,
        year=YEAR_2026,
        base_allocation=d(allocation),
        activities=activities,
        adjustments=adjustments,
        activity_names={a.id: a.name for a in POLICY.activities.values()},
        today=today,
    )
