"""Scenarios in Microsoft's Teams emulator, typed and clicked as a person would."""

from __future__ import annotations

from tests.e2e.conftest import Chat


def test_installing_the_app_says_hello_once(chat: Chat) -> None:
    # The playground installs the app as its page opens; uninstalling and installing again is
    # what a person does in Teams, and shows the hello in this page.
    hellos = chat.cards.filter(has_text="Hello, I'm eebot")
    chat.mock("Uninstall application")
    before = hellos.count()
    chat.mock("Install application")
    chat.wait_until(lambda: hellos.count() == before + 1, "a hello after installing")
    assert "left ‹school›" in hellos.last.inner_text()
    chat.picture("welcome")
    chat.mock("Install application")  # the same installation again: no second hello
    chat.page.wait_for_timeout(1500)
    assert hellos.count() == before + 1


def test_help_lists_the_commands(chat: Chat) -> None:
    card = chat.ask("help", expect="What you can ask me")
    shown = card.inner_text()
    for usage in ("left ‹school›", "plan ‹school›", "caseload"):
        assert usage in shown


def test_whats_left_for_whitgreave_shows_the_days(chat: Chat) -> None:
    card = chat.ask("what's left for Whitgreave Primary School", expect="What's left")
    shown = card.inner_text()
    for expected in ("Whitgreave Primary School", "Category B1", "Allocated", "9.5",
                     "Remaining", "Next"):
        assert expected in shown
    chat.picture("whats-left")


def test_an_ambiguous_name_gives_a_picker_and_a_click_answers(chat: Chat) -> None:
    picker = chat.ask("left Eastfield", expect="match")
    assert "Eastfield Nursery School" in picker.inner_text()
    chat.picture("picker")
    answer = chat.press(picker, "Eastfield Primary School (104342)", expect="URN 104342")
    shown = answer.inner_text()
    assert "What's left" in shown and "Category AS" in shown


def test_the_year_plan_from_the_card_and_from_a_command(chat: Chat) -> None:
    left = chat.ask("left 104372", expect="URN 104372")
    plan = chat.press(left, "Year plan", expect="Year plan 2026/27")
    shown = plan.inner_text()
    for heading in ("Autumn 1", "Autumn 2", "Spring 1", "Summer 2"):
        assert heading in shown
    chat.picture("plan")
    typed = chat.ask("plan whitgreave", expect="Year plan 2026/27").inner_text()
    assert "Whitgreave Primary School" in typed


def test_upcoming_lists_the_next_weeks(chat: Chat) -> None:
    card = chat.ask("upcoming", expect="Coming up for you")
    assert "Team Around the School" in card.inner_text()
    chat.picture("upcoming")


def test_the_week_ahead_opens_a_visit_still_to_record(chat: Chat) -> None:
    week = chat.ask("week", expect="Your week, Alex Wilber")
    shown = week.inner_text()
    for expected in ("Booked this week", "To record as delivered", "Booked for Mon 30 Nov"):
        assert expected in shown
    chat.picture("week")
    # Last Monday's TAS meeting at Whitgreave: its row opens the visit card in place.
    week.get_by_text(
        "Team Around the School / Setting (TAS) meeting · Whitgreave Primary School"
    ).click()
    visit = chat.wait_for_card("Record delivery")
    assert "Whitgreave Primary School" in visit.inner_text()


def test_the_same_question_in_the_group_chat_with_a_mention(chat: Chat) -> None:
    chat.open("Group Chat")
    card = chat.ask("left 104297", mention=True, expect="URN 104297")
    assert "Allocated" in card.inner_text()


def test_the_same_question_in_a_channel_with_a_mention(chat: Chat) -> None:
    chat.open("General")
    card = chat.ask("left 104297", mention=True, expect="URN 104297")
    assert "Allocated" in card.inner_text()
    chat.picture("channel")
