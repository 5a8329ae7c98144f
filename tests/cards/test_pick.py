"""The pick card and the no-match card: when what was typed names several schools, or none."""

from __future__ import annotations

from cards.actions import ShowLeft, ShowSchool
from cards.messages import no_match_card
from cards.pick import pick_school_card
from tests.cards import models
from tests.cards.schema import buttons_in, texts

CANDIDATES = [(str(104000 + n), f"St Luke's School {n}") for n in range(13)]


def test_one_button_per_candidate_up_to_ten_doing_the_action() -> None:
    card = pick_school_card("st luke", CANDIDATES, ShowLeft)
    words = texts(card)
    assert "Several schools match 'st luke'" in words
    buttons = buttons_in(card)
    assert len(buttons) == 10
    assert buttons[0]["title"] == "St Luke's School 0 (104000)"
    assert buttons[0]["verb"] == "left.show"
    assert buttons[0]["data"] == {"verb": "left.show", "urn": "104000"}
    assert "… and 3 more matches" in words


def test_a_few_candidates_with_another_action() -> None:
    card = pick_school_card("luke", [(models.LONG_URN, models.LONG_NAME)], ShowSchool)
    buttons = buttons_in(card)
    assert [(b["title"], b["verb"]) for b in buttons] == [
        (f"{models.LONG_NAME} ({models.LONG_URN})", "school.show")
    ]
    assert "more" not in texts(card)


def test_no_match_lists_the_closest_names() -> None:
    words = texts(no_match_card("st lukes", [models.LONG_NAME, "St Luke's Infant School"]))
    assert "No school matches 'st lukes'" in words
    assert f"Did you mean:\n{models.LONG_NAME}\nSt Luke's Infant School" in words


def test_no_match_without_suggestions() -> None:
    card = no_match_card("zzz", [])
    assert "Try the URN, or another part of the name." in texts(card)
    assert buttons_in(card) == []
