"""The reminder loop that runs inside each bot process: claim what is due, send it, mark it.

Any number of bot processes may run it against one database: a reminder is claimed by one
process at a time (under a lease) and marked by that process only, so it is sent once. A process
killed mid-send loses nothing: when its lease runs out, another process claims the reminder.

    loop = ReminderLoop(database, policy, send, worker_id="web-1", poll_seconds=30)
    loop.start()      # an asyncio task
    ...
    await loop.stop()

`send(claimed)` delivers one reminder and returns True when it went, False when it should be
tried again later; an exception or a timeout counts as False.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from eecore.domain.policy import Policy
from eecore.domain.reminders import Claimed, ReminderRules
from eecore.services import reminders as service
from eecore.store.database import Database
from eecore.store.uow import UnitOfWork

log = logging.getLogger(__name__)

Send = Callable[[Claimed], Awaitable[bool]]
Clock = Callable[[], datetime]


def default_worker_id() -> str:
    """A name for this process that no other process shares: host, pid and a random tail."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class RoundResult:
    """What one pass of the loop did."""

    claimed: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    lost: int = 0
    """Marks refused because another worker holds the claim now (our lease ran out)."""
    left: int = 0
    """Claimed but not tried because too little of the lease was left; they come back later."""


class ReminderLoop:
    """Claims due reminders every `poll_seconds`, checks they still apply, sends, and marks."""

    def __init__(
        self,
        database: Database,
        policy: Policy,
        send: Send,
        worker_id: str | None = None,
        poll_seconds: float = 30.0,
        *,
        rules: ReminderRules | None = None,
        batch_size: int = 20,
        lease: timedelta = timedelta(minutes=5),
        send_timeout: float | None = None,
        max_attempts: int = service.MAX_ATTEMPTS,
        retry_backoff: timedelta = service.RETRY_BACKOFF,
        digests_every: timedelta | None = timedelta(hours=1),
        clock: Clock = _utcnow,
    ) -> None:
        if poll_seconds <= 0 or batch_size <= 0 or lease <= timedelta(0):
            raise ValueError("poll_seconds, batch_size and lease must be positive")
        self.database = database
        self.policy = policy
        self.send = send
        self.worker_id = worker_id or default_worker_id()
        self.poll_seconds = poll_seconds
        self.rules = rules or ReminderRules(policy.calendar)
        self.batch_size = batch_size
        self.lease = lease
        self.send_timeout = send_timeout if send_timeout is not None else lease.total_seconds() / 4
        self.max_attempts = max_attempts
        self.retry_backoff = retry_backoff
        self.digests_every = digests_every
        self.clock = clock
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._digests_at: datetime | None = None

    def _uow(self) -> UnitOfWork:
        return UnitOfWork(self.database)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Run the loop as an asyncio task until stop()."""
        if self.running:
            return
        self._stopping = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name=f"reminders:{self.worker_id}")

    async def stop(self, grace: float = 10.0) -> None:
        """Stop after the reminder being sent now; cancel if that takes longer than `grace`.

        Anything claimed but not marked returns to the others when its lease runs out."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), grace)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        log.info("reminder loop %s started", self.worker_id)
        while not self._stopping.is_set():
            full = False
            try:
                await self._maybe_schedule_digests()
                result = await self.run_once()
                full = result.claimed >= self.batch_size
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("reminder loop %s: a pass failed", self.worker_id)
            if full:
                continue  # more are waiting: go again at once
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.poll_seconds)
        log.info("reminder loop %s stopped", self.worker_id)

    async def _maybe_schedule_digests(self) -> None:
        if self.digests_every is None:
            return
        now = self.clock()
        if self._digests_at is not None and now - self._digests_at < self.digests_every:
            return
        self._digests_at = now
        await service.schedule_weekly_digests(self._uow(), self.rules, now)

    async def run_once(self) -> RoundResult:
        """Claim one batch of due reminders and deal with each; what happened."""
        result = RoundResult()
        batch = await service.claim_due(
            self._uow(), self.worker_id, self.clock(), self.batch_size, self.lease
        )
        result.claimed = len(batch)
        if not batch:
            return result
        reasons = await service.skip_reasons(self._uow(), batch)
        for index, claimed in enumerate(batch):
            if self._stopping.is_set() and index:
                result.left += len(batch) - index
                break
            if claimed.id in reasons:
                await self._skip(claimed, reasons[claimed.id], result)
            elif claimed.attempts > self.max_attempts:
                await self._fail(claimed, "too many attempts (the sender kept stopping)", result)
            elif self.clock() + timedelta(seconds=self.send_timeout) >= claimed.claimed_until:
                # Too little lease left to send safely: another worker may soon claim it.
                result.left += len(batch) - index
                break
            else:
                await self._send(claimed, result)
        return result

    async def _skip(self, claimed: Claimed, reason: str, result: RoundResult) -> None:
        if await service.mark_skipped(
            self._uow(), claimed.id, self.worker_id, reason, self.clock()
        ):
            result.skipped += 1
            log.info("reminder %s skipped: %s", claimed.key, reason)
        else:
            result.lost += 1

    async def _fail(self, claimed: Claimed, error: str, result: RoundResult) -> None:
        if await service.mark_failed(
            self._uow(),
            self.rules,
            claimed,
            self.worker_id,
            error,
            self.clock(),
            max_attempts=self.max_attempts,
            backoff=self.retry_backoff,
        ):
            result.failed += 1
            log.warning(
                "reminder %s not sent (attempt %s): %s", claimed.key, claimed.attempts, error
            )
        else:
            result.lost += 1

    async def _send(self, claimed: Claimed, result: RoundResult) -> None:
        try:
            ok = await asyncio.wait_for(self.send(claimed), self.send_timeout)
            error = "" if ok else "the sender said no"
        except asyncio.CancelledError:
            raise
        except TimeoutError:
            ok, error = False, f"sending took longer than {self.send_timeout:g} s"
        except Exception as exc:
            ok, error = False, f"{type(exc).__name__}: {exc}"
        if not ok:
            await self._fail(claimed, error, result)
            return
        if await service.mark_sent(self._uow(), claimed.id, self.worker_id, self.clock()):
            result.sent += 1
        else:
            result.lost += 1
            log.warning(
                "reminder %s was sent but its claim had passed to another worker", claimed.key
            )
