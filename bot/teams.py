"""The one TeamsActivityHandler: turns each activity into our Context and hands it to the router."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import Activity, Attachment, ChannelAccount, InvokeResponse

from bot.context import Card, Context, Outbox
from bot.router import Router
from cards.messages import apology_card, error_card, welcome_card
from cards.search import search_result
from eecore.domain.errors import EebotError
from eecore.domain.people import Person
from eecore.domain.policy import Policy
from eecore.services.schools import search_schools
from eecore.store.database import Database
from eecore.store.repositories import ConversationAddress
from eecore.store.uow import UnitOfWork

log = logging.getLogger(__name__)

CARD = "application/vnd.microsoft.card.adaptive"
SEARCH_PAGE = 10


def card_message(card: Card) -> Activity:
    return MessageFactory.attachment(Attachment(content_type=CARD, content=card))


def card_invoke_response(card: Card) -> InvokeResponse:
    return InvokeResponse(status=200, body={"statusCode": 200, "type": CARD, "value": card})


def scope_of(activity: Activity) -> str:
    kind = (activity.conversation.conversation_type if activity.conversation else None) or ""
    return kind if kind in ("personal", "groupChat", "channel") else "personal"


class EebotBot(TeamsActivityHandler):
    """Thin: who is asking, then the router; sending is all that happens here."""

    def __init__(
        self,
        database: Database,
        policy: Policy,
        router: Router,
        today: Callable[[], date],
        *,
        now: Callable[[], datetime] | None = None,
        outbox: Outbox | None = None,
    ) -> None:
        self.database = database
        self.policy = policy
        self.router = router
        self.today = today
        self.now = now
        self.outbox = outbox

    async def _context(self, turn_context: TurnContext) -> Context:
        sender = turn_context.activity.from_property
        object_id = getattr(sender, "aad_object_id", None) if sender else None
        asker: Person | None = None
        if object_id:
            async with UnitOfWork(self.database) as uow:
                asker = await uow.people.by_entra_object_id(object_id)
        today = self.today()
        return Context(
            database=self.database,
            policy=self.policy,
            today=today,
            asker=asker,
            scope=scope_of(turn_context.activity),
            now=self.now() if self.now else None,
            conversation_id=(
                turn_context.activity.conversation.id
                if turn_context.activity.conversation
                else None
            ),
            message_id=turn_context.activity.reply_to_id,
            viewer_id=object_id,
            outbox=self.outbox,
        )

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        try:
            context = await self._context(turn_context)
        except EebotError as exc:
            log.error("cannot identify the asker: %s", exc)
            await turn_context.send_activity(card_message(apology_card()))
            return
        answer: Card | None
        if activity.value is not None and not (activity.text or "").strip():
            answer = await self.router.action_data(context, activity.value)  # Action.Submit
        else:
            TurnContext.remove_recipient_mention(activity)
            answer = await self.router.text(context, activity.text or "")
        card = answer if answer is not None else await self.router.action_data(
            context, {"verb": "help.show"}
        )
        await turn_context.send_activity(card_message(card))

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        name = turn_context.activity.name
        if name == "adaptiveCard/action":
            return await self._card_action(turn_context)
        if name == "composeExtension/query":
            return await self._search(turn_context)
        return await super().on_invoke_activity(turn_context)

    async def _card_action(self, turn_context: TurnContext) -> InvokeResponse:
        value = turn_context.activity.value
        action = value.get("action") if isinstance(value, dict) else None
        if not isinstance(action, dict) or action.get("type") not in (None, "Action.Execute"):
            return card_invoke_response(error_card("That button sent nothing eebot understands."))
        data = _mapping(action.get("data"))
        verb = action.get("verb")
        try:
            context = await self._context(turn_context)
        except EebotError as exc:
            log.error("cannot identify the asker: %s", exc)
            return card_invoke_response(apology_card())
        card = await self.router.action_data(context, {**data, "verb": verb})
        return card_invoke_response(card)

    async def _search(self, turn_context: TurnContext) -> InvokeResponse:
        value = _mapping(turn_context.activity.value)
        query = ""
        for parameter in value.get("parameters") or []:
            if isinstance(parameter, dict) and parameter.get("name") != "initialRun":
                query = str(parameter.get("value") or "")
        options = _mapping(value.get("queryOptions"))
        skip = _whole(options.get("skip"), 0)
        count = min(_whole(options.get("count"), SEARCH_PAGE), 25) or SEARCH_PAGE
        try:
            hits = await search_schools(
                UnitOfWork(self.database), self.policy, query, self.today(), skip=skip, count=count
            )
        except EebotError as exc:
            log.error("school search failed: %s", exc)
            hits = []
        return InvokeResponse(
            status=200,
            body={
                "composeExtension": {
                    "type": "result",
                    "attachmentLayout": "list",
                    "attachments": [search_result(hit) for hit in hits],
                }
            },
        )

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        recipient = activity.recipient.id if activity.recipient else None
        added: list[ChannelAccount] = activity.members_added or []
        if any(member.id == recipient for member in added):
            await self._installed(turn_context)

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        await self._installed(turn_context)

    async def on_installation_update_remove(self, turn_context: TurnContext) -> None:
        """Uninstalled: forget the address, which no longer reaches anyone."""
        try:
            async with UnitOfWork(self.database) as uow:
                await uow.conversations.forget(turn_context.activity.conversation.id)
                await uow.commit()
        except EebotError as exc:
            log.error("cannot forget the conversation address: %s", exc)

    async def _installed(self, turn_context: TurnContext) -> None:
        """Store where this conversation is, and say hello the first time only."""
        activity = turn_context.activity
        reference = TurnContext.get_conversation_reference(activity)
        scope = scope_of(activity)
        sender = activity.from_property
        tenant = _tenant_of(activity)
        address = ConversationAddress(
            conversation_id=activity.conversation.id,
            channel_id=activity.channel_id or "",
            scope=scope,
            reference=json.dumps(reference.serialize()),
            tenant_id=tenant,
            entra_object_id=(
                getattr(sender, "aad_object_id", None) if scope == "personal" else None
            ),
        )
        try:
            async with UnitOfWork(self.database) as uow:
                first_time = await uow.conversations.save(address)
                await uow.commit()
        except EebotError as exc:
            log.error("cannot store the conversation address: %s", exc)
            return
        if first_time:
            context = await self._context(turn_context)
            lines = [(c.usage, c.help) for c in self.router.usable_by(context.asker)]
            await turn_context.send_activity(card_message(welcome_card(lines)))


def _mapping(value: object) -> dict[str, Any]:
    """A JSON object from an activity, or an empty one when it is anything else."""
    return value if isinstance(value, dict) else {}


def _whole(value: Any, default: int) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return default


def _tenant_of(activity: Activity) -> str:
    tenant = _mapping(_mapping(activity.channel_data).get("tenant"))
    return str(tenant.get("id") or (activity.conversation.tenant_id or ""))
