"""Message extension results: one school as a small card, with a thumbnail preview."""

from __future__ import annotations

from typing import Any

from microsoft_teams.cards import Fact, FactSet

from cards.render import card, joined, title
from eecore.domain.views import SchoolHit

ADAPTIVE = "application/vnd.microsoft.card.adaptive"
THUMBNAIL = "application/vnd.microsoft.card.thumbnail"


def category_words(hit: SchoolHit) -> str:
    """'Category B1', or 'No category'."""
    return f"Category {hit.category}" if hit.category else "No category"


def search_result(hit: SchoolHit) -> dict[str, Any]:
    """A message extension attachment for one school: a small card and its thumbnail preview."""
    content = card(
        [
            title(hit.name),
            FactSet(
                spacing="Small",
                facts=[
                    Fact(title="URN", value=hit.urn),
                    Fact(title="Kind", value=hit.kind_label),
                    Fact(title="Phase", value=hit.phase or "not known"),
                    Fact(title="Category", value=hit.category or "none"),
                ],
            ),
        ],
        summary=f"{hit.name} ({hit.urn})",
    )
    return {
        "contentType": ADAPTIVE,
        "content": content,
        "preview": {
            "contentType": THUMBNAIL,
            "content": {
                "title": hit.name,
                "text": joined(f"URN {hit.urn}", hit.kind_label, category_words(hit)),
            },
        },
    }
