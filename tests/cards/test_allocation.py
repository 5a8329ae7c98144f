"""The "what's left" card: numbers, category, warnings, what comes next, and its buttons."""

from __future__ import annotations

from dataclasses import replace

from cards.allocation import allocation_card
from tests.cards import models
from tests.cards.schema import assert_valid_card, buttons_in, texts


def rows(card: dict[str, object]) -> dict[str, str]:
    """The label → number rows (two-column ColumnSets with a right-aligned number)."""
    found: dict[str, str] = {}
    for element in card["body"]:  # type: ignore[attr-defined]
        if element.get("type") == "ColumnSet" and len(element["columns"]) == 2:
            left, right = element["columns"]
            number = right["items"][0]
            if number.get("horizontalAlignment") == "Right":
                found[left["items"][0]["text"]] = number["text"]
    return found


def test_shows_every_number_as_people_write_days() -> None:
    card = allocation_card(models.b1_summary())
    assert rows(card) == {
        "Allocated": "9.5",
        "Delivered": "2",
        "Booked": "1.5",
        "Planned": "5",
        "Unplanned": "1",
        "Remaining": "7.5",
    }


def test_names_the_school_its_urn_category_and_year() -> None:
    words = texts(allocation_card(models.b1_summary()))
    assert "What's left" in words
    assert models.LONG_NAME in words
    assert "URN 104321 · LA maintained school · 2026/27" in words
    assert "Category B1" in words
    assert "Not categorised yet" not in words


def test_lists_the_next_five_activities_with_when_status_and_days() -> None:
    words = texts(allocation_card(models.b1_summary()))
    assert "Next" in words
    assert "Tue 8 Dec · Booked · 0.5 days" in words
    assert "Tue 12 Jan · Booked · 1 day" in words
    assert "Spring 1 · Planned · 0.5 days" in words
    assert "Summer 1 · Planned · 0.75 days" in words
    assert "Focused support" not in words  # the sixth
    assert "… and 1 more in the year plan" in words


def test_says_how_many_activities_are_overdue() -> None:
    assert "1 activity is overdue." in texts(allocation_card(models.b1_summary()))
    over = allocation_card(models.over_allocated_summary())
    assert "2 activities are overdue." in texts(over)


def test_warns_visibly_when_over_allocated() -> None:
    card = allocation_card(models.over_allocated_summary())
    assert rows(card)["Remaining"] == "-1.5"
    warning = next(e for e in card["body"] if e.get("style") == "attention")
    first = warning["items"][0]
    assert first["text"] == "Over-allocated: 1.5 days more used than allocated."
    assert first["color"] == "Attention"


def test_no_warning_when_all_is_well() -> None:
    summary = replace(models.b1_summary(), overdue=())
    card = allocation_card(summary)
    assert not [e for e in card["body"] if e.get("style") == "attention"]


def test_warns_when_more_is_committed_than_is_left() -> None:
    summary = replace(models.b1_summary(), planned=models.d("7.00"))
    words = texts(allocation_card(summary))
    assert "Over-committed: booked and planned days exceed what's left by 1 day." in words
    assert rows(allocation_card(summary))["Unplanned"] == "-1"


def test_not_categorised_says_so_with_the_reason() -> None:
    card = allocation_card(models.not_categorised_summary())
    words = texts(card)
    assert "Not categorised yet" in words
    assert "no allocation until a category is agreed" in words
    assert rows(card)["Allocated"] == "0"
    assert "Next" not in words
    assert_valid_card(card)


def test_a_kind_without_categories_shows_its_basis() -> None:
    words = texts(allocation_card(models.academy_summary()))
    assert "No category for this kind (Academy or free school)" in words
    assert "1 day a year basic" in words
    assert "Not categorised yet" not in words


def test_quarter_days_show_as_written() -> None:
    summary = replace(models.b1_summary(), booked=models.d("0.25"), planned=models.d("0.75"))
    assert rows(allocation_card(summary))["Booked"] == "0.25"


def test_buttons_show_the_plan_and_the_school() -> None:
    buttons = buttons_in(allocation_card(models.b1_summary()))
    assert [(b["title"], b["verb"], b["data"]) for b in buttons] == [
        ("Year plan", "plan.show", {"verb": "plan.show", "urn": "104321"}),
        ("School", "school.show", {"verb": "school.show", "urn": "104321"}),
    ]
