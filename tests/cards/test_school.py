"""The school card: kind, phase, category since when, advisors, head, Ofsted, and buttons."""

from __future__ import annotations

from typing import Any

from cards.school import school_card
from tests.cards import models
from tests.cards.schema import buttons_in, texts


def facts(card: dict[str, Any]) -> dict[str, str]:
    factset = next(e for e in card["body"] if e["type"] == "FactSet")
    return {f["title"]: f["value"] for f in factset["facts"]}


def test_shows_the_profile_as_facts() -> None:
    card = school_card(models.profile())
    assert facts(card) == {
        "Category": "B1 since 1 Sep 2026",
        "Agreed by": "Priya Shah (Senior Advisor)",
        "Advisors": "Jo Bennett, Sam Okafor",
        "Head": "Mrs Alison Clarke",
        "Ofsted": "Good (12 Mar 2024)",
    }
    words = texts(card)
    assert models.LONG_NAME in words
    assert "URN 104321 · LA maintained school · Primary" in words
    assert "Closed" not in words


def test_a_setting_not_yet_categorised_with_nothing_known() -> None:
    card = school_card(models.setting_profile())
    assert facts(card) == {
        "Category": "Not categorised yet",
        "Advisor": "none allocated",
        "Manager": "not known",
        "Ofsted": "not known",
    }


def test_a_kind_without_categories() -> None:
    card = school_card(
        models.profile(kind="academy", kind_label="Academy or free school", category=None,
                       category_since=None, category_agreed_by="", categorised=False,
                       advisors=("Jo Bennett",), ofsted_date=None)
    )
    assert facts(card)["Category"] == "None for this kind"
    assert facts(card)["Advisor"] == "Jo Bennett"
    assert facts(card)["Head"] == "Mrs Alison Clarke"
    assert facts(card)["Ofsted"] == "Good"


def test_a_closed_school_says_so() -> None:
    assert "Closed" in texts(school_card(models.profile(status="closed")))


def test_buttons_show_whats_left_and_the_plan() -> None:
    buttons = buttons_in(school_card(models.profile()))
    assert [(b["verb"], b["data"]["urn"]) for b in buttons] == [
        ("left.show", "104321"),
        ("plan.show", "104321"),
    ]
