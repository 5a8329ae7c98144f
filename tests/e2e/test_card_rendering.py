"""Every card builder's samples rendered by the official Adaptive Cards renderer in Chromium.

The test fails on anything the renderer drops or warns about while parsing or validating, and
checks that every button the card declares is rendered.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.cards.test_every_card import BUILDERS
from tests.e2e.conftest import HERE

RENDERER = HERE / "node_modules" / "adaptivecards" / "dist" / "adaptivecards.min.js"

RENDER = """
(payload) => {
  const context = new AdaptiveCards.SerializationContext();
  const card = new AdaptiveCards.AdaptiveCard();
  card.hostConfig = new AdaptiveCards.HostConfig({actions: {maxActions: 20}});
  card.parse(payload, context);
  const events = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    events.push(`${e.event}: ${e.message}`);
  }
  const failures = [];
  for (const failure of card.validateProperties().validationEvents) {
    failures.push(`${failure.event}: ${failure.message}`);
  }
  const element = card.render();
  const host = document.getElementById("host");
  host.replaceChildren();
  if (element) host.appendChild(element);
  return {
    events, failures, rendered: !!element,
    buttons: element ? element.querySelectorAll("button.ac-pushButton").length : 0,
    text: element ? element.innerText : "",
  };
}
"""


@pytest.fixture(scope="module")
def renderer(browser: Browser) -> Iterator[Page]:
    page = browser.new_page()
    page.set_content("<!doctype html><html><body><div id='host'></div></body></html>")
    page.add_script_tag(path=str(RENDERER))
    yield page
    page.close()


def declared_buttons(node: Any) -> int:
    """Buttons a card declares: its actions and its ActionSets' (not taps or fallbacks)."""
    if isinstance(node, list):
        return sum(declared_buttons(item) for item in node)
    if not isinstance(node, dict):
        return 0
    count = len(node.get("actions", [])) if isinstance(node.get("actions"), list) else 0
    for key, value in node.items():
        if key not in ("actions", "selectAction", "fallback"):
            count += declared_buttons(value)
    return count


@pytest.mark.parametrize("name", list(BUILDERS))
def test_the_official_renderer_keeps_every_element_and_button(renderer: Page, name: str) -> None:
    card = BUILDERS[name]()
    if card.get("contentType"):  # a message extension result: its card is the content
        card = card["content"]
    result = renderer.evaluate(RENDER, card)
    assert result["rendered"], f"{name}: nothing rendered"
    assert result["events"] == [], f"{name}: the renderer dropped {result['events']}"
    assert result["failures"] == [], f"{name}: validation failures {result['failures']}"
    assert result["buttons"] == declared_buttons(card)
    assert result["text"].strip()


def test_the_check_catches_what_the_renderer_drops(renderer: Page) -> None:
    broken = {
        "type": "AdaptiveCard", "version": "1.5",
        "body": [{"type": "TextBlock", "text": "kept"}, {"type": "Carousel.Nope", "text": "x"}],
        "actions": [{"type": "Action.Execute", "title": "Go", "verb": "left.show"},
                    {"type": "Action.Teleport", "title": "Nope"}],
    }
    result = renderer.evaluate(RENDER, broken)
    assert result["events"] or result["failures"]
    assert result["buttons"] < declared_buttons(broken)
