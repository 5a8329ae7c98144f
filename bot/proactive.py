"""The one outbound path for every message the bot sends on its own (reminders, notices, updates).

`ProactiveSender` posts activities straight to the Bot Connector REST API,
`POST {serviceUrl}/v3/conversations/{conversationId}/activities` (and `PUT .../{activityId}` to
update a card in place), with the service URL kept in the conversation's stored reference.

- One `aiohttp.ClientSession` per application, shared with the token provider; build the
  sender inside the running loop (`ProactiveSender.from_settings` in a cleanup context), never
  at import time, and `await sender.close()` at exit.
- Rate limits as Teams sets them: at most 7 messages a second and 60 per 30 seconds in one
  conversation, and a ceiling per tenant (EEBOT_TENANT_SEND_RATE, 30 a second by default). The
  windows are sliding and strict: a request counts from when it starts until a window's length
  after its answer came, so the channel never sees more than the limit in any window, however
  the network delays some requests and not others. Every try takes a place.
- Retries: 412, 429, 502, 504, network errors and timeouts are tried again, up to `max_tries`
  in all, after an exponential backoff with jitter, or after `Retry-After` when the channel says
  how long. Any other 4xx fails at once. A POST that timed out or met a 502/504 may have been
  applied already: it is tried again all the same (the issue asks for it), so a message can
  arrive twice; the attempts are recorded.
- Every message is recorded in `outbound_message`: queued, then sent (with the activity id the
  channel answered), failed (refused for good) or gave_up (tries exhausted), with the number of
  attempts and the last error. A person who never installed the app gets an `undeliverable` row,
  and the advisors of the establishments they lead are told.
- Logs carry purposes, conversation ids, statuses and counts: never tokens, names or contents.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import random
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

import aiohttp
from sqlalchemy.exc import SQLAlchemyError
from yarl import URL

from bot.settings import BotSettings
from eecore.domain.errors import EebotError
from eecore.domain.people import Person
from eecore.store.database import Database
from eecore.store.outbound import (
    FAILED,
    GAVE_UP,
    SENT,
    UNDELIVERABLE,
    OutboundRepository,
)
from eecore.store.repositories import ConversationAddress
from eecore.store.uow import UnitOfWork

log = logging.getLogger(__name__)

SCOPE = "https://api.botframework.com/.default"
TOKEN_URL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
MULTI_TENANT = "botframework.com"
"""The token authority of a multi-tenant bot (no tenant of its own)."""
REFRESH_MARGIN = 5 * 60.0
"""A cached token is replaced this many seconds before it expires."""

RETRYABLE = frozenset({412, 429, 502, 504})
CONVERSATION_WINDOWS: tuple[tuple[int, float], ...] = ((7, 1.0), (60, 30.0))
"""(messages, seconds): Teams' limits for one bot in one conversation."""
NOTICE_PURPOSE = "undeliverable_notice"

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


# Tokens


class TokenError(Exception):
    """No token for the Bot Connector; `retryable` when trying again later may help."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


class TokenProvider(Protocol):
    """Where the bearer token for the Bot Connector comes from (None: send without one)."""

    async def token(self) -> str | None: ...


class NoToken:
    """Anonymous local mode (the Bot Framework Emulator): no Authorization header."""

    async def token(self) -> str | None:
        return None


class ClientCredentialsToken:
    """An OAuth2 client-credentials token for the bot's app registration, cached until
    five minutes before it expires. Concurrent callers share one fetch."""

    def __init__(
        self,
        app_id: str,
        password: str,
        tenant_id: str,
        session: aiohttp.ClientSession,
        *,
        token_url: str | None = None,
        scope: str = SCOPE,
        refresh_margin: float = REFRESH_MARGIN,
        timeout: float = 10.0,
    ) -> None:
        self.app_id = app_id
        self._password = password
        self.session = session
        self.token_url = token_url or TOKEN_URL.format(tenant=tenant_id or MULTI_TENANT)
        self.scope = scope
        self.refresh_margin = refresh_margin
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()

    def __repr__(self) -> str:
        return f"ClientCredentialsToken(app_id={self.app_id!r}, token_url={self.token_url!r})"

    def invalidate(self) -> None:
        """Forget the cached token (the channel refused it): the next call fetches another."""
        self._token = None
        self._expires_at = 0.0

    async def token(self) -> str | None:
        loop = asyncio.get_running_loop()
        if self._token is not None and loop.time() < self._expires_at:
            return self._token
        async with self._lock:
            if self._token is not None and loop.time() < self._expires_at:
                return self._token
            token, expires_in = await self._fetch()
            self._token = token
            self._expires_at = loop.time() + expires_in - self.refresh_margin
            log.info("fetched a Bot Framework token valid for %d s", int(expires_in))
            return token

    async def _fetch(self) -> tuple[str, float]:
        form = {
            "grant_type": "client_credentials",
            "client_id": self.app_id,
            "client_secret": self._password,
            "scope": self.scope,
        }
        try:
            async with self.session.post(
                self.token_url, data=form, timeout=self.timeout
            ) as response:
                status = response.status
                body: Any = await response.json(content_type=None) if status == 200 else None
                if status != 200:
                    error = await _error_code(response)
        except TimeoutError:
            raise TokenError("the token endpoint timed out", retryable=True) from None
        except (aiohttp.ClientError, ValueError) as exc:
            raise TokenError(
                f"the token endpoint failed: {type(exc).__name__}", retryable=True
            ) from None
        if status != 200:
            raise TokenError(
                f"the token endpoint answered HTTP {status}{error}",
                retryable=status == 429 or status >= 500,
            )
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise TokenError("the token endpoint answered without a token", retryable=True)
        try:
            expires_in = float(body.get("expires_in", 3600))
        except (TypeError, ValueError):
            expires_in = 3600.0
        return token, expires_in


async def _error_code(response: aiohttp.ClientResponse) -> str:
    """The OAuth2 `error` code of a refusal (never its description, which may quote input)."""
    try:
        body = await response.json(content_type=None)
    except (ValueError, aiohttp.ClientError):
        return ""
    code = body.get("error") if isinstance(body, dict) else None
    return f" ({code})" if isinstance(code, str) and code.isascii() and len(code) < 60 else ""


# Rate limits


class SlidingWindow:
    """At most `limit` requests in any `period` seconds, as the receiving end counts them.

    A request takes its place when it starts (`reserve`) and is dated when its answer came
    (`complete`): it reached the channel no later than that. The next one past the limit starts
    only `period` after that date, so however long the network held any of them, the channel
    never sees more than `limit` in a window. A request still under way never leaves the window.
    """

    def __init__(self, limit: int, period: float) -> None:
        if limit < 1 or period <= 0:
            raise ValueError("a window needs a limit of at least 1 and a positive period")
        self.limit = limit
        self.period = period
        self.pending = 0
        self._times: deque[float] = deque()

    def wait(self, now: float) -> float | None:
        """Seconds until one more request fits (0: now; None: when one under way finishes)."""
        times = self._times
        while times and times[0] <= now - self.period:
            times.popleft()
        if len(times) + self.pending < self.limit:
            return 0.0
        if not times:
            return None
        return times[0] + self.period - now

    def reserve(self) -> None:
        self.pending += 1

    def complete(self, now: float) -> None:
        self.pending -= 1
        self._times.append(now)

    def record(self, now: float) -> None:
        """A request that started and finished at `now`."""
        self._times.append(now)

    def idle(self, now: float) -> bool:
        return self.wait(now) == 0.0 and not self._times and not self.pending


def rate_window(rate: float) -> tuple[int, float]:
    """(messages, seconds) for a rate in messages a second: 30 → (30, 1.0), 0.5 → (1, 2.0)."""
    if rate <= 0:
        raise ValueError("a send rate must be positive")
    limit = max(1, math.floor(rate))
    return limit, limit / rate


class _Gate:
    """The windows of one conversation or tenant, and a lock that keeps its callers in order."""

    def __init__(self, windows: Sequence[tuple[int, float]], margin: float) -> None:
        self.windows = [SlidingWindow(limit, period + margin) for limit, period in windows]
        self.lock = asyncio.Lock()

    def idle(self, now: float) -> bool:
        return not self.lock.locked() and all(w.idle(now) for w in self.windows)


class SendRateLimiter:
    """Per-conversation windows (7 a second and 60 per 30 seconds) and a per-tenant ceiling.

    `async with limiter.slot(conversation, tenant):` waits until one more request may start,
    and holds its place until the block ends (send the request and read its answer inside).
    Conversations wait independently of each other; the tenant's ceiling is shared by all its
    conversations. Windows are `margin` seconds longer than their nominal period.
    """

    PRUNE_ABOVE = 1000

    def __init__(
        self,
        *,
        tenant_rate: float = 30.0,
        conversation_windows: Sequence[tuple[int, float]] = CONVERSATION_WINDOWS,
        margin: float = 0.01,
        clock: Clock | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.tenant_window = rate_window(tenant_rate)
        self.conversation_windows = tuple(conversation_windows)
        self.margin = margin
        self._clock = clock
        self._sleep = sleep
        self._conversations: dict[str, _Gate] = {}
        self._tenants: dict[str, _Gate] = {}
        self._finished = asyncio.Event()
        """Set (and replaced) whenever a request finishes: a place may have come free."""

    def _now(self) -> float:
        return self._clock() if self._clock else asyncio.get_running_loop().time()

    def _gate(
        self, gates: dict[str, _Gate], key: str, windows: Sequence[tuple[int, float]]
    ) -> _Gate:
        gate = gates.get(key)
        if gate is None:
            gate = gates[key] = _Gate(windows, self.margin)
        return gate

    @asynccontextmanager
    async def slot(self, conversation_id: str, tenant_id: str = "") -> AsyncIterator[None]:
        conversation = self._gate(self._conversations, conversation_id, self.conversation_windows)
        tenant = self._gate(self._tenants, tenant_id, (self.tenant_window,))
        windows = conversation.windows + tenant.windows
        async with conversation.lock:
            while True:
                finished = self._finished
                waits = [window.wait(self._now()) for window in windows]
                if all(wait == 0.0 for wait in waits):
                    for window in windows:  # no await since the check: nobody got in between
                        window.reserve()
                    break
                if any(wait is None for wait in waits):
                    await finished.wait()
                else:
                    await self._sleep(max(wait for wait in waits if wait is not None))
        try:
            yield
        finally:
            now = self._now()
            for window in windows:
                window.complete(now)
            self._finished.set()
            self._finished = asyncio.Event()
            if len(self._conversations) > self.PRUNE_ABOVE:
                self._prune()

    def _prune(self) -> None:
        now = self._now()
        for key, gate in list(self._conversations.items()):
            if gate.idle(now):
                del self._conversations[key]


# Sending


@dataclass(frozen=True)
class SendOutcome:
    """What became of one message."""

    status: str
    """sent, failed, gave_up or undeliverable (the names in eecore.store.outbound)."""
    attempts: int = 0
    activity_id: str = ""
    """The channel's id of the activity sent or updated."""
    http_status: int | None = None
    """The last HTTP status the channel answered, if it answered."""
    error: str = ""
    outbound_id: int | None = None
    """The outbound_message row, unless it could not be recorded."""
    notified: int = 0
    """For an undeliverable message: how many advisors were told."""

    @property
    def ok(self) -> bool:
        return self.status == SENT


@dataclass(frozen=True)
class _Target:
    url: URL
    data: bytes
    """The activity as JSON."""


class ProactiveSender:
    """Sends and updates activities in stored conversations, with limits, retries and a record."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        tokens: TokenProvider,
        database: Database,
        *,
        limiter: SendRateLimiter | None = None,
        tenant_rate: float = 30.0,
        max_tries: int = 5,
        backoff_base: float = 1.0,
        backoff_max: float = 30.0,
        timeout: float = 15.0,
        max_retry_after: float = 120.0,
        rng: random.Random | None = None,
        sleep: Sleep = asyncio.sleep,
        owns_session: bool = False,
    ) -> None:
        if max_tries < 1:
            raise ValueError("max_tries must be at least 1")
        self.session = session
        self.tokens = tokens
        self.database = database
        self.limiter = limiter or SendRateLimiter(tenant_rate=tenant_rate)
        self.max_tries = max_tries
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self.max_retry_after = max_retry_after
        self.rng = rng or random.Random()
        self._sleep = sleep
        self._owns_session = owns_session

    @classmethod
    def from_settings(cls, settings: BotSettings, database: Database) -> ProactiveSender:
        """The app's one sender, with its own session: call inside the running loop, once."""
        session = aiohttp.ClientSession()
        tokens: TokenProvider
        if settings.dev_anonymous or not settings.app_id:
            tokens = NoToken()
        else:
            tokens = ClientCredentialsToken(
                settings.app_id, settings.app_password, settings.app_tenant_id, session
            )
        return cls(
            session,
            tokens,
            database,
            tenant_rate=settings.tenant_send_rate,
            max_tries=settings.send_max_tries,
            timeout=settings.send_timeout,
            owns_session=True,
        )

    async def close(self) -> None:
        if self._owns_session:
            await self.session.close()

    async def __aenter__(self) -> ProactiveSender:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    # The public operations

    async def send(
        self, address: ConversationAddress, activity: dict[str, Any], purpose: str
    ) -> SendOutcome:
        """Post a new activity to a conversation; the outcome is also recorded."""
        return await self._deliver("POST", address, activity, purpose, None)

    async def update(
        self,
        address: ConversationAddress,
        activity_id: str,
        activity: dict[str, Any],
        purpose: str,
    ) -> SendOutcome:
        """Replace an activity the bot sent earlier (a card updated in place)."""
        return await self._deliver("PUT", address, activity, purpose, activity_id)

    async def send_to_person(
        self, person: Person, activity: dict[str, Any], purpose: str
    ) -> SendOutcome:
        """Send to a person's personal chat with the bot; if they have none, record the message
        as undeliverable and tell the advisors of the establishments they lead."""
        object_id = person.entra_object_id.strip()
        async with UnitOfWork(self.database) as uow:
            address = await uow.conversations.personal_for(object_id) if object_id else None
        if address is not None:
            return await self.send(address, activity, purpose)
        return await self._undeliverable(person, activity, purpose)

    # Delivery

    async def _deliver(
        self,
        method: str,
        address: ConversationAddress,
        activity: dict[str, Any],
        purpose: str,
        activity_id: str | None,
    ) -> SendOutcome:
        payload = json.dumps(activity, default=str)
        outbound_id = await self._record_queued(address, purpose, payload)
        try:
            target = _target(address, activity, activity_id)
        except (ValueError, TypeError) as exc:
            log.error("cannot send %s to %s: %s", purpose, address.conversation_id, exc)
            await self._finish(outbound_id, FAILED, 0, str(exc))
            return SendOutcome(FAILED, 0, error=str(exc), outbound_id=outbound_id)
        attempts = 0
        while True:
            attempts += 1
            status: int | None = None
            retry_after: str | None = None
            retry = True
            try:
                status, retry_after, answer = await self._try(method, address, target)
            except TokenError as exc:
                error = f"no token: {exc}"
                retry = exc.retryable
            except TimeoutError:
                error = f"timed out after {self.timeout.total:g} s"
            except aiohttp.ClientError as exc:
                error = f"network error: {type(exc).__name__}: {exc}"[:300]
            else:
                if 200 <= status < 300:
                    sent_id = _activity_id(answer) or activity_id or ""
                    await self._finish(outbound_id, SENT, attempts, "", sent_id)
                    log.info(
                        "sent %s to %s (%s) in %d tr%s",
                        purpose,
                        address.conversation_id,
                        method,
                        attempts,
                        "y" if attempts == 1 else "ies",
                    )
                    return SendOutcome(SENT, attempts, sent_id, status, outbound_id=outbound_id)
                error = f"HTTP {status}: {answer[:300]}" if answer else f"HTTP {status}"
                if status == 401:
                    self._invalidate_token()
                retry = status in RETRYABLE
            if not retry:
                log.error(
                    "%s to %s failed: %s",
                    purpose,
                    address.conversation_id,
                    f"HTTP {status}" if status else error.split(":")[0],
                )
                await self._finish(outbound_id, FAILED, attempts, error)
                return SendOutcome(FAILED, attempts, "", status, error, outbound_id)
            delay = self._delay(attempts, retry_after)
            if attempts >= self.max_tries or delay is None:
                if delay is None:
                    error = f"{error} (Retry-After {retry_after} is too long to wait)"
                log.error(
                    "gave up sending %s to %s after %d tries (last: %s)",
                    purpose,
                    address.conversation_id,
                    attempts,
                    f"HTTP {status}" if status else error.split(":")[0],
                )
                await self._finish(outbound_id, GAVE_UP, attempts, error)
                return SendOutcome(GAVE_UP, attempts, "", status, error, outbound_id)
            log.warning(
                "%s to %s: try %d met %s; again in %.2f s",
                purpose,
                address.conversation_id,
                attempts,
                f"HTTP {status}" if status else error.split(":")[0],
                delay,
            )
            await self._note_attempt(outbound_id, attempts, error)
            await self._sleep(delay)

    async def _try(
        self, method: str, address: ConversationAddress, target: _Target
    ) -> tuple[int, str | None, str]:
        """One request: (status, Retry-After, body text). The token is fetched before the rate
        slot is taken, so that the slot's time is the request's."""
        token = await self.tokens.token()
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        async with (
            self.limiter.slot(address.conversation_id, address.tenant_id),
            self.session.request(
                method,
                target.url,
                data=target.data,
                headers={**headers, "Content-Type": "application/json; charset=utf-8"},
                timeout=self.timeout,
            ) as response,
        ):
            text = (await response.read()).decode("utf-8", "replace")
            return response.status, response.headers.get("Retry-After"), text

    def _delay(self, attempts: int, retry_after: str | None) -> float | None:
        """Seconds to wait before the next try: the backoff with jitter, or at least what
        Retry-After asks; None when Retry-After asks for longer than max_retry_after."""
        backoff = min(self.backoff_max, self.backoff_base * 2.0 ** (attempts - 1))
        jittered = backoff * (0.5 + self.rng.random() / 2)
        asked = parse_retry_after(retry_after)
        if asked is None:
            return jittered
        if asked > self.max_retry_after:
            return None
        return max(asked, jittered)

    def _invalidate_token(self) -> None:
        invalidate = getattr(self.tokens, "invalidate", None)
        if callable(invalidate):
            invalidate()

    # The undeliverable

    async def _undeliverable(
        self, person: Person, activity: dict[str, Any], purpose: str
    ) -> SendOutcome:
        reason = f"person {person.id} has not installed eebot: no personal conversation"
        advisors: dict[int | None, Person] = {}
        reachable: list[tuple[Person, ConversationAddress]] = []
        names: dict[str, str] = {}
        async with UnitOfWork(self.database) as uow:
            for urn in sorted(person.led_establishments):
                for advisor in await uow.people.advisors_of(urn):
                    advisors.setdefault(advisor.id, advisor)
            for advisor in advisors.values():
                if advisor.id == person.id or not advisor.entra_object_id:
                    continue
                found = await uow.conversations.personal_for(advisor.entra_object_id)
                if found is not None:
                    reachable.append((advisor, found))
            names = {
                urn: e.name
                for urn, e in (await uow.establishments.get_many(person.led_establishments)).items()
            }
        outbound_id = await self._record(
            lambda repo: repo.record_undeliverable(
                conversation_id="",
                tenant_id="",
                purpose=purpose,
                payload=json.dumps(activity, default=str),
                reason=reason,
            )
        )
        log.warning(
            "%s to person %s is undeliverable: no personal conversation; telling %d advisor(s)",
            purpose,
            person.id,
            len(reachable),
        )
        notice = _notice(person, purpose, [names.get(u, u) for u in sorted(names)])
        told = 0
        for advisor, address in reachable:
            outcome = await self.send(address, notice, NOTICE_PURPOSE)
            told += outcome.ok
            if not outcome.ok:
                log.warning("could not tell advisor %s about person %s", advisor.id, person.id)
        if told == 0:
            log.error(
                "%s to person %s is undeliverable and no advisor could be told (%d found)",
                purpose,
                person.id,
                len(advisors),
            )
        return SendOutcome(UNDELIVERABLE, error=reason, outbound_id=outbound_id, notified=told)

    # The record (a database that cannot record does not stop the message)

    async def _record(self, write: Callable[[OutboundRepository], Any]) -> int | None:
        try:
            async with UnitOfWork(self.database) as uow:
                result = await write(OutboundRepository(uow.session))
                await uow.commit()
        except (EebotError, SQLAlchemyError, LookupError) as exc:
            log.error("cannot record an outbound message: %s", type(exc).__name__)
            return None
        return result if isinstance(result, int) else None

    async def _record_queued(
        self, address: ConversationAddress, purpose: str, payload: str
    ) -> int | None:
        return await self._record(
            lambda repo: repo.record_queued(
                conversation_id=address.conversation_id,
                tenant_id=address.tenant_id,
                purpose=purpose,
                payload=payload,
            )
        )

    async def _note_attempt(self, outbound_id: int | None, attempts: int, error: str) -> None:
        if outbound_id is not None:
            await self._record(lambda repo: repo.note_attempt(outbound_id, attempts, error))

    async def _finish(
        self,
        outbound_id: int | None,
        status: str,
        attempts: int,
        error: str,
        activity_id: str = "",
    ) -> None:
        if outbound_id is None:
            return
        if status == SENT:
            await self._record(lambda repo: repo.mark_sent(outbound_id, attempts, activity_id))
        elif status == FAILED:
            await self._record(lambda repo: repo.mark_failed(outbound_id, attempts, error))
        else:
            await self._record(lambda repo: repo.mark_gave_up(outbound_id, attempts, error))


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date; None if absent or bad."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, seconds)


def _target(
    address: ConversationAddress, activity: dict[str, Any], activity_id: str | None
) -> _Target:
    """The URL and body for an activity in a stored conversation."""
    try:
        reference = json.loads(address.reference)
    except ValueError:
        raise ValueError("the stored conversation reference is not JSON") from None
    if not isinstance(reference, dict):
        raise ValueError("the stored conversation reference is not an object")
    service_url = reference.get("serviceUrl") or reference.get("service_url")
    if not isinstance(service_url, str) or urlsplit(service_url).scheme not in ("http", "https"):
        raise ValueError("the stored conversation reference has no serviceUrl")
    conversation = reference.get("conversation")
    conversation = dict(conversation) if isinstance(conversation, dict) else {}
    conversation_id = str(conversation.get("id") or address.conversation_id)
    if not conversation_id:
        raise ValueError("the stored conversation reference has no conversation id")
    conversation["id"] = conversation_id
    path = f"/v3/conversations/{quote(conversation_id, safe='')}/activities"
    if activity_id is not None:
        path += f"/{quote(activity_id, safe='')}"
    url = URL(service_url.rstrip("/") + path, encoded=True)
    body = dict(activity)
    body.setdefault("type", "message")
    body.setdefault("conversation", conversation)
    body.setdefault("channelId", reference.get("channelId") or address.channel_id)
    body.setdefault("serviceUrl", service_url)
    if isinstance(reference.get("bot"), dict):
        body.setdefault("from", reference["bot"])
    if isinstance(reference.get("user"), dict) and address.scope == "personal":
        body.setdefault("recipient", reference["user"])
    if activity_id is not None:
        body["id"] = activity_id
    try:
        data = json.dumps(body, ensure_ascii=False).encode()
    except (TypeError, ValueError):
        raise ValueError("the activity cannot be written as JSON") from None
    return _Target(url, data)


def _activity_id(answer: str) -> str:
    """The `id` of a ResourceResponse body, if there is one."""
    try:
        body = json.loads(answer) if answer else None
    except ValueError:
        return ""
    value = body.get("id") if isinstance(body, dict) else None
    return str(value) if value else ""


def _notice(person: Person, purpose: str, establishments: Sequence[str]) -> dict[str, Any]:
    """The plain text an advisor gets when a person they support cannot be reached."""
    where = f" ({', '.join(establishments)})" if establishments else ""
    what = purpose.replace("_", " ")
    return {
        "type": "message",
        "text": (
            f"eebot could not send {person.name}{where} a message ({what}): they have not "
            "installed eebot in Teams. Please pass it on, or ask them to add eebot."
        ),
    }
