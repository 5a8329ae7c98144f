"""The visit card: one visit or meeting, shown to each person as they may act on it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from microsoft_teams.cards import (
    Action,
    AdaptiveCard,
    CardElement,
    Choice,
    ChoiceSetInput,
    DateInput,
    Fact,
    FactSet,
    NumberInput,
    ShowCardAction,
    TextInput,
    TimeInput,
)

from cards.actions import (
    CancelVisit,
    ConfirmVisit,
    DeliverVisit,
    ProposeVisit,
    ShowLeft,
    ShowVisit,
    SuggestVisitDate,
    WriteReport,
)
from cards.render import CARD_VERSION, button, card, day, days_words, plain, text, title
from eecore.domain.views import VisitView

MAX_REFRESH_USERS = 60
_STAGES = {
    "planned": "Not arranged yet",
    "proposed": "Dates proposed, awaiting confirmation",
    "confirmed": "Confirmed",
    "delivered": "Delivered",
    "report_written": "Delivered, report written",
    "cancelled": "Cancelled",
    "superseded": "No longer in the plan",
}


def at(moment: dt.datetime) -> str:
    """'Tue 12 Jan, 10:00'."""
    return f"{day(moment.date())}, {moment:%H:%M}"


def role_of(view: VisitView, viewer: str | None) -> str:
    """'head' for the school's head or manager, 'advisor' for its advisors, else 'other'."""
    wanted = (viewer or "").lower()
    if wanted and any(c.entra_object_id.lower() == wanted for c in view.heads):
        return "head"
    if wanted and any(c.entra_object_id.lower() == wanted for c in view.advisors):
        return "advisor"
    return "other"


def _subcard(body: Sequence[CardElement], buttons: Sequence[Action]) -> AdaptiveCard:
    return AdaptiveCard(version=CARD_VERSION, body=list(body), actions=list(buttons))


def _propose_form(view: VisitView, suggestions: Sequence[dt.datetime]) -> AdaptiveCard:
    body: list[CardElement] = [text("Up to three dates and times, inside " + view.window_label)]
    for number in range(1, 4):
        suggested = suggestions[number - 1] if len(suggestions) >= number else None
        body.append(
            DateInput(
                id=f"date{number}",
                label=f"Date {number}",
                value=suggested.date().isoformat() if suggested else None,
                is_required=number == 1,
                error_message="Give at least one date" if number == 1 else None,
            )
        )
        body.append(
            TimeInput(
                id=f"time{number}",
                label=f"Time {number}",
                value=f"{suggested:%H:%M}" if suggested else ("09:30" if number == 1 else None),
            )
        )
    body.append(TextInput(id="note", label="Note for the school", is_multiline=True))
    action = ProposeVisit(str(view.activity_id), str(view.version))
    return _subcard(body, [button(action)])


def _cancel_form(view: VisitView) -> AdaptiveCard:
    reason = TextInput(
        id="reason", label="Why is it cancelled?", is_required=True,
        error_message="Say why it is cancelled",
    )
    return _subcard([reason], [button(CancelVisit(str(view.activity_id), str(view.version)))])


def _deliver_form(view: VisitView, today: dt.date) -> AdaptiveCard:
    planned = view.planned
    happened = view.booked_on if view.booked_on and view.booked_on <= today else today
    body: list[CardElement] = [
        DateInput(id="delivered_on", label="Delivered on", value=happened.isoformat()),
        NumberInput(id="prep", label="Prep days", value=float(planned.prep), min=0),
        NumberInput(id="visit", label="Visit days", value=float(planned.visit), min=0),
        NumberInput(id="write_up", label="Write-up days", value=float(planned.write_up), min=0),
        TextInput(id="over_reason", label="If this uses more days than are left, why?"),
    ]
    return _subcard(body, [button(DeliverVisit(str(view.activity_id), str(view.version)))])


def _choices(view: VisitView) -> ChoiceSetInput:
    return ChoiceSetInput(
        id="chosen",
        label="Which date suits?",
        style="expanded",
        is_required=True,
        error_message="Choose a date",
        value=view.options[0].isoformat(timespec="minutes") if view.options else None,
        choices=[
            Choice(title=at(option), value=option.isoformat(timespec="minutes"))
            for option in view.options
        ],
    )


def visit_card(
    view: VisitView,
    viewer: str | None,
    *,
    today: dt.date,
    suggestions: Sequence[dt.datetime] = (),
    notice: str = "",
) -> dict[str, Any]:
    """A visit as the person with Entra object id `viewer` may see it, with what they may do.

    Heads and managers confirm or ask for another date; advisors propose, confirm on their
    behalf, move, record delivery and the report, or cancel. Everyone named on the visit gets
    the card refreshed for them (Teams asks the bot for each person's own view).
    """
    role = role_of(view, viewer)
    body: list[CardElement] = []
    if notice:
        body.append(text(notice, colour="Attention", bold=True))
    body += [
        title(f"{view.activity_name}"),
        text(f"{view.school_name} · URN {view.urn}", subtle=True, spacing="None"),
        text(_STAGES.get(view.stage, view.stage), bold=True),
    ]
    when = view.window_label
    if view.starts_at:
        when = at(view.starts_at)
    elif view.booked_on:
        when = day(view.booked_on)
    facts = [("When", when)]
    facts.append(("Days", days_words(view.planned.total)))
    if view.heads:
        facts.append(("Head", ", ".join(c.name for c in view.heads)))
    if view.advisors:
        facts.append(("Advisor", ", ".join(c.name for c in view.advisors)))
    body.append(FactSet(facts=[Fact(title=name, value=plain(value)) for name, value in facts]))

    buttons: list[Action] = []
    activity_id, version = str(view.activity_id), str(view.version)
    if view.stage == "planned":
        if view.suggested_date:
            body.append(
                text(
                    f"{view.suggested_by or 'The school'} asked for {day(view.suggested_date)}"
                    + (f": {view.suggestion_note}" if view.suggestion_note else ""),
                )
            )
        if role == "advisor":
            buttons.append(
                ShowCardAction(title="Propose dates", card=_propose_form(view, suggestions))
            )
    elif view.stage == "proposed":
        body.append(text("Proposed: " + "; ".join(at(o) for o in view.options)))
        if view.proposal_note:
            body.append(text(view.proposal_note, subtle=True))
        if role == "head":
            body.append(_choices(view))
            buttons.append(button(ConfirmVisit(activity_id, version)))
            suggest = _subcard(
                [
                    DateInput(
                        id="suggested", label="A date that suits", is_required=True,
                        error_message="Give a date",
                    ),
                    TextInput(
                        id="note", label="Anything the advisor should know", is_multiline=True
                    ),
                ],
                [button(SuggestVisitDate(activity_id, version))],
            )
            buttons.append(ShowCardAction(title="Suggest another date", card=suggest))
        elif role == "advisor":
            waiting = ", ".join(c.name for c in view.heads) or "the school"
            body.append(text(f"Waiting for {waiting} to confirm.", subtle=True))
            on_behalf = _subcard(
                [_choices(view)],
                [button(ConfirmVisit(activity_id, version), "Confirm for the school")],
            )
            buttons.append(ShowCardAction(title="Confirm on their behalf", card=on_behalf))
            buttons.append(ShowCardAction(title="Cancel", card=_cancel_form(view)))
    elif view.stage == "confirmed":
        who = view.confirmed_by + (" (on the school's behalf)" if view.confirmed_on_behalf else "")
        if who:
            body.append(text(f"Confirmed by {who}", subtle=True))
        if role == "advisor":
            buttons.append(ShowCardAction(title="Record delivery", card=_deliver_form(view, today)))
            buttons.append(ShowCardAction(title="Move", card=_propose_form(view, suggestions)))
            buttons.append(ShowCardAction(title="Cancel", card=_cancel_form(view)))
    elif view.stage == "delivered":
        used = view.used.total if view.used else view.planned.total
        when_delivered = day(view.delivered_on) if view.delivered_on else ""
        body.append(text(f"Delivered {when_delivered}, using {days_words(used)}"))
        if view.over_reason:
            body.append(text(f"Over the allocation: {view.over_reason}", colour="Warning"))
        if role == "advisor":
            buttons.append(button(WriteReport(activity_id, version)))
    elif view.stage == "cancelled" and view.reason:
        body.append(text(f"Cancelled: {view.reason}"))
    buttons.append(button(ShowLeft(view.urn), "What's left"))

    content = card(body, buttons, summary=f"{view.activity_name} at {view.school_name}")
    people = [c.entra_object_id for c in (*view.heads, *view.advisors) if c.entra_object_id]
    content["refresh"] = {
        "action": {
            "type": "Action.Execute",
            "title": "Refresh",
            "verb": ShowVisit.verb,
            "data": ShowVisit(activity_id).data(),
        },
        "userIds": people[:MAX_REFRESH_USERS],
    }
    return content


def visits_card(views: Sequence[VisitView], person_name: str) -> dict[str, Any]:
    """Visits and meetings awaiting this person, soonest first, each opening its own card."""
    body: list[CardElement] = [title(f"Awaiting you, {person_name}")]
    if not views:
        body.append(text("Nothing is waiting for you."))
    buttons: list[Action] = []
    for view in views[:20]:
        body.append(text(f"{view.activity_name} · {view.school_name}", bold=True, spacing="Medium"))
        detail = _STAGES.get(view.stage, view.stage)
        if view.options:
            detail += " · " + "; ".join(at(o) for o in view.options)
        body.append(text(detail, subtle=True, spacing="None"))
    for view in views[:5]:
        buttons.append(button(ShowVisit(str(view.activity_id)), f"Open: {view.school_name}"))
    return card(body, buttons, summary="Visits awaiting you")
