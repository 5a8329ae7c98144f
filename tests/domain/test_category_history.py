"""Category history: the category in force on a day, from assignments never overwritten."""

from __future__ import annotations

from datetime import date, datetime

from eecore.domain.categories import CategoryAssignment, category_on
from tests.domain.builders import URN


def assigned(category: str, effective: date, recorded: datetime) -> CategoryAssignment:
    return CategoryAssignment(URN, category, effective, "hos", "agreed at TAS", recorded)


B1_SEPTEMBER = assigned("B1", date(2026, 9, 1), datetime(2026, 7, 10, 9, 0))
C_JANUARY = assigned("C", date(2027, 1, 20), datetime(2027, 1, 19, 16, 0))
HISTORY = [C_JANUARY, B1_SEPTEMBER]  # recorded order need not be effective order


def test_there_is_no_category_before_the_first_assignment_takes_effect() -> None:
    assert category_on(HISTORY, date(2026, 8, 31)) is None
    assert category_on([], date(2027, 1, 1)) is None


def test_an_assignment_is_in_force_from_its_effective_date() -> None:
    assert category_on(HISTORY, date(2026, 9, 1)) == B1_SEPTEMBER
    assert category_on(HISTORY, date(2027, 1, 19)) == B1_SEPTEMBER
    assert category_on(HISTORY, date(2027, 1, 20)) == C_JANUARY


def test_the_latest_effective_assignment_wins_even_if_recorded_earlier() -> None:
    backdated = assigned("B2", date(2026, 11, 1), datetime(2027, 2, 1, 12, 0))
    history = [*HISTORY, backdated]
    assert category_on(history, date(2026, 12, 1)) == backdated
    assert category_on(history, date(2027, 3, 1)) == C_JANUARY


def test_of_two_assignments_effective_the_same_day_the_later_recorded_wins() -> None:
    correction = assigned("B2", date(2027, 1, 20), datetime(2027, 1, 21, 10, 0))
    assert category_on([correction, *HISTORY], date(2027, 1, 20)) == correction
    assert category_on([*HISTORY, correction], date(2027, 2, 1)) == correction
