"""The reminder rules: when each kind falls due, school days, quiet hours, weekends, holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from eecore.domain.reminders import (
    PlannedReminder,
    ReminderKind,
    ReminderRules,
)
from eecore.policy import load_policy

LONDON = ZoneInfo("Europe/London")
RULES = ReminderRules(load_policy().calendar)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


# School days ------------------------------------------------------------------------------


def test_school_days_are_weekdays_inside_a_half_term() -> None:
    assert RULES.is_school_day(date(2026, 10, 23))  # Friday, last day of Autumn 1
    assert not RULES.is_school_day(date(2026, 10, 24))  # Saturday
    assert not RULES.is_school_day(date(2026, 10, 26))  # Monday of the half-term holiday
    assert RULES.is_school_day(date(2026, 11, 2))  # first day of Autumn 2
    assert not RULES.is_school_day(date(2026, 12, 21))  # Christmas holiday
    assert not RULES.is_school_day(date(2027, 8, 2))  # summer holiday


def test_a_year_without_term_dates_counts_weekdays() -> None:
    assert RULES.is_school_day(date(2028, 3, 1))  # a Wednesday in an unknown year
    assert not RULES.is_school_day(date(2028, 3, 4))  # a Saturday


def test_counting_school_days_skips_the_half_term_holiday() -> None:
    # Friday 23 October 2026 is the last day of Autumn 1; the holiday runs to 1 November.
    assert RULES.add_school_days(date(2026, 10, 23), 3) == date(2026, 11, 4)
    assert RULES.add_school_days(date(2026, 10, 23), 5) == date(2026, 11, 6)
    assert RULES.add_school_days(date(2026, 12, 3), 3) == date(2026, 12, 8)  # over a weekend
    assert RULES.add_school_days(date(2026, 10, 24), 1) == date(2026, 11, 2)  # from a Saturday


# Quiet hours, weekends and holidays -------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (local(2026, 12, 3, 10), local(2026, 12, 3, 10)),  # a school day, working hours
        (local(2026, 12, 3, 8), local(2026, 12, 3, 8)),  # 08:00 is allowed
        (local(2026, 12, 3, 17, 59), local(2026, 12, 3, 17, 59)),
        (local(2026, 12, 3, 18), local(2026, 12, 4, 8)),  # quiet from 18:00
        (local(2026, 12, 3, 22, 30), local(2026, 12, 4, 8)),
        (local(2026, 12, 3, 6), local(2026, 12, 3, 8)),  # before 08:00: later the same day
        (local(2026, 12, 4, 19), local(2026, 12, 7, 8)),  # Friday evening → Monday
    ],
)
def test_quiet_hours_defer_to_the_next_allowed_moment(moment: datetime, expected: datetime) -> None:
    assert RULES.next_allowed(moment) == utc(expected)
    assert RULES.next_allowed(moment).tzinfo == UTC


def test_weekends_defer_to_monday_morning() -> None:
    assert RULES.next_allowed(local(2026, 12, 5, 11)) == utc(local(2026, 12, 7, 8))
    assert RULES.next_allowed(local(2026, 12, 6, 7)) == utc(local(2026, 12, 7, 8))


def test_holidays_defer_to_the_first_school_day_after() -> None:
    # Half-term: back on Monday 2 November. Christmas: back on Monday 4 January.
    assert RULES.next_allowed(local(2026, 10, 28, 12)) == utc(local(2026, 11, 2, 8))
    assert RULES.next_allowed(local(2026, 12, 18, 18, 30)) == utc(local(2027, 1, 4, 8))
    assert RULES.next_allowed(local(2026, 12, 25, 9)) == utc(local(2027, 1, 4, 8))


def test_quiet_hours_can_be_configured_but_must_run_overnight() -> None:
    late = ReminderRules(RULES.calendar, quiet_start=time(20, 0), quiet_end=time(9, 0))
    assert late.next_allowed(local(2026, 12, 3, 19)) == utc(local(2026, 12, 3, 19))
    assert late.next_allowed(local(2026, 12, 3, 8, 30)) == utc(local(2026, 12, 3, 9))
    with pytest.raises(ValueError, match="overnight"):
        ReminderRules(RULES.calendar, quiet_start=time(8, 0), quiet_end=time(18, 0))


def test_times_are_kept_in_utc_across_the_clock_change() -> None:
    # 10:00 on 23 October is BST (09:00 UTC); 10:00 on 4 November is GMT (10:00 UTC).
    [head, advisor] = RULES.proposal_reminders(
        activity_id=7, sent_at=local(2026, 10, 23, 10), heads=[1], advisors=[2]
    )
    assert head.due_at == datetime(2026, 11, 4, 10, tzinfo=UTC)
    assert advisor.due_at == datetime(2026, 11, 6, 10, tzinfo=UTC)


# The rules --------------------------------------------------------------------------------


def test_an_unconfirmed_proposal_chases_the_head_after_3_and_the_advisor_after_5_days() -> None:
    plans = RULES.proposal_reminders(
        activity_id=7, sent_at=local(2026, 10, 23, 10), heads=[1, 1, 3], advisors=[2], urn="1"
    )
    assert [(p.kind, p.person_id, p.due_at) for p in plans] == [
        (ReminderKind.PROPOSAL_UNCONFIRMED_HEAD, 1, utc(local(2026, 11, 4, 10))),
        (ReminderKind.PROPOSAL_UNCONFIRMED_HEAD, 3, utc(local(2026, 11, 4, 10))),
        (ReminderKind.PROPOSAL_UNCONFIRMED_ADVISOR, 2, utc(local(2026, 11, 6, 10))),
    ]
    assert plans[0].key == "proposal_unconfirmed_head:7:1:2026-11-04"
    assert plans[0].urn == "1"


def test_a_proposal_sent_in_the_evening_is_chased_the_next_morning() -> None:
    # Thursday 3 December 19:00 → Tuesday 8 December 19:00 is quiet → Wednesday 08:00.
    [head] = RULES.proposal_reminders(
        activity_id=7, sent_at=local(2026, 12, 3, 19), heads=[1], advisors=[]
    )
    assert head.due_at == utc(local(2026, 12, 9, 8))


def test_a_visit_is_announced_7_days_and_1_day_before_to_everyone_attending() -> None:
    plans = RULES.visit_reminders(
        activity_id=9,
        starts_at=utc(local(2026, 12, 10, 14)),
        attendees=[1, 2, 2],
        now=utc(local(2026, 11, 20, 9)),
    )
    assert [(p.kind, p.person_id, p.due_at) for p in plans] == [
        (ReminderKind.VISIT_UPCOMING_7D, 1, utc(local(2026, 12, 3, 14))),
        (ReminderKind.VISIT_UPCOMING_7D, 2, utc(local(2026, 12, 3, 14))),
        (ReminderKind.VISIT_UPCOMING_1D, 1, utc(local(2026, 12, 9, 14))),
        (ReminderKind.VISIT_UPCOMING_1D, 2, utc(local(2026, 12, 9, 14))),
    ]
    assert plans[2].key == "visit_upcoming_1d:9:1:2026-12-09"


def test_a_monday_visits_reminder_of_the_day_before_comes_on_monday_morning() -> None:
    plans = RULES.visit_reminders(
        activity_id=9,
        starts_at=utc(local(2026, 12, 7, 10)),
        attendees=[1],
        now=utc(local(2026, 11, 20, 9)),
    )
    assert [(p.kind, p.due_at) for p in plans] == [
        (ReminderKind.VISIT_UPCOMING_7D, utc(local(2026, 11, 30, 10))),
        (ReminderKind.VISIT_UPCOMING_1D, utc(local(2026, 12, 7, 8))),
    ]
    assert plans[1].key.endswith(":2026-12-06")  # the day it is about, before deferral


def test_visit_reminders_already_past_or_pushed_to_the_visit_are_left_out() -> None:
    # Booked on 5 December for 10 December: the 7-day reminder would have been on the 3rd.
    late = RULES.visit_reminders(
        activity_id=9,
        starts_at=utc(local(2026, 12, 10, 14)),
        attendees=[1],
        now=utc(local(2026, 12, 5, 9)),
    )
    assert [p.kind for p in late] == [ReminderKind.VISIT_UPCOMING_1D]
    # A 07:30 Monday meeting: Sunday 07:30 would defer to 08:00 Monday, after it starts.
    early = RULES.visit_reminders(
        activity_id=9,
        starts_at=utc(local(2026, 12, 7, 7, 30)),
        attendees=[1],
        now=utc(local(2026, 11, 20, 9)),
    )
    assert [p.kind for p in early] == [ReminderKind.VISIT_UPCOMING_7D]
    # The first day back after Christmas: both would land at 08:00 that day; only one is kept.
    back = RULES.visit_reminders(
        activity_id=9,
        starts_at=utc(local(2027, 1, 4, 10)),
        attendees=[1],
        now=utc(local(2026, 12, 1, 9)),
    )
    assert [(p.kind, p.due_at) for p in back] == [
        (ReminderKind.VISIT_UPCOMING_1D, utc(local(2027, 1, 4, 8)))
    ]


def test_a_visit_without_an_agreed_time_is_taken_to_start_at_nine() -> None:
    assert RULES.visit_start(date(2026, 12, 10), None) == utc(local(2026, 12, 10, 9))
    assert RULES.visit_start(date(2026, 12, 10), time(13, 30)) == utc(local(2026, 12, 10, 13, 30))


def test_a_report_is_overdue_10_days_after_delivery() -> None:
    [thursday] = RULES.report_overdue_reminders(
        activity_id=9, delivered_on=date(2026, 11, 19), advisors=[2]
    )
    assert thursday.kind == ReminderKind.REPORT_OVERDUE
    assert thursday.due_at == utc(local(2026, 11, 30, 8))  # the 29th is a Sunday
    assert thursday.key == "report_overdue:9:2:2026-11-30"
    [holiday] = RULES.report_overdue_reminders(
        activity_id=9, delivered_on=date(2026, 12, 10), advisors=[2]
    )
    assert holiday.due_at == utc(local(2027, 1, 4, 8))  # the 20th is in the holiday


def test_the_weekly_digest_is_monday_at_eight() -> None:
    digest = RULES.next_digest(2, utc(local(2026, 12, 2, 12)))
    assert digest is not None
    assert digest.kind == ReminderKind.WEEKLY_DIGEST
    assert digest.due_at == utc(local(2026, 12, 7, 8))
    assert digest.key == "weekly_digest:-:2:2026-12-07"
    same_day = RULES.next_digest(2, utc(local(2026, 12, 7, 7)))
    assert same_day is not None and same_day.due_at == utc(local(2026, 12, 7, 8))


def test_there_is_no_digest_in_a_holiday_week() -> None:
    digest = RULES.next_digest(2, utc(local(2026, 12, 18, 12)))
    assert digest is not None and digest.due_at == utc(local(2027, 1, 4, 8))
    assert RULES.digest_due(date(2026, 10, 28)) is None  # half-term week


def test_a_reminders_key_is_what_makes_it_one() -> None:
    due = utc(local(2026, 12, 9, 14))
    first = PlannedReminder(ReminderKind.VISIT_UPCOMING_1D, 1, due, activity_id=9)
    again = PlannedReminder(ReminderKind.VISIT_UPCOMING_1D, 1, due, activity_id=9)
    assert first.key == again.key == "visit_upcoming_1d:9:1:2026-12-09"
    with pytest.raises(ValueError, match="aware"):
        PlannedReminder(ReminderKind.VISIT_UPCOMING_1D, 1, datetime(2026, 12, 9, 14))
