"""The weekly digest card: the week ahead, then what waits on the advisor, each row opening its
visit, and every list cut short before the card outgrows Teams."""

from __future__ import annotations

from typing import Any

from cards.digest import ROWS_PER_SECTION, digest_card
from tests.cards import models
from tests.cards.schema import assert_valid_card, buttons_in, card_bytes, select_actions_in, texts

TAS = models.TAS


def lines(card: dict[str, Any]) -> list[str]:
    return texts(card).splitlines()


def test_the_header_says_whose_week_and_where_the_caseload_stands() -> None:
    words = lines(digest_card(models.digest()))
    title = words.index("Your week, Jo Bennett")
    assert words[title + 1] == (
        "Thu 3 Dec to Wed 9 Dec · 2026/27 · 37 establishments · 144.5 days left"
    )
    assert f"Over-allocated: {models.LONG_NAME} 7, Oak Meadow Primary 0" in words
    assert "4 planned activities are past their half-term with no date booked." in words


def test_sections_come_in_the_order_an_advisor_acts_on_them() -> None:
    words = lines(digest_card(models.digest()))
    headings = [w for w in words if w.endswith("(3)")]
    assert headings == [
        "Booked this week (3)",
        "To record as delivered (3)",
        "Reports to write (3)",
        "The school asked for another date (3)",
        "Waiting for the school's answer (3)",
    ]
    assert words.index("Booked this week (3)") > words.index("Your week, Jo Bennett")


def test_each_row_names_the_visit_and_the_day_that_matters() -> None:
    words = lines(digest_card(models.digest()))
    long = models.LONG_NAME
    assert f"{TAS} · {long} 0" in words
    assert "Thu 3 Dec, 09:30" in words  # booked, with its time
    assert "Fri 4 Dec, 10:30" in words
    assert "Booked for Mon 30 Nov" in words
    assert "Delivered Mon 23 Nov" in words
    assert "They asked for Wed 20 Jan" in words
    assert "First date proposed: Tue 12 Jan" in words


def test_every_row_opens_its_visit_card() -> None:
    card = digest_card(models.digest())
    opened = [a["data"] for a in select_actions_in(card)]
    assert len(opened) == 15
    assert {"verb": "visit.show", "activity_id": "500"} in opened
    assert {"verb": "visit.show", "activity_id": "902"} in opened  # a report to write
    assert [b["title"] for b in buttons_in(card)] == ["Caseload", "Next six weeks"]


def test_long_lists_are_cut_short_and_say_how_many_more() -> None:
    card = digest_card(models.digest(40))
    words = lines(card)
    assert words.count(f"… and {40 - ROWS_PER_SECTION} more visits and meetings") == 5
    assert len(select_actions_in(card)) == 5 * ROWS_PER_SECTION
    assert "Booked this week (40)" in words
    assert card_bytes(card) < 28 * 1024
    assert_valid_card(card)


def test_a_quiet_week_says_so_and_shows_no_empty_sections() -> None:
    card: dict[str, Any] = digest_card(models.quiet_week())
    words = lines(card)
    assert "Nothing booked this week, and nothing waiting on you." in words
    assert not [w for w in words if w.endswith("(0)")]
    assert "Thu 3 Dec to Wed 9 Dec · 2026/27 · 1 establishment · 19 days left" in words
    assert not [w for w in words if w.startswith("Over-allocated")]
    assert card["fallbackText"] == "Your week: 0 booked"
