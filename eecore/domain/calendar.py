"""Academic years: six half-terms with first and last days, and the windows of the plans."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from eecore.domain.errors import CalendarError

HALF_TERMS: tuple[str, ...] = ("autumn1", "autumn2", "spring1", "spring2", "summer1", "summer2")
TERMS: dict[str, tuple[str, str]] = {
    "autumn": ("autumn1", "autumn2"),
    "spring": ("spring1", "spring2"),
    "summer": ("summer1", "summer2"),
}
UNSCHEDULED = "unscheduled"
"""The window of activity that is not time-tabled: agreed between the head and the advisor."""

WINDOWS: tuple[str, ...] = (*HALF_TERMS, *TERMS, UNSCHEDULED)

_LABELS = {
    "autumn1": "Autumn 1",
    "autumn2": "Autumn 2",
    "spring1": "Spring 1",
    "spring2": "Spring 2",
    "summer1": "Summer 1",
    "summer2": "Summer 2",
    "autumn": "Autumn (either half)",
    "spring": "Spring (either half)",
    "summer": "Summer (either half)",
    UNSCHEDULED: "Not time-tabled",
}

_YEAR_LABEL = re.compile(r"^(\d{4})/(\d{2})$")


def window_label(window: str) -> str:
    """A window as people say it: 'Spring 1', 'Summer (either half)', 'Not time-tabled'."""
    return _LABELS[window]


def check_window(window: str) -> str:
    """The window, or CalendarError naming the ones that exist."""
    if window not in WINDOWS:
        raise CalendarError(f"unknown half-term {window!r}: use one of {', '.join(WINDOWS)}")
    return window


def year_label_for(day: date) -> str:
    """The academic year a day belongs to: 1 September to 31 August, as '2026/27'."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def parse_year_label(label: str) -> str:
    """A year label such as '2026/27', checked for shape and for consecutive years."""
    match = _YEAR_LABEL.match(label.strip())
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise CalendarError(f"{label!r} is not an academic year: write it as 2026/27")
    return label.strip()


@dataclass(frozen=True)
class HalfTerm:
    """One half-term of one academic year."""

    id: str
    first_day: date
    last_day: date

    @property
    def label(self) -> str:
        return window_label(self.id)

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


@dataclass(frozen=True)
class AcademicYear:
    """An academic year as the council publishes it: six half-terms in order."""

    label: str
    half_terms: tuple[HalfTerm, ...]
    provisional: bool = False
    note: str = ""

    def __post_init__(self) -> None:
        parse_year_label(self.label)
        ids = tuple(h.id for h in self.half_terms)
        if ids != HALF_TERMS:
            raise CalendarError(
                f"academic year {self.label}: needs the six half-terms {', '.join(HALF_TERMS)} "
                f"in order, got {', '.join(ids) or 'none'}"
            )
        previous: HalfTerm | None = None
        for half_term in self.half_terms:
            if half_term.last_day < half_term.first_day:
                raise CalendarError(
                    f"academic year {self.label}: {half_term.label} ends before it starts"
                )
            if previous and half_term.first_day <= previous.last_day:
                raise CalendarError(
                    f"academic year {self.label}: {half_term.label} starts before "
                    f"{previous.label} ends"
                )
            previous = half_term
        start = int(self.label[:4])
        if self.first_day < date(start, 8, 1) or self.last_day > date(start + 1, 8, 31):
            raise CalendarError(
                f"academic year {self.label}: its half-terms must fall between August {start} "
                f"and August {start + 1}, but run from {self.first_day} to {self.last_day}"
            )

    @property
    def first_day(self) -> date:
        return self.half_terms[0].first_day

    @property
    def last_day(self) -> date:
        return self.half_terms[-1].last_day

    def half_term(self, half_term_id: str) -> HalfTerm:
        for half_term in self.half_terms:
            if half_term.id == half_term_id:
                return half_term
        raise CalendarError(f"unknown half-term {half_term_id!r}")

    def window_span(self, window: str) -> tuple[date, date]:
        """First and last day of a window: a half-term, a term, or the whole year if unscheduled."""
        check_window(window)
        if window == UNSCHEDULED:
            return self.first_day, self.last_day
        halves = TERMS.get(window, (window, window))
        return self.half_term(halves[0]).first_day, self.half_term(halves[1]).last_day

    def window_has_ended(self, window: str, on: date) -> bool:
        """True once the last day of the window has passed."""
        return self.window_span(window)[1] < on

    def half_term_on(self, day: date) -> HalfTerm | None:
        """The half-term a day falls in, or None in a holiday or outside the year."""
        for half_term in self.half_terms:
            if half_term.contains(day):
                return half_term
        return None

    def is_term_time(self, day: date) -> bool:
        return self.half_term_on(day) is not None


@dataclass(frozen=True)
class Calendar:
    """The academic years a council has published (or provisionally set)."""

    years: tuple[AcademicYear, ...]

    def year(self, label: str) -> AcademicYear:
        parse_year_label(label)
        for year in self.years:
            if year.label == label:
                return year
        known = ", ".join(y.label for y in self.years)
        raise CalendarError(f"no term dates for academic year {label}: known years are {known}")

    def year_of(self, day: date) -> AcademicYear:
        """The academic year containing a day (1 September to 31 August)."""
        return self.year(year_label_for(day))

    @property
    def labels(self) -> Sequence[str]:
        return tuple(y.label for y in self.years)
