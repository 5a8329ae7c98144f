"""Error, apology and not-allowed cards: short, plain and without buttons."""

from __future__ import annotations

from cards.messages import apology_card, error_card, not_allowed_card
from tests.cards.schema import buttons_in, texts


def test_error_shows_the_message() -> None:
    card = error_card("unknown category 'D': use one of A, AS, B1, B2, C")
    assert "unknown category 'D': use one of A, AS, B1, B2, C" in texts(card)
    assert buttons_in(card) == []


def test_apology_says_try_again() -> None:
    assert texts(apology_card()).startswith(
        "Sorry — eebot couldn't reach its records just now. Please try again in a minute."
    )


def test_not_allowed_shows_why() -> None:
    words = texts(not_allowed_card("You can only see the schools in your caseload."))
    assert "Not allowed" in words
    assert "You can only see the schools in your caseload." in words
