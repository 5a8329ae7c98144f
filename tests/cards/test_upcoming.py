"""The upcoming card: the date range, each item, an empty state, and few buttons."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from cards.upcoming import ITEMS_SHOWN, upcoming_card
from tests.cards import models
from tests.cards.schema import assert_valid_card, buttons_in, emitted_verbs, texts


def test_one_school_lists_its_items_without_repeating_its_name() -> None:
    card = upcoming_card(models.upcoming_for_school())
    words = texts(card)
    assert f"Coming up at {models.LONG_NAME}" in words
    assert "3 Dec 2026 to 14 Jan 2027" in words
    assert "Tue 8 Dec · Booked · 0.5 days" in words
    assert "Tue 12 Jan · Booked · 1 day" in words
    assert "Spring 1 · Planned · 0.5 days" in words
    assert f"{models.LONG_NAME} ·" not in words
    assert [b["verb"] for b in buttons_in(card)] == ["left.show", "plan.show"]


def test_several_schools_name_the_school_on_each_item() -> None:
    card = upcoming_card(models.upcoming_for_advisor(3))
    words = texts(card)
    assert f"Tue 8 Dec · {models.LONG_NAME} 0 · Booked · 0.5 days" in words
    assert f"Tue 12 Jan · {models.LONG_NAME} 2 · Booked · 1 day" in words
    buttons = buttons_in(card)
    assert [b["title"] for b in buttons] == [
        f"What's left: {models.LONG_NAME} {n}" for n in range(3)
    ]
    assert {b["data"]["urn"] for b in buttons} == {"104000", "104001", "104002"}


def test_many_schools_get_no_buttons_and_a_capped_list() -> None:
    card = upcoming_card(models.upcoming_for_advisor(60))
    assert buttons_in(card) == []
    assert emitted_verbs(card) == set()
    assert f"… and {120 - ITEMS_SHOWN} more activities" in texts(card)
    assert_valid_card(card)


def test_nothing_upcoming_says_so() -> None:
    card = upcoming_card(models.nothing_upcoming())
    assert "Nothing in the next 6 weeks." in texts(card)
    assert buttons_in(card) == []
    one_week = replace(models.nothing_upcoming(), to_day=models.TODAY + timedelta(days=7))
    assert "Nothing in the next week." in texts(upcoming_card(one_week))
