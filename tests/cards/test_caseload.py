"""The caseload card: one tappable row per establishment, most urgent first, capped at 40."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from cards.caseload import caseload_card
from tests.cards import models
from tests.cards.schema import assert_valid_card, buttons_in, select_actions_in, texts


def rows(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in card["body"] if e["type"] == "ColumnSet" and "selectAction" in e]


def test_sixty_schools_show_forty_rows_and_say_how_many_more() -> None:
    card = caseload_card(models.caseload(60))
    assert len(rows(card)) == 40
    assert "… and 20 more schools and settings" in texts(card)
    assert_valid_card(card)


def test_header_names_the_advisor_year_and_counts() -> None:
    words = texts(caseload_card(models.caseload(60)))
    assert "Caseload: Jo Bennett" in words
    assert "2026/27 · 60 establishments · 3 over-allocated · 10 with overdue activity" in words


def test_each_row_in_the_order_given_with_category_days_left_and_flags() -> None:
    caseload = models.caseload(60)
    card = caseload_card(caseload)
    first, second, tenth = rows(card)[0], rows(card)[1], rows(card)[9]

    def cells(row: dict[str, Any]) -> tuple[str, str, str]:
        left, right = row["columns"]
        return left["items"][0]["text"], left["items"][1]["text"], right["items"][0]["text"]

    assert cells(first) == (
        "Oak Meadow Primary 0", "Category C · 2 overdue · Over-allocated", "-1.5"
    )
    assert cells(second) == (
        f"{models.LONG_NAME} 2", "Category B2 · 2 overdue · Over-allocated", "-1.5"
    )
    assert cells(tenth) == (f"{models.LONG_NAME} 10", "Category AS · 2 overdue", "7.5")
    assert cells(rows(card)[11])[1] == "LA maintained school"  # not categorised
    assert first["columns"][1]["items"][0]["color"] == "Attention"


def test_each_row_taps_through_to_whats_left() -> None:
    card = caseload_card(models.caseload(5))
    actions = select_actions_in(card)
    assert [(a["verb"], a["data"]) for a in actions] == [
        ("left.show", {"verb": "left.show", "urn": str(104000 + n)}) for n in range(5)
    ]
    assert buttons_in(card) == []


def test_very_long_names_still_fit() -> None:
    caseload = models.caseload(60)
    suffix = ", A Voluntary Academy of the Diocese of Lichfield"
    longer = tuple(replace(e, name=e.name + suffix) for e in caseload.entries)
    card = caseload_card(replace(caseload, entries=longer))
    assert_valid_card(card)
    assert 30 <= len(rows(card)) <= 40


def test_an_empty_caseload() -> None:
    words = texts(caseload_card(models.caseload(0)))
    assert "No schools or settings in this caseload yet." in words
