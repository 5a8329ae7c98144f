"""The message extension result: a small card for one school, and its thumbnail preview."""

from __future__ import annotations

from dataclasses import replace

from cards.search import search_result
from tests.cards import models
from tests.cards.schema import assert_valid_card, emitted_verbs, texts


def test_is_an_adaptive_card_attachment_with_a_thumbnail_preview() -> None:
    result = search_result(models.hit())
    assert result["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert result["preview"] == {
        "contentType": "application/vnd.microsoft.card.thumbnail",
        "content": {
            "title": models.LONG_NAME,
            "text": "URN 104321 · LA maintained school · Category B1",
        },
    }
    assert_valid_card(result["content"])
    assert emitted_verbs(result["content"]) == set()


def test_the_card_shows_name_urn_kind_phase_and_category() -> None:
    words = texts(search_result(models.hit())["content"])
    for expected in (models.LONG_NAME, "104321", "LA maintained school", "Primary", "B1"):
        assert expected in words


def test_without_a_category() -> None:
    result = search_result(replace(models.hit(), category=None))
    assert result["preview"]["content"]["text"].endswith("No category")
    assert "none" in texts(result["content"])
