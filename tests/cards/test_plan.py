"""The year plan card: by half-term, each activity's status, days and date, and the totals."""

from __future__ import annotations

from typing import Any

from cards.plan import plan_card
from tests.cards import models
from tests.cards.schema import MAX_CARD_BYTES, assert_valid_card, buttons_in, card_bytes, texts


def headings(card: dict[str, Any]) -> list[str]:
    return [
        e["text"] for e in card["body"]
        if e["type"] == "TextBlock" and e.get("separator") and e.get("weight") == "Bolder"
    ]


def activity_rows(card: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(activity, detail, days) for every activity row."""
    found = []
    for element in card["body"]:
        if element["type"] == "ColumnSet" and len(element["columns"][0]["items"]) == 2:
            left, right = element["columns"]
            found.append(
                (left["items"][0]["text"], left["items"][1]["text"], right["items"][0]["text"])
            )
    return found


def test_a_heading_per_half_term_in_order() -> None:
    card = plan_card(models.year_plan("la_school", "C"))
    assert headings(card) == [
        "Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2", "Totals"
    ]


def test_every_activity_with_status_date_and_days() -> None:
    plan = models.year_plan("la_school", "C")
    rows = activity_rows(plan_card(plan))
    assert len(rows) == len(plan.entries) == 13
    tas = models.TAS
    assert rows[:6] == [
        # Delivered: the days used on the right, and what was planned when that differs.
        ("Autumn Conversation", "Delivered · Mon 7 Sep · planned 2", "2.25"),
        (tas, "Delivered · Mon 28 Sep · planned 0.5", "0.75"),
        (tas, "Delivered · Mon 19 Oct · planned 0.5", "0.75"),
        ("Status / health check", "Booked · Mon 9 Nov", "4"),
        ("Core Visit", "Cancelled · school focus", "–"),
        (tas, "Planned", "0.5"),
    ]
    assert rows[8] == ("Core Visit", "Planned · LA agenda", "1")


def test_totals_and_buttons() -> None:
    plan = models.year_plan("la_school", "C")
    card = plan_card(plan)
    words = texts(card)
    for label in ("Allocated", "Unplanned", "Remaining"):
        assert label in words
    assert "19" in words  # a C school's allocation
    assert "Category C" in words
    assert [b["verb"] for b in buttons_in(card)] == ["left.show", "school.show"]


def test_the_largest_plans_stay_well_under_28_kb() -> None:
    kind, category, plan = models.largest_plan()
    assert len(plan.items) >= 13
    for built in (
        plan_card(models.year_plan("la_school", "C", all_delivered=True)),
        plan_card(models.year_plan("pvi", "C", all_delivered=True)),
        plan_card(models.year_plan(kind, category, all_delivered=True)),
    ):
        assert_valid_card(built)
        assert card_bytes(built) < MAX_CARD_BYTES // 2


def test_over_allocation_is_flagged() -> None:
    plan = models.year_plan("la_school", "B1", all_delivered=True)
    assert plan.summary.over_allocated
    assert "more used than allocated" in texts(plan_card(plan))


def test_an_empty_plan_says_why() -> None:
    words = texts(plan_card(models.empty_plan()))
    assert "No activities planned yet." in words
    assert "Not categorised yet" in words
