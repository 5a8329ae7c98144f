"""Visits and meetings: propose dates, confirm or ask for another, deliver, report, cancel."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from bot.context import Card, Context
from bot.reminding import schedule_after
from bot.router import Router
from cards.actions import (
    CancelVisit,
    ConfirmVisit,
    DeliverVisit,
    ProposeVisit,
    ShowVisit,
    ShowVisits,
    SuggestVisitDate,
    VisitAction,
    WriteReport,
)
from cards.visit import visit_card, visits_card
from eecore.domain.access import NotAllowed, has_caseload
from eecore.domain.days import days as parse_days
from eecore.domain.errors import EebotError, InvalidDays, VisitError
from eecore.domain.ledger import PlannedActivity, Status
from eecore.domain.policy import DayCost
from eecore.domain.views import VisitView
from eecore.domain.visits import StaleVisit, suggest_dates
from eecore.services import visits
from eecore.services.establishments import resolve
from eecore.services.plans import academic_year, ensure_year_plan_committed
from eecore.store.visits import VisitCard, VisitCardRepository

router = Router()

# What people call each activity, longest first so "tas meeting" wins over "tas".
ACTIVITY_WORDS = (
    ("autumn conversation", "autumn_conversation"),
    ("annual conversation", "annual_conversation"),
    ("status check", "status_check"),
    ("health check", "status_check"),
    ("tas meeting", "tas_meeting"),
    ("core visit", "core_visit"),
    ("support visit", "support_visit"),
    ("conversation", "autumn_conversation"),
    ("review", "review"),
    ("tas", "tas_meeting"),
    ("core", "core_visit"),
)
STALE = "This visit changed since this card was sent: here it is now."


def split_school_and_activity(argument: str) -> tuple[str, str]:
    """'Whitgreave core visit' → ('Whitgreave', 'core_visit')."""
    words = " ".join(argument.lower().split())
    for phrase, activity in ACTIVITY_WORDS:
        if words.endswith(" " + phrase) or words == phrase:
            school = argument.strip()[: len(argument.strip()) - len(phrase)].strip()
            return school, activity
    raise EebotError("which visit? Try: propose <school> core visit (or tas, review, …)")


def card_for(context: Context, view: VisitView, notice: str = "") -> Card:
    """The visit card as this person sees it, with dates to suggest when it is not arranged."""
    suggestions: list[datetime] = []
    if view.stage in ("planned", "confirmed"):
        suggestions = suggested_times(context, view)
    return visit_card(
        view, context.viewer_id, today=context.today, suggestions=suggestions, notice=notice
    )


def suggested_times(context: Context, view: VisitView) -> list[datetime]:
    year = context.policy.calendar.year(view.academic_year)
    stand_in = PlannedActivity(
        urn=view.urn,
        academic_year=view.academic_year,
        activity=view.activity,
        window=view.window,
        planned=view.planned,
        month=view.month,
    )
    return [
        datetime.combine(day, time(9, 30))
        for day in suggest_dates(stand_in, year, today=context.today)
    ]


async def show(context: Context, activity_id: int, notice: str = "") -> Card:
    view = await visits.visit(context.uow(), context.policy, activity_id, context.asker)
    return card_for(context, view, notice)


async def act(
    context: Context, action: VisitAction, work: Callable[[int, int], Awaitable[VisitView]]
) -> Card:
    """Run a change from a card at the version it showed; a stale card gets the fresh one."""
    try:
        activity_id, version = int(action.activity_id), int(action.version)
    except ValueError:
        raise VisitError("that card's visit is not one eebot knows") from None
    try:
        view = await work(activity_id, version)
    except StaleVisit as stale:
        return card_for(context, stale.current, STALE)
    await schedule_after(context.database, context.policy, view)
    await keep_cards_in_step(context, view)
    return card_for(context, view)


async def keep_cards_in_step(context: Context, view: VisitView) -> None:
    """Remember the card just acted on, and update the visit's cards in other chats in place."""
    async with context.uow() as uow:
        cards = VisitCardRepository(uow.session)
        if context.conversation_id and context.message_id:
            await cards.remember(
                VisitCard(
                    view.activity_id,
                    context.conversation_id,
                    context.message_id,
                    context.viewer_id or "",
                )
            )
            await uow.commit()
        elsewhere = [
            c
            for c in await cards.shown(view.activity_id)
            if c.conversation_id != context.conversation_id
        ]
    if context.outbox is None:
        return
    for shown in elsewhere:
        card = visit_card(view, shown.entra_object_id, today=context.today)
        await context.outbox.update_card(
            shown.conversation_id, shown.message_id, card, "visit.updated"
        )


@router.command(
    "propose",
    usage="propose <school> <activity>",
    help="propose dates for a core visit, TAS meeting, review or conversation",
    allowed=has_caseload,
)
async def propose_command(context: Context, argument: str) -> Card:
    school, activity = split_school_and_activity(argument)
    async with context.uow() as uow:
        establishment = await resolve(uow, school)
        year = academic_year(context.policy, None, context.today)
        await ensure_year_plan_committed(uow, context.policy, establishment, year, context.today)
        candidates = [
            a
            for a in await uow.activities.for_year(establishment.urn, year.label)
            if a.activity == activity and a.status == Status.PLANNED
        ]
    if not candidates:
        raise VisitError(f"{establishment.name} has no {activity.replace('_', ' ')} to arrange")
    assert candidates[0].id is not None
    return await show(context, candidates[0].id)


@router.command(
    "visits",
    usage="visits",
    help="visits and meetings awaiting you",
)
async def visits_command(context: Context, _argument: str) -> Card:
    return await awaiting(context)


async def awaiting(context: Context) -> Card:
    if context.asker is None:
        raise NotAllowed("eebot doesn't know you yet: ask your administrator to add you")
    views = await visits.awaiting(context.uow(), context.policy, context.asker, context.today)
    return visits_card(views, context.asker.name)


def visit_number(argument: str, usage: str) -> int:
    match = re.search(r"\d+", argument)
    if not match:
        raise EebotError(f"which visit? Give its number: {usage}")
    return int(match.group())


@router.command(
    "deliver", usage="deliver <visit>", help="record a visit as delivered", allowed=has_caseload
)
async def deliver_command(context: Context, argument: str) -> Card:
    return await show(context, visit_number(argument, "deliver <visit>"))


@router.command(
    "cancel", usage="cancel <visit>", help="cancel a visit, with a reason", allowed=has_caseload
)
async def cancel_command(context: Context, argument: str) -> Card:
    return await show(context, visit_number(argument, "cancel <visit>"))


@router.action(ShowVisit)
async def show_visit(context: Context, action: ShowVisit) -> Card:
    try:
        return await show(context, int(action.activity_id))
    except ValueError:
        raise VisitError("that card's visit is not one eebot knows") from None


@router.action(ShowVisits)
async def show_visits(context: Context, _action: ShowVisits) -> Card:
    return await awaiting(context)


def _input(context: Context, name: str) -> str:
    value = context.inputs.get(name)
    return str(value).strip() if value is not None else ""


def _date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise VisitError(f"{what} {text!r} is not a date") from None


def _options(context: Context) -> list[datetime]:
    options = []
    for number in (1, 2, 3):
        day_text = _input(context, f"date{number}")
        if not day_text:
            continue
        time_text = _input(context, f"time{number}") or "09:30"
        try:
            start = time.fromisoformat(time_text)
        except ValueError:
            raise VisitError(f"time {number} {time_text!r} is not a time (hh:mm)") from None
        options.append(datetime.combine(_date(day_text, f"date {number}"), start))
    return options


@router.action(ProposeVisit)
async def propose(context: Context, action: ProposeVisit) -> Card:
    options = _options(context)

    async def work(activity_id: int, version: int) -> VisitView:
        view = await visits.propose(
            context.uow(),
            context.policy,
            context.asker,
            context.local_now,
            activity_id,
            options,
            note=_input(context, "note"),
            read_version=version,
        )
        await tell_heads(context, view)
        return view

    return await act(context, action, work)


async def tell_heads(context: Context, view: VisitView) -> None:
    """Send the proposal to the head or manager's personal chat, as their own view."""
    if context.outbox is None:
        return
    async with context.uow() as uow:
        heads = [await uow.people.get(c.person_id) for c in view.heads if c.person_id]
    for head in heads:
        if head is None:
            continue
        card = visit_card(view, head.entra_object_id, today=context.today)
        delivered = await context.outbox.card_to(head, card, "visit.proposed")
        if delivered is not None:
            async with context.uow() as uow:
                await VisitCardRepository(uow.session).remember(
                    VisitCard(
                        view.activity_id,
                        delivered.conversation_id,
                        delivered.message_id,
                        head.entra_object_id,
                    )
                )
                await uow.commit()


@router.action(ConfirmVisit)
async def confirm(context: Context, action: ConfirmVisit) -> Card:
    chosen_text = _input(context, "chosen")
    try:
        chosen = datetime.fromisoformat(chosen_text)
    except ValueError:
        raise VisitError("choose one of the proposed dates") from None

    async def work(activity_id: int, version: int) -> VisitView:
        return await visits.confirm(
            context.uow(),
            context.policy,
            context.asker,
            context.local_now,
            activity_id,
            chosen,
            read_version=version,
        )

    return await act(context, action, work)


@router.action(SuggestVisitDate)
async def suggest(context: Context, action: SuggestVisitDate) -> Card:
    suggested = _date(_input(context, "suggested"), "the date")

    async def work(activity_id: int, version: int) -> VisitView:
        return await visits.suggest_other_date(
            context.uow(),
            context.policy,
            context.asker,
            context.local_now,
            activity_id,
            suggested,
            _input(context, "note"),
            read_version=version,
        )

    return await act(context, action, work)


def _days_input(context: Context, name: str) -> Decimal:
    text = _input(context, name) or "0"
    try:
        return parse_days(Decimal(text))
    except (InvalidOperation, InvalidDays):
        raise VisitError(f"{name.replace('_', '-')} days {text!r}: use quarter days") from None


@router.action(DeliverVisit)
async def deliver(context: Context, action: DeliverVisit) -> Card:
    used = DayCost(
        prep=_days_input(context, "prep"),
        visit=_days_input(context, "visit"),
        write_up=_days_input(context, "write_up"),
    )
    delivered_on = _date(_input(context, "delivered_on") or context.today.isoformat(), "the date")

    async def work(activity_id: int, version: int) -> VisitView:
        return await visits.deliver(
            context.uow(),
            context.policy,
            context.asker,
            context.local_now,
            activity_id,
            used,
            delivered_on,
            over_reason=_input(context, "over_reason"),
            read_version=version,
        )

    return await act(context, action, work)


@router.action(WriteReport)
async def report(context: Context, action: WriteReport) -> Card:
    async def work(activity_id: int, version: int) -> VisitView:
        return await visits.write_report(
            context.uow(),
            context.policy,
            context.asker,
            context.local_now,
            activity_id,
            context.today,
            read_version=version,
        )

    return await act(context, action, work)


@router.action(CancelVisit)
async def cancel(context: Context, action: CancelVisit) -> Card:
    reason = _input(context, "reason")
    if not reason:
        raise VisitError("say why the visit is cancelled")

    async def work(activity_id: int, version: int) -> VisitView:
        return await visits.cancel(
            context.uow(),
            context.policy,
            context.asker,
            context.local_now,
            activity_id,
            reason,
            read_version=version,
        )

    return await act(context, action, work)
