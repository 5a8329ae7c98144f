"""Redelivered activities: the same conversation and activity id act once and answer the same."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from botbuilder.schema import Activity
from sqlalchemy.exc import IntegrityError

from eecore.domain.errors import EebotError
from eecore.store.database import Database
from eecore.store.uow import UnitOfWork

log = logging.getLogger(__name__)
KEEP_FOR = timedelta(days=2)
WAIT_FOR_FIRST = 10.0


@dataclass(frozen=True)
class Answer:
    """What was answered to an activity: HTTP status and JSON body (None for no body)."""

    status: int
    body: Any


def turn_key(activity: Activity) -> str | None:
    """A fixed-length key for an activity, or None when it has no id to recognise it by."""
    conversation = activity.conversation.id if activity.conversation else None
    if not activity.id or not conversation:
        return None
    return hashlib.sha256(f"{conversation}\n{activity.id}".encode()).hexdigest()


class Replays:
    """Claims each activity in the database before it runs, and keeps what it answered."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def claim(self, key: str) -> Answer | None:
        """None if this activity is new (and now claimed); otherwise the earlier answer.

        An activity still being handled elsewhere is waited for, up to ten seconds; if it has
        not finished by then the redelivery is acknowledged with an empty 200.
        """
        try:
            async with UnitOfWork(self.database) as uow:
                await uow.turns.claim(key)
                await uow.turns.prune(datetime.now(UTC) - KEEP_FOR)
                await uow.commit()
            return None
        except IntegrityError:
            pass
        except EebotError as exc:
            log.error("cannot check for a redelivery, handling the activity anyway: %s", exc)
            return None
        log.info("redelivered activity: answering as before")
        deadline = asyncio.get_running_loop().time() + WAIT_FOR_FIRST
        while True:
            async with UnitOfWork(self.database) as uow:
                seen = await uow.turns.get(key)
            if seen is None:  # the first attempt failed and let go: run it again
                return await self.claim(key)
            if seen.finished:
                body = json.loads(seen.response) if seen.response else None
                return Answer(seen.status or 200, body)
            if asyncio.get_running_loop().time() > deadline:
                return Answer(200, None)
            await asyncio.sleep(0.1)

    async def finish(self, key: str, answer: Answer) -> None:
        try:
            async with UnitOfWork(self.database) as uow:
                body = json.dumps(answer.body) if answer.body is not None else None
                await uow.turns.finish(key, answer.status, body)
                await uow.commit()
        except EebotError as exc:
            log.error("cannot record the answer to an activity: %s", exc)

    async def release(self, key: str) -> None:
        """Let a failed activity be tried again when it is redelivered."""
        try:
            async with UnitOfWork(self.database) as uow:
                await uow.turns.forget(key)
                await uow.commit()
        except EebotError as exc:
            log.error("cannot release a failed activity: %s", exc)
