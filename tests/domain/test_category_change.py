"""The category-change rule: delivered stays, work still to come follows the new category."""

from __future__ import annotations

from datetime import date

from eecore.domain.ledger import (
    PlannedActivity,
    Replan,
    Status,
    plan_activities,
    replan_for_category_change,
    windows_still_to_come,
)
from eecore.domain.policy import DayCost, Plan, PlanItem
from tests.domain.builders import POLICY, URN, YEAR_2026, d, summary

SPRING_1_DAY = date(2027, 1, 20)
"""A day in Spring 1 of 2026/27."""


def year_plan(category: str) -> list[PlannedActivity]:
    return plan_activities(POLICY.plan_for("la_school", category), URN, YEAR_2026, category)


def find(activities: list[PlannedActivity], activity: str, window: str) -> PlannedActivity:
    return next(a for a in activities if (a.activity, a.window) == (activity, window))


def change_to(category: str, existing: list[PlannedActivity], on: date) -> Replan:
    return replan_for_category_change(
        existing, POLICY.plan_for("la_school", category), YEAR_2026, on, category
    )


def applied(existing: list[PlannedActivity], replan: Replan) -> list[PlannedActivity]:
    """The ledger after the replan: superseded marked, new activities added."""
    for activity in replan.superseded:
        activity.status = Status.SUPERSEDED
    return [*existing, *replan.added]


def slots(activities: list[PlannedActivity]) -> list[tuple[str, str]]:
    return [(a.activity, a.window) for a in activities]


def test_windows_still_to_come_include_the_current_half_term_its_term_and_unscheduled() -> None:
    assert windows_still_to_come(YEAR_2026, SPRING_1_DAY) == [
        "spring1", "spring2", "summer1", "summer2", "spring", "summer", "unscheduled"
    ]


def test_a_half_term_is_still_to_come_on_its_last_day_but_not_the_day_after() -> None:
    assert "spring1" in windows_still_to_come(YEAR_2026, date(2027, 2, 12))
    after = windows_still_to_come(YEAR_2026, date(2027, 2, 13))
    assert "spring1" not in after
    assert "spring" in after


def b1_school_in_spring_1() -> tuple[list[PlannedActivity], dict[str, PlannedActivity]]:
    """A B1 school on 20 January 2027: autumn conversation delivered, Autumn 2 TAS never done,
    the spring TAS booked, and a review booked for Spring 2 outside the B1 plan."""
    ledger = year_plan("B1")
    conversation = find(ledger, "autumn_conversation", "autumn1")
    conversation.deliver(date(2026, 10, 8))
    spring_tas = find(ledger, "tas_meeting", "spring")
    spring_tas.book(date(2027, 2, 4))
    spring2_review = PlannedActivity(
        URN, "2026/27", "review", "spring2", DayCost(d("0.5"), d("1"), d("0.5")), category="B1"
    )
    spring2_review.book(date(2027, 3, 2))
    ledger.append(spring2_review)
    named = {
        "conversation": conversation,
        "autumn2 tas": find(ledger, "tas_meeting", "autumn2"),
        "spring tas": spring_tas,
        "spring2 review": spring2_review,
    }
    return ledger, named


def test_b1_to_c_in_spring_1_supersedes_the_planned_activities_still_to_come() -> None:
    ledger, _ = b1_school_in_spring_1()
    replan = change_to("C", ledger, SPRING_1_DAY)
    assert slots(replan.superseded) == [
        ("core_visit", "spring"),
        ("review", "spring"),
        ("core_visit", "summer"),
        ("tas_meeting", "summer"),
        ("review", "summer"),
    ]
    assert all(a.status == Status.PLANNED for a in replan.superseded)


def test_b1_to_c_in_spring_1_adds_the_c_plan_from_spring_1_on_less_what_is_booked() -> None:
    ledger, _ = b1_school_in_spring_1()
    replan = change_to("C", ledger, SPRING_1_DAY)
    # The spring TAS meeting booked for 4 February (Spring 1) covers C's Spring 1 meeting, and
    # the Spring 2 review booked for 2 March covers C's Spring 2 review.
    assert slots(replan.added) == [
        ("core_visit", "spring1"),
        ("tas_meeting", "spring2"),
        ("core_visit", "summer1"),
        ("tas_meeting", "summer1"),
        ("review", "summer1"),
        ("tas_meeting", "summer2"),
        ("status_check", "summer2"),
    ]
    for added in replan.added:
        assert (added.urn, added.academic_year, added.category) == (URN, "2026/27", "C")
        assert added.status == Status.PLANNED


def test_b1_to_c_keeps_a_booked_activity_that_matches_a_new_item_and_does_not_duplicate_it(
) -> None:
    ledger, named = b1_school_in_spring_1()
    replan = change_to("C", ledger, SPRING_1_DAY)
    assert named["spring2 review"] not in replan.superseded
    after = applied(ledger, replan)
    spring2_reviews = [a for a in after if (a.activity, a.window) == ("review", "spring2")]
    assert spring2_reviews == [named["spring2 review"]]
    assert named["spring2 review"].status == Status.BOOKED


def test_b1_to_c_a_booked_activity_planned_for_a_term_covers_the_half_term_of_its_date() -> None:
    ledger, named = b1_school_in_spring_1()
    replan = change_to("C", ledger, SPRING_1_DAY)
    assert named["spring tas"] not in replan.superseded
    assert named["spring tas"].status == Status.BOOKED
    assert ("tas_meeting", "spring1") not in slots(replan.added)
    assert ("tas_meeting", "spring2") in slots(replan.added)


def test_delivered_work_in_the_current_half_term_is_not_planned_again() -> None:
    ledger = year_plan("B1")
    find(ledger, "tas_meeting", "autumn2").deliver(date(2026, 11, 20))
    replan = change_to("C", ledger, date(2026, 12, 3))
    assert ("tas_meeting", "autumn2") not in slots(replan.added)
    assert ("status_check", "autumn2") in slots(replan.added)


def test_activities_of_another_year_are_left_alone() -> None:
    ledger = year_plan("B1")
    last_year = plan_activities(
        POLICY.plan_for("la_school", "B1"), URN, POLICY.calendar.year("2025/26"), "B1"
    )
    replan = change_to("C", [*last_year, *ledger], SPRING_1_DAY)
    assert all(a.academic_year == "2026/27" for a in replan.superseded)


def test_b1_to_c_leaves_delivered_work_and_planned_work_in_ended_windows_alone() -> None:
    ledger, named = b1_school_in_spring_1()
    replan = change_to("C", ledger, SPRING_1_DAY)
    assert named["conversation"] not in replan.superseded
    assert named["autumn2 tas"] not in replan.superseded
    assert not {"autumn1", "autumn2", "autumn"} & {a.window for a in replan.added}
    applied(ledger, replan)
    assert named["conversation"].status == Status.DELIVERED
    assert named["conversation"].used_days == d("2")
    assert named["autumn2 tas"].status == Status.PLANNED


def test_b1_to_c_summary_counts_the_c_days_to_come() -> None:
    ledger, _ = b1_school_in_spring_1()
    after = applied(ledger, change_to("C", ledger, SPRING_1_DAY))
    result = summary(after, allocation="19", category="C", today=SPRING_1_DAY)
    # delivered 2; booked: TAS 0.5 + review 2; planned: the overdue Autumn 2 TAS 0.5 and C's 12
    # days from Spring 1 on less the booked review's 2 and the booked TAS meeting's 0.5.
    assert (result.delivered, result.booked, result.planned) == (d("2"), d("2.5"), d("10"))
    assert (result.remaining, result.unplanned, result.over_allocated) == (
        d("17"), d("4.5"), False
    )
    assert [(o.activity, o.window) for o in result.overdue] == [("tas_meeting", "autumn2")]


def test_a_change_supersedes_planned_unscheduled_work_and_work_in_a_term_under_way() -> None:
    ledger = year_plan("B2")
    replan = change_to("C", ledger, date(2027, 3, 1))  # Spring 2
    superseded = slots(replan.superseded)
    assert ("focused_support", "unscheduled") in superseded
    assert ("status_check", "spring") in superseded
    assert ("review", "autumn2") not in superseded
    assert ("tas_meeting", "spring1") not in slots(replan.added)
    assert ("tas_meeting", "spring2") in slots(replan.added)


def test_a_to_c_in_spring_1_plans_the_c_work_still_to_come() -> None:
    ledger = year_plan("A")
    find(ledger, "autumn_conversation", "autumn2").deliver(date(2026, 11, 12))
    replan = change_to("C", ledger, SPRING_1_DAY)
    assert slots(replan.superseded) == [
        ("core_visit", "spring"), ("core_visit", "summer"), ("focused_support", "unscheduled")
    ]
    assert len(replan.added) == 9
    result = summary(
        applied(ledger, replan), allocation="19", category="C", today=SPRING_1_DAY
    )
    assert (result.delivered, result.booked, result.planned) == (d("2"), d("0"), d("12"))
    assert (result.remaining, result.unplanned, result.over_allocated) == (d("17"), d("5"), False)


def test_c_to_a_after_a_heavy_autumn_leaves_the_school_over_its_a_allocation() -> None:
    ledger = year_plan("C")
    for activity in ledger:
        if activity.window in ("autumn1", "autumn2"):
            activity.deliver(date(2026, 12, 1))
    replan = change_to("A", ledger, SPRING_1_DAY)
    assert len(replan.superseded) == 9
    assert slots(replan.added) == [
        ("core_visit", "spring"), ("core_visit", "summer"), ("focused_support", "unscheduled")
    ]
    result = summary(applied(ledger, replan), allocation="5", category="A", today=SPRING_1_DAY)
    # Autumn conversation 2 + two TAS meetings 1 + status check 4 delivered under C.
    assert (result.delivered, result.booked, result.planned) == (d("7"), d("0"), d("3"))
    assert result.remaining == d("-2")
    assert result.unplanned == d("-5")
    assert result.over_allocated


def test_delivered_work_in_a_window_still_to_come_stays_delivered() -> None:
    ledger = year_plan("B1")
    early_visit = find(ledger, "core_visit", "spring")
    early_visit.deliver(date(2027, 1, 15))
    cancelled = find(ledger, "review", "summer")
    cancelled.cancel("not needed")
    replan = change_to("C", ledger, SPRING_1_DAY)
    assert early_visit not in replan.superseded
    assert cancelled not in replan.superseded
    applied(ledger, replan)
    assert (early_visit.status, cancelled.status) == (Status.DELIVERED, Status.CANCELLED)


def test_one_booked_activity_covers_only_one_of_two_matching_new_items() -> None:
    visit = DayCost(visit=d("0.5"))
    plan = Plan(
        "school.X",
        d("1"),
        (PlanItem("core_visit", "summer1", visit), PlanItem("core_visit", "summer1", visit)),
    )
    booked = PlannedActivity(URN, "2026/27", "core_visit", "summer1", visit, category="B1")
    booked.book(date(2027, 5, 4))
    replan = replan_for_category_change([booked], plan, YEAR_2026, SPRING_1_DAY, "X")
    assert slots(replan.added) == [("core_visit", "summer1")]
    assert replan.superseded == []


def test_after_the_last_day_of_the_year_only_the_not_time_tabled_window_is_still_to_come(
) -> None:
    after_the_year = date(2027, 7, 21)
    assert windows_still_to_come(YEAR_2026, after_the_year) == ["unscheduled"]
    ledger = year_plan("A")
    replan = change_to("C", ledger, after_the_year)
    assert slots(replan.superseded) == [("focused_support", "unscheduled")]
    assert replan.added == []
