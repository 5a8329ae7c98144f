"""Academic years and their half-terms, as the shipped years file gives them."""

from __future__ import annotations

from datetime import date

import pytest

from eecore.domain.calendar import (
    HALF_TERMS,
    AcademicYear,
    HalfTerm,
    check_window,
    parse_year_label,
    window_label,
    year_label_for,
)
from eecore.domain.errors import CalendarError
from eecore.policy import default_policy_path, load_calendar

CALENDAR = load_calendar(default_policy_path().parent / "academic-years.toml")
YEAR_2025 = CALENDAR.year("2025/26")
YEAR_2026 = CALENDAR.year("2026/27")


def half_terms(*spans: tuple[date, date]) -> tuple[HalfTerm, ...]:
    pairs = zip(HALF_TERMS, spans, strict=True)
    return tuple(HalfTerm(h, first, last) for h, (first, last) in pairs)


GOOD_SPANS = (
    (date(2025, 9, 1), date(2025, 10, 24)),
    (date(2025, 11, 3), date(2025, 12, 19)),
    (date(2026, 1, 5), date(2026, 2, 13)),
    (date(2026, 2, 23), date(2026, 3, 27)),
    (date(2026, 4, 13), date(2026, 5, 22)),
    (date(2026, 6, 1), date(2026, 7, 20)),
)


def test_the_shipped_calendar_has_2025_26_and_2026_27() -> None:
    assert CALENDAR.labels == ("2025/26", "2026/27")


@pytest.mark.parametrize("label", ["2025/26", "2026/27"])
def test_each_shipped_year_has_six_half_terms_in_order_without_overlap(label: str) -> None:
    year = CALENDAR.year(label)
    assert tuple(h.id for h in year.half_terms) == HALF_TERMS
    for earlier, later in zip(year.half_terms, year.half_terms[1:], strict=False):
        assert earlier.first_day <= earlier.last_day < later.first_day <= later.last_day
    assert year_label_for(year.first_day) == label
    assert year_label_for(year.last_day) == label


def test_2025_26_has_the_councils_published_term_dates() -> None:
    assert [(h.first_day, h.last_day) for h in YEAR_2025.half_terms] == list(GOOD_SPANS)


def test_2026_27_is_provisional_and_2025_26_is_not() -> None:
    assert YEAR_2026.provisional
    assert not YEAR_2025.provisional


def test_3_december_2026_is_in_autumn_2_of_2026_27() -> None:
    year = CALENDAR.year_of(date(2026, 12, 3))
    assert year.label == "2026/27"
    half_term = year.half_term_on(date(2026, 12, 3))
    assert half_term is not None
    assert (half_term.id, half_term.label) == ("autumn2", "Autumn 2")


def test_a_half_term_holiday_day_is_in_the_year_but_in_no_half_term() -> None:
    holiday = date(2026, 10, 28)
    year = CALENDAR.year_of(holiday)
    assert year.label == "2026/27"
    assert year.half_term_on(holiday) is None
    assert not year.is_term_time(holiday)
    assert year.is_term_time(date(2026, 10, 23))
    assert year.is_term_time(date(2026, 11, 2))


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2026, 8, 31), "2025/26"),
        (date(2026, 9, 1), "2026/27"),
        (date(2027, 1, 1), "2026/27"),
        (date(2026, 12, 31), "2026/27"),
        (date(2000, 8, 31), "1999/00"),
        (date(1999, 9, 1), "1999/00"),
    ],
)
def test_the_academic_year_runs_from_1_september_to_31_august(day: date, label: str) -> None:
    assert year_label_for(day) == label


@pytest.mark.parametrize("label", ["2026/27", " 2026/27 ", "1999/00"])
def test_a_year_label_of_consecutive_years_is_accepted(label: str) -> None:
    assert parse_year_label(label) == label.strip()


@pytest.mark.parametrize("label", ["2026/28", "2026-27", "26/27", "2026/2027", "2026/26", ""])
def test_a_year_label_that_is_not_consecutive_years_as_yyyy_yy_is_refused(label: str) -> None:
    with pytest.raises(CalendarError, match="write it as 2026/27"):
        parse_year_label(label)


def test_a_year_with_no_term_dates_is_refused_listing_the_known_years() -> None:
    with pytest.raises(CalendarError, match="known years are 2025/26, 2026/27"):
        CALENDAR.year("2030/31")
    with pytest.raises(CalendarError, match="no term dates"):
        CALENDAR.year_of(date(2024, 12, 1))


def test_the_spring_window_runs_from_the_first_day_of_spring_1_to_the_last_of_spring_2() -> None:
    assert YEAR_2025.window_span("spring") == (date(2026, 1, 5), date(2026, 3, 27))


def test_the_unscheduled_window_is_the_whole_year() -> None:
    assert YEAR_2025.window_span("unscheduled") == (date(2025, 9, 1), date(2026, 7, 20))


def test_a_half_term_window_is_that_half_term() -> None:
    assert YEAR_2025.window_span("summer1") == (date(2026, 4, 13), date(2026, 5, 22))


def test_an_unknown_window_is_refused_listing_the_windows() -> None:
    with pytest.raises(CalendarError, match=r"unknown half-term 'autumn3'.*unscheduled"):
        YEAR_2025.window_span("autumn3")
    with pytest.raises(CalendarError):
        check_window("Spring")


def test_a_window_ends_only_once_its_last_day_has_passed() -> None:
    assert not YEAR_2026.window_has_ended("spring1", date(2027, 2, 12))
    assert YEAR_2026.window_has_ended("spring1", date(2027, 2, 13))
    assert not YEAR_2026.window_has_ended("spring", date(2027, 2, 13))
    assert not YEAR_2026.window_has_ended("unscheduled", date(2027, 7, 20))


def test_windows_have_the_labels_people_use() -> None:
    assert window_label("spring1") == "Spring 1"
    assert window_label("summer") == "Summer (either half)"
    assert window_label("unscheduled") == "Not time-tabled"


def test_a_well_formed_year_is_accepted() -> None:
    year = AcademicYear("2025/26", half_terms(*GOOD_SPANS))
    assert (year.first_day, year.last_day) == (date(2025, 9, 1), date(2026, 7, 20))


def test_overlapping_half_terms_are_refused() -> None:
    spans = list(GOOD_SPANS)
    spans[3] = (date(2026, 2, 13), date(2026, 3, 27))  # spring 2 starts on spring 1's last day
    with pytest.raises(CalendarError, match="Spring 2 starts before Spring 1 ends"):
        AcademicYear("2025/26", half_terms(*spans))


def test_half_terms_with_dates_out_of_order_are_refused() -> None:
    spans = list(GOOD_SPANS)
    spans[1], spans[2] = spans[2], spans[1]
    with pytest.raises(CalendarError, match="Spring 1 starts before Autumn 2 ends"):
        AcademicYear("2025/26", half_terms(*spans))


def test_half_terms_named_out_of_order_are_refused() -> None:
    terms = list(half_terms(*GOOD_SPANS))
    terms[0], terms[1] = terms[1], terms[0]
    with pytest.raises(CalendarError, match="needs the six half-terms"):
        AcademicYear("2025/26", tuple(terms))


def test_a_year_missing_a_half_term_is_refused() -> None:
    with pytest.raises(CalendarError, match="needs the six half-terms"):
        AcademicYear("2025/26", half_terms(*GOOD_SPANS)[:5])


def test_a_half_term_that_ends_before_it_starts_is_refused() -> None:
    spans = list(GOOD_SPANS)
    spans[4] = (date(2026, 5, 22), date(2026, 4, 13))
    with pytest.raises(CalendarError, match="Summer 1 ends before it starts"):
        AcademicYear("2025/26", half_terms(*spans))


def test_a_year_with_a_malformed_label_is_refused() -> None:
    with pytest.raises(CalendarError):
        AcademicYear("2025-26", half_terms(*GOOD_SPANS))



def test_a_year_whose_dates_belong_to_another_year_is_refused() -> None:
    published = load_calendar(default_policy_path().parent / "academic-years.toml")
    shifted = tuple(
        HalfTerm(
            h.id,
            h.first_day.replace(year=h.first_day.year + 1),
            h.last_day.replace(year=h.last_day.year + 1),
        )
        for h in published.year("2025/26").half_terms
    )
    with pytest.raises(CalendarError, match="must fall between August 2025 and August 2026"):
        AcademicYear("2025/26", shifted)
