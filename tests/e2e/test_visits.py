"""Arranging a visit in two emulators: the advisor proposes, the head confirms on the card."""

from __future__ import annotations

import re

from tests.e2e.conftest import Chat


def booked_days(chat: Chat) -> str:
    card = chat.ask("left whitgreave", expect="URN 104297").inner_text()
    match = re.search(r"Booked\s+([\d.]+)", card)
    assert match, card
    return match.group(1)


def test_a_head_confirms_a_proposed_core_visit_on_the_card(chat: Chat, head_chat: Chat) -> None:
    before = booked_days(chat)
    planned = chat.ask("propose whitgreave core visit", expect="Not arranged yet")
    planned.get_by_role("button", name="Propose dates").click()
    proposed = chat.press(planned, "Propose these dates", expect="awaiting confirmation")
    assert "Waiting for Adele Vance" in proposed.inner_text()
    chat.picture("visit-proposed")

    # The proposal arrives in the head's own chat, as her view of the card.
    offer = head_chat.wait_for_card("Which date suits?", seconds=20)
    head_chat.picture("visit-offer")
    confirmed = head_chat.press(offer, "Confirm", expect="Confirmed by Adele Vance")
    assert "Which date suits?" not in confirmed.inner_text()
    head_chat.picture("visit-confirmed")

    # The advisor's card, in the advisor's chat, changes to confirmed in place.
    waiting = chat.cards.filter(has_text="Waiting for Adele Vance")
    chat.wait_until(lambda: waiting.count() == 0, "the advisor's card to change")
    updated = chat.wait_for_card("Confirmed by Adele Vance")
    assert "Record delivery" in updated.inner_text()
    chat.picture("visit-advisor-updated")

    assert float(booked_days(chat)) == float(before) + 1


def days_of(chat: Chat, label: str) -> float:
    card = chat.ask("left whitgreave", expect="URN 104297").inner_text()
    match = re.search(label + r"\s+([\d.]+)", card)
    assert match, card
    return float(match.group(1))


def test_recording_a_delivery_from_the_plan_moves_its_days_to_delivered(chat: Chat) -> None:
    delivered = days_of(chat, "Delivered")
    plan = chat.ask("plan whitgreave", expect="Year plan 2026/27")
    # Last Monday's TAS meeting happened; its delivery is still to be recorded.
    plan.get_by_text("Booked · Mon 30 Nov").click()
    visit = chat.wait_for_card("Record delivery")
    assert "Team Around the School" in visit.inner_text()
    visit.get_by_role("button", name="Record delivery").first.click()
    visit.get_by_role("button", name="Record delivery").last.click()
    done = chat.wait_for_card("Delivered Mon 30 Nov")
    assert "using 0.5 days" in done.inner_text()
    assert days_of(chat, "Delivered") == delivered + 0.5
