"""The allocation ledger: allocated, delivered, booked, planned and left, derived each time."""

from __future__ import annotations

from datetime import date, datetime

from eecore.domain.ledger import Adjustment, PlannedActivity, Status, plan_activities
from eecore.domain.policy import DayCost
from tests.domain.builders import POLICY, URN, YEAR_2026, d, summary

TODAY = date(2026, 12, 3)
"""Autumn 2 of 2026/27."""


def b1_year() -> list[PlannedActivity]:
    """A B1 school's 2026/27 plan, nothing done yet (9.5 days)."""
    return plan_activities(POLICY.plan_for("la_school", "B1"), URN, YEAR_2026, "B1")


def find(activities: list[PlannedActivity], activity: str, window: str) -> PlannedActivity:
    return next(a for a in activities if (a.activity, a.window) == (activity, window))


def adjustment(days: str, year: str = "2026/27") -> Adjustment:
    return Adjustment(URN, year, d(days), "extra support agreed", "hos", datetime(2026, 11, 1))


def test_a_plan_gives_one_planned_activity_per_item() -> None:
    plan = POLICY.plan_for("la_school", "B1")
    activities = plan_activities(plan, URN, YEAR_2026, "B1")
    assert len(activities) == len(plan.items) == 8
    for activity, item in zip(activities, plan.items, strict=True):
        assert (activity.activity, activity.window, activity.planned) == (
            item.activity, item.window, item.cost
        )
        assert (activity.month, activity.note) == (item.month, item.note)
        assert activity.status == Status.PLANNED
        assert (activity.urn, activity.academic_year, activity.category) == (URN, "2026/27", "B1")


def test_a_plan_limited_to_some_windows_gives_only_their_items() -> None:
    plan = POLICY.plan_for("la_school", "B1")
    activities = plan_activities(plan, URN, YEAR_2026, "B1", windows=["summer"])
    assert [(a.activity, a.window) for a in activities] == [
        ("core_visit", "summer"), ("tas_meeting", "summer"), ("review", "summer")
    ]


def test_a_fresh_plan_has_everything_planned_and_nothing_unplanned() -> None:
    result = summary(b1_year(), allocation="9.5", today=TODAY)
    assert (result.allocated, result.delivered, result.booked, result.planned) == (
        d("9.5"), d("0"), d("0"), d("9.5")
    )
    assert (result.remaining, result.unplanned, result.over_allocated) == (d("9.5"), d("0"), False)


def test_delivered_counts_the_days_actually_used_not_the_days_planned() -> None:
    activities = b1_year()
    find(activities, "autumn_conversation", "autumn1").deliver(
        date(2026, 10, 5), DayCost(prep=d("0.5"), visit=d("0.5"), write_up=d("0.5"))
    )
    result = summary(activities, allocation="9.5", today=TODAY)
    assert result.delivered == d("1.5")
    assert result.planned == d("7.5")
    assert result.remaining == d("8")
    assert result.unplanned == d("0.5")


def test_delivering_without_saying_the_days_uses_the_planned_days() -> None:
    activities = b1_year()
    conversation = find(activities, "autumn_conversation", "autumn1")
    conversation.deliver(date(2026, 10, 5))
    assert conversation.used_days == d("2")
    assert conversation.when == date(2026, 10, 5)
    assert summary(activities, allocation="9.5", today=TODAY).delivered == d("2")


def test_booked_days_count_as_booked_not_planned() -> None:
    activities = b1_year()
    find(activities, "tas_meeting", "autumn2").book(date(2026, 12, 10))
    result = summary(activities, allocation="9.5", today=TODAY)
    assert (result.booked, result.planned, result.remaining, result.unplanned) == (
        d("0.5"), d("9"), d("9.5"), d("0")
    )


def test_adjustments_for_the_year_add_to_the_allocation() -> None:
    adjustments = [adjustment("1"), adjustment("-0.25"), adjustment("2", year="2025/26")]
    result = summary(b1_year(), allocation="9.5", today=TODAY, adjustments=adjustments)
    assert result.adjustments == d("0.75")
    assert result.allocated == d("10.25")
    assert result.remaining == d("10.25")
    assert result.unplanned == d("0.75")


def test_unplanned_is_allocated_less_delivered_booked_and_planned() -> None:
    activities = b1_year()
    find(activities, "autumn_conversation", "autumn1").deliver(date(2026, 10, 5), DayCost(d("3")))
    find(activities, "tas_meeting", "autumn2").book(date(2026, 12, 10))
    result = summary(activities, allocation="9.5", today=TODAY, adjustments=[adjustment("1")])
    assert (result.allocated, result.delivered, result.booked, result.planned) == (
        d("10.5"), d("3"), d("0.5"), d("7")
    )
    assert result.remaining == d("7.5")
    assert result.unplanned == d("0")


def test_delivering_more_than_the_allocation_is_over_allocated() -> None:
    activities = b1_year()
    for activity in activities:
        activity.deliver(date(2026, 11, 20))
    exact = summary(activities, allocation="9.5", today=TODAY)
    assert (exact.remaining, exact.over_allocated) == (d("0"), False)
    activities[0].deliver(date(2026, 10, 5), DayCost(visit=d("2.25")))
    over = summary(activities, allocation="9.5", today=TODAY)
    assert over.delivered == d("9.75")
    assert (over.remaining, over.over_allocated) == (d("-0.25"), True)


def test_cancelled_and_superseded_activities_do_not_count() -> None:
    activities = b1_year()
    cancelled = find(activities, "review", "spring")
    cancelled.cancel("the school asked to move it to summer")
    superseded = find(activities, "review", "summer")
    superseded.status = Status.SUPERSEDED
    delivered_then_cancelled = find(activities, "autumn_conversation", "autumn1")
    delivered_then_cancelled.deliver(date(2026, 10, 5))
    delivered_then_cancelled.cancel("recorded against the wrong school")
    result = summary(activities, allocation="9.5", today=TODAY)
    assert (result.delivered, result.planned, result.unplanned) == (d("0"), d("3.5"), d("6"))
    listed = {(u.activity, u.window) for u in (*result.upcoming, *result.overdue)}
    assert ("review", "spring") not in listed
    assert ("review", "summer") not in listed
    assert ("autumn_conversation", "autumn1") not in listed


def test_activities_of_another_year_do_not_count() -> None:
    other_year = plan_activities(
        POLICY.plan_for("la_school", "C"), URN, POLICY.calendar.year("2025/26"), "C"
    )
    result = summary([*b1_year(), *other_year], allocation="9.5", today=TODAY)
    assert result.planned == d("9.5")


def test_cancelling_a_booked_activity_gives_its_days_back() -> None:
    activities = b1_year()
    review = find(activities, "review", "spring")
    review.book(date(2027, 2, 3))
    before = summary(activities, allocation="9.5", today=TODAY)
    review.cancel("head off sick")
    after = summary(activities, allocation="9.5", today=TODAY)
    assert (before.booked, before.unplanned) == (d("2"), d("0"))
    assert (after.booked, after.planned, after.unplanned) == (d("0"), d("7.5"), d("2"))
    assert after.remaining == before.remaining == d("9.5")
    assert (review.status, review.reason, review.version) == (Status.CANCELLED, "head off sick", 3)


def test_upcoming_is_ordered_by_date_or_window_start_and_ended_windows_are_overdue() -> None:
    activities = b1_year()
    find(activities, "core_visit", "spring").book(date(2027, 2, 1))
    extra = PlannedActivity(
        URN, "2026/27", "focused_support", "unscheduled", DayCost(visit=d("0.5"))
    )
    activities.insert(0, extra)
    result = summary(activities, allocation="10", today=TODAY)
    assert [(u.activity, u.window, u.status, u.date) for u in result.upcoming] == [
        ("tas_meeting", "autumn2", "planned", None),
        ("tas_meeting", "spring", "planned", None),
        ("review", "spring", "planned", None),
        ("core_visit", "spring", "booked", date(2027, 2, 1)),
        ("core_visit", "summer", "planned", None),
        ("tas_meeting", "summer", "planned", None),
        ("review", "summer", "planned", None),
        ("focused_support", "unscheduled", "planned", None),
    ]
    assert [(o.activity, o.window, o.status) for o in result.overdue] == [
        ("autumn_conversation", "autumn1", "planned")
    ]


def test_a_booked_date_that_has_passed_without_delivery_is_overdue() -> None:
    activities = b1_year()
    find(activities, "tas_meeting", "autumn2").book(date(2026, 12, 1))
    find(activities, "review", "spring").book(TODAY)
    result = summary(activities, allocation="9.5", today=TODAY)
    assert ("tas_meeting", "booked", date(2026, 12, 1)) in [
        (o.activity, o.status, o.date) for o in result.overdue
    ]
    assert (result.upcoming[0].activity, result.upcoming[0].date) == ("review", TODAY)


def test_delivered_activities_are_neither_upcoming_nor_overdue() -> None:
    activities = b1_year()
    find(activities, "autumn_conversation", "autumn1").deliver(date(2026, 10, 5))
    result = summary(activities, allocation="9.5", today=TODAY)
    assert result.overdue == ()
    assert "autumn_conversation" not in [u.activity for u in result.upcoming]


def test_an_upcoming_entry_shows_the_booked_date_the_names_and_the_days() -> None:
    activities = b1_year()
    review = find(activities, "review", "spring")
    review.id = 42
    review.book(date(2027, 1, 14))
    result = summary(activities, allocation="9.5", today=TODAY)
    entry = next(u for u in result.upcoming if u.id == 42)
    assert entry.date == date(2027, 1, 14)
    assert entry.status == "booked"
    assert entry.activity_name == "Review"
    assert entry.window_label == "Spring (either half)"
    assert entry.days == d("2")


def test_booking_and_delivering_move_the_status_and_version_on() -> None:
    activity = b1_year()[0]
    assert (activity.status, activity.version, activity.when) == (Status.PLANNED, 1, None)
    activity.book(date(2026, 10, 1))
    assert (activity.status, activity.version, activity.when) == (
        Status.BOOKED, 2, date(2026, 10, 1)
    )
    activity.deliver(date(2026, 10, 2))
    assert (activity.status, activity.version, activity.when) == (
        Status.DELIVERED, 3, date(2026, 10, 2)
    )
    assert Status.DELIVERED.counts and not Status.CANCELLED.counts
    assert not Status.SUPERSEDED.counts
