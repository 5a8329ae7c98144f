"""Category assignments: each agreed category with when, by whom and why; never overwritten."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class CategoryAssignment:
    """One agreed category for an establishment from an effective date."""

    urn: str
    category: str
    effective_from: date
    agreed_by: str
    rationale: str
    recorded_at: datetime
    evidence: str = ""
    id: int | None = None


def category_on(history: Iterable[CategoryAssignment], day: date) -> CategoryAssignment | None:
    """The assignment in force on a day: the latest effective on or before it.

    Of two effective the same day, the one recorded last wins.
    """
    in_force = [a for a in history if a.effective_from <= day]
    if not in_force:
        return None
    return max(in_force, key=lambda a: (a.effective_from, a.recorded_at))
