"""The outbound path against a local stub Bot Connector: retries, limits, tokens and the record."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.proactive import (
    ClientCredentialsToken,
    NoToken,
    ProactiveSender,
    SendRateLimiter,
    SlidingWindow,
    TokenProvider,
    parse_retry_after,
    rate_window,
)
from eecore.domain.people import Person
from eecore.store.database import Database
from eecore.store.outbound import OutboundMessage, OutboundRepository
from eecore.store.repositories import ConversationAddress
from eecore.store.uow import UnitOfWork
from tests.bot.conftest import ADELE, ALEX, PATTI

SECRET = "s3cret-password"


@dataclass
class Hit:
    at: float
    method: str
    conversation_id: str
    activity_id: str | None
    authorization: str | None
    body: dict[str, Any]


@dataclass
class Stub:
    """A scripted Bot Connector and token endpoint on 127.0.0.1.

    `script` is consumed one answer per request: (status, headers) or ("slow", seconds) to wait
    before answering 201; when it runs out, `default` answers.
    """

    script: list[tuple[Any, Any]] = field(default_factory=list)
    default: tuple[Any, Any] = (201, {})
    hits: list[Hit] = field(default_factory=list)
    token_calls: list[dict[str, str]] = field(default_factory=list)
    token_answer: tuple[int, dict[str, Any]] = (
        200,
        {"access_token": "tok-1", "expires_in": 3600, "token_type": "Bearer"},
    )
    release: asyncio.Event = field(default_factory=asyncio.Event)
    url: str = ""

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities", self.activity)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self.activity)
        app.router.add_post("/token", self.token)
        return app

    async def activity(self, request: web.Request) -> web.Response:
        loop = asyncio.get_running_loop()
        hit = Hit(
            at=loop.time(),
            method=request.method,
            conversation_id=request.match_info["conversation"],
            activity_id=request.match_info.get("activity"),
            authorization=request.headers.get("Authorization"),
            body=await request.json(),
        )
        self.hits.append(hit)
        kind, detail = self.script.pop(0) if self.script else self.default
        if kind == "slow":
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.release.wait(), detail)
            kind, detail = 201, {}
        if kind in (200, 201):
            return web.json_response(
                {"id": hit.activity_id or f"act-{len(self.hits)}"}, status=kind
            )
        return web.json_response(
            {"error": {"code": "Stub", "message": "scripted"}}, status=kind, headers=detail
        )

    async def token(self, request: web.Request) -> web.Response:
        form = await request.post()
        self.token_calls.append({k: str(v) for k, v in form.items()})
        status, body = self.token_answer
        return web.json_response(body, status=status)

    def for_conversation(self, conversation_id: str) -> list[Hit]:
        return [hit for hit in self.hits if hit.conversation_id == conversation_id]


@pytest.fixture
async def stub() -> AsyncIterator[Stub]:
    stub = Stub()
    server = TestServer(stub.app(), host="127.0.0.1")
    await server.start_server()
    stub.url = str(server.make_url("")).rstrip("/")
    try:
        yield stub
    finally:
        stub.release.set()
        await server.close()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def address(stub: Stub, conversation_id: str = "a:1xyz", tenant: str = "t1") -> ConversationAddress:
    reference = {
        "activityId": "f:1",
        "user": {"id": "29:user", "aadObjectId": "u"},
        "bot": {"id": "28:bot", "name": "eebot"},
        "conversation": {"conversationType": "personal", "id": conversation_id, "tenantId": tenant},
        "channelId": "msteams",
        "serviceUrl": stub.url + "/",
    }
    return ConversationAddress(
        conversation_id=conversation_id,
        channel_id="msteams",
        scope="personal",
        reference=json.dumps(reference),
        tenant_id=tenant,
    )


def sender(
    session: aiohttp.ClientSession,
    database: Database,
    tokens: TokenProvider | None = None,
    **options: Any,
) -> ProactiveSender:
    options.setdefault("backoff_base", 0.01)
    options.setdefault("timeout", 5.0)
    return ProactiveSender(session, tokens or NoToken(), database, **options)


async def rows(database: Database) -> list[OutboundMessage]:
    async with UnitOfWork(database) as uow:
        return list(reversed(await OutboundRepository(uow.session).recent(500)))


def loop_time() -> float:
    return asyncio.get_running_loop().time()


@dataclass
class Sleeps:
    """Really sleeps, and remembers how long each wait was asked to be: a test then checks the
    waits the sender chose, not how long a busy machine took to get through them."""

    asked: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        await asyncio.sleep(seconds)


@dataclass
class VirtualTime:
    """A clock that moves only when somebody sleeps: each wait is recorded and passes at once."""

    now: float = 0.0
    slept: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


def most_in_any_window(times: list[float], period: float) -> int:
    times = sorted(times)
    return max(
        (sum(1 for t in times[i:] if t < start + period) for i, start in enumerate(times)),
        default=0,
    )


MESSAGE = {"type": "message", "text": "Your visit is on Tuesday"}


# The happy path and the request's shape


async def test_send_posts_to_the_connector_and_records_sent(
    stub: Stub, session: aiohttp.ClientSession, database: Database
) -> None:
    outcome = await sender(session, database).send(address(stub), MESSAGE, "visit_reminder")

    assert outcome.ok and outcome.attempts == 1 and outcome.activity_id == "act-1"
    [hit] = stub.hits
    assert hit.method == "POST" and hit.conversation_id == "a:1xyz"
    assert hit.authorization is None  # anonymous local mode
    assert hit.body["text"] == "Your visit is on Tuesday"
    assert hit.body["conversation"]["id"] == "a:1xyz"
    assert hit.body["from"] == {"id": "28:bot", "name": "eebot"}
    assert hit.body["recipient"]["id"] == "29:user"
    [row] = await rows(database)
    assert (row.status, row.attempts, row.sent_activity_id) == ("sent", 1, "act-1")
    assert (row.conversation_id, row.tenant_id, row.purpose) == ("a:1xyz", "t1", "visit_reminder")
    assert json.loads(row.payload) == MESSAGE
    assert row.finished_at is not None


async def test_conversation_ids_with_reserved_characters_reach_the_right_path(
    stub: Stub, session: aiohttp.ClientSession, database: Database
) -> None:
    odd = "19:abc@thread.tacv2;messageid=123/x?y"
    outcome = await sender(session, database).send(address(stub, odd), MESSAGE, "notice")
    assert outcome.ok
    assert stub.hits[0].conversation_id == odd


async def test_update_puts_the_activity_in_place(
    stub: Stub, session: aiohttp.ClientSession, database: Database
) -> None:
    card = {"type": "message", "attachments": []}
    outcome = await sender(session, database).update(address(stub), "act-7", card, "card_update")

    assert outcome.ok and outcome.activity_id == "act-7"
    [hit] = stub.hits
    assert (hit.method, hit.activity_id, hit.body["id"]) == ("PUT", "act-7", "act-7")
    [row] = await rows(database)
    assert (row.status, row.purpose, row.sent_activity_id) == ("sent", "card_update", "act-7")


async def test_a_reference_without_a_service_url_fails_without_a_request(
    stub: Stub, session: aiohttp.ClientSession, database: Database
) -> None:
    broken = ConversationAddress("a:2", "msteams", "personal", json.dumps({"conversation": {}}))
    outcome = await sender(session, database).send(broken, MESSAGE, "notice")
    assert outcome.status == "failed" and not stub.hits
    [row] = await rows(database)
    assert row.status == "failed" and "serviceUrl" in row.last_error


async def test_an_activity_that_is_not_json_fails_without_a_request(
    stub: Stub, session: aiohttp.ClientSession, database: Database
) -> None:
    odd = {"type": "message", "value": {1, 2}}
    outcome = await sender(session, database).send(address(stub), odd, "notice")
    assert outcome.status == "failed" and not stub.hits
    [row] = await rows(database)
    assert row.status == "failed" and "JSON" in row.last_error


# Retries


async def test_429_waits_for_retry_after_then_sends(
    stub: Stub, session: aiohttp.ClientSession, database: Database
) -> None:
    stub.script = [(429, {"Retry-After": "1"})]
    sleeps = Sleeps()
    outcome = await sender(session, database, sleep=sleeps).send(
        address(stub), MESSAGE, "visit_reminder"
    )

    assert outcome.ok and outcome.attempts == 2
    assert len(stub.hits) == 2
    assert sleeps.asked == [1.0]  # what Retry-After asked, and no more than the backoff
    assert stub.hits[1].at - stub.hits[0].at >= 0.99  # and really waited
    [row] = await rows(database)
    assert (row.status, row.attempts) == ("sent", 2)


async def test_502_twice_then_sent(
    stub: Stub, session: aiohttp.ClientSession, database: Database
) -> None:
    stub.script = [(502, {}), (502, {})]
    outcome = await sender(session, database).send(address(stub), MESSAGE, "visit_reminder")

    assert outcome.ok and outcome.attempts == 3 and len(stub.hits) == 3
    [row] = await rows(database)
    assert (row.status, row.attempts, row.sent_activity_id) == ("sent", 3, "act-3")
    assert "502" in row.last_error  # the last error before it went through is kept


async def test_504_forever_gives_up_after_the_bounded_tries(
    stub: Stub, session: aiohttp.ClientSession, database: Database
) -> None:
    stub.default = (504, {})
    sleeps = Sleeps()
    outcome = await sender(session, database, max_tries=4, backoff_base=0.05, sleep=sleeps).send(
        address(stub), MESSAGE, "visit_reminder"
    )

    assert outcome.status == "gave_up" and outcome.attempts == 4 and outcome.http_status == 504
    assert len(stub.hits) == 4
    # Exponential backoff with jitter: 0.05·2^(n-1), each between half and all of it.
    assert len(sleeps.asked) == 3  # no wait after the last try
    for n, asked in enumerate(sleeps.asked, start=1):
        assert 0.05 * 2 ** (n - 1) * 0.5 <= asked <= 0.05 * 2 ** (n - 1)
    gaps = [b.at - a.at for a, b in zip(stub.hits, stub.hits[1:], strict=False)]
    assert all(gap >= asked for gap, asked in zip(gaps, sleeps.asked, strict=True))
    [row] = await rows(database)
    assert (row.status, row.attempts) == ("gave_up", 4)
    assert row.last_error.startswith("HTTP 504")


async def test_default_bound_is_five_tries(
    stub: Stub, session: aiohttp.ClientSession, database: Database
) -> None:
    stub.default = (429, {})
    outcome = await sender(session, database, backoff_base=0.001).send(
        address(stub), MESSAGE, "visit_reminder"
    )
    assert outcome.status == "gave_up" and outcome.attempts == 5 and len(stub.hits) == 5


async def test_403_fails_at_once_without_a_retry(
    stub: Stub, session: aiohttp.ClientSession, database: Database
) -> None:
    stub.default = (403, {})
    outcome = await sender(session, database).send(address(stub), MESSAGE, "visit_reminder")

    assert outcome.status == "failed" and outcome.attempts == 1 and outcome.http_status == 403
    assert len(stub.hits) == 1
    [row] = await rows(database)
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.last_error.startswith("HTTP 403")


async def test_a_retry_after_too_long_to_wait_gives_up_now(
    stub: Stub, session: aiohttp.ClientSession, database: Database
) -> None:
    stub.default = (429, {"Retry-After": "3600"})
    outcome = await sender(session, database, max_retry_after=5).send(
        address(stub), MESSAGE, "visit_reminder"
    )
    assert outcome.status == "gave_up" and outcome.attempts == 1
    [row] = await rows(database)
    assert "Retry-After" in row.last_error


async def test_slow_answers_time_out_and_give_up(
    stub: Stub, session: aiohttp.ClientSession, database: Database
) -> None:
    stub.default = ("slow", 2.0)
    started = loop_time()
    outcome = await sender(session, database, timeout=0.2, max_tries=3).send(
        address(stub), MESSAGE, "visit_reminder"
    )
    elapsed = loop_time() - started

    # A slow answer would have been a 201: giving up proves each try was cut at its timeout.
    assert outcome.status == "gave_up" and outcome.attempts == 3 and outcome.http_status is None
    assert len(stub.hits) == 3
    assert elapsed >= 0.6  # three timeouts of 0.2 s
    [row] = await rows(database)
    assert (row.status, row.attempts) == ("gave_up", 3)
    assert row.last_error.startswith("timed out")


async def test_one_slow_answer_then_sent_on_the_retry(
    stub: Stub, session: aiohttp.ClientSession, database: Database
) -> None:
    stub.script = [("slow", 2.0)]
    outcome = await sender(session, database, timeout=0.5).send(
        address(stub), MESSAGE, "visit_reminder"
    )
    # The first POST may have been applied: it is retried all the same, and the record says so.
    assert outcome.ok and outcome.attempts == 2 and len(stub.hits) == 2
    [row] = await rows(database)
    assert (row.status, row.attempts) == ("sent", 2)


async def test_a_connector_that_is_down_is_retried_then_given_up(
    session: aiohttp.ClientSession, database: Database, unused_tcp_port: int
) -> None:
    reference = {"serviceUrl": f"http://127.0.0.1:{unused_tcp_port}", "conversation": {"id": "c"}}
    down = ConversationAddress("c", "msteams", "personal", json.dumps(reference))
    outcome = await sender(session, database, max_tries=2).send(down, MESSAGE, "notice")
    assert outcome.status == "gave_up" and outcome.attempts == 2
    [row] = await rows(database)
    assert row.last_error.startswith("network error")


def test_retry_after_is_seconds_or_an_http_date() -> None:
    assert parse_retry_after("1") == 1.0
    assert parse_retry_after(" 2.5 ") == 2.5
    assert parse_retry_after("-3") == 0.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past


# Rate limits


async def test_one_conversation_gets_no_more_than_7_in_any_second(
    stub: Stub, session: aiohttp.ClientSession, database: Database
) -> None:
    sleeps = Sleeps()
    outbound = sender(session, database, limiter=SendRateLimiter(sleep=sleeps))
    target = address(stub)
    started = loop_time()
    outcomes = await asyncio.gather(
        *(outbound.send(target, {"text": f"m{i}"}, "bulk") for i in range(20))
    )
    elapsed = loop_time() - started

    assert all(outcome.ok for outcome in outcomes)
    times = [hit.at for hit in stub.hits]
    assert len(times) == 20
    assert most_in_any_window(times, 1.0) <= 7
    assert elapsed >= 2.0  # 7 now, 7 a second later, 6 a second after that
    assert sleeps.asked and max(sleeps.asked) <= 1.01  # never longer than the window and margin
    assert [r.status for r in await rows(database)] == ["sent"] * 20


async def test_two_conversations_proceed_independently(
    stub: Stub, session: aiohttp.ClientSession, database: Database
) -> None:
    outbound = sender(session, database)
    first, second = address(stub, "a:first"), address(stub, "a:second")
    await asyncio.gather(
        *(outbound.send(first, {"text": f"m{i}"}, "bulk") for i in range(14)),
        *(outbound.send(second, {"text": f"m{i}"}, "bulk") for i in range(14)),
    )

    for conversation in ("a:first", "a:second"):
        hits = stub.for_conversation(conversation)
        assert len(hits) == 14
        assert most_in_any_window([hit.at for hit in hits], 1.0) <= 7
    # That neither waits for the other is shown on the limiter's own clock, below.


async def test_the_tenant_ceiling_holds_across_conversations(
    stub: Stub, session: aiohttp.ClientSession, database: Database
) -> None:
    outbound = sender(session, database, tenant_rate=5)
    started = loop_time()
    await asyncio.gather(
        *(outbound.send(address(stub, f"a:{i}"), MESSAGE, "bulk") for i in range(10)),
        outbound.send(address(stub, "a:other-tenant", tenant="t2"), MESSAGE, "bulk"),
    )
    elapsed = loop_time() - started

    ours = [hit.at for hit in stub.hits if hit.conversation_id != "a:other-tenant"]
    assert len(ours) == 10
    assert most_in_any_window(ours, 1.0) <= 5  # one conversation each: only the tenant limits
    assert elapsed >= 1.0
    assert len(stub.for_conversation("a:other-tenant")) == 1


async def test_conversations_and_tenants_wait_only_for_their_own_windows() -> None:
    time = VirtualTime()
    limiter = SendRateLimiter(tenant_rate=10, margin=0.0, clock=time.clock, sleep=time.sleep)

    async def request(conversation: str, tenant: str = "t1") -> None:
        async with limiter.slot(conversation, tenant):
            pass

    for _ in range(7):
        await request("a:first")
    for _ in range(3):
        await request("a:second")
    assert time.slept == []  # ten in the tenant's second, seven in the first conversation's
    for _ in range(7):
        await request("a:other-tenant", "t2")
    assert time.slept == []  # another tenant's ceiling is its own

    await request("a:third")  # the tenant's eleventh
    assert time.slept == [1.0]
    await request("a:second")  # a new second: the tenant has room, and so has the conversation
    assert time.slept == [1.0]
    await request("a:first")  # its eighth, in its second second: room again
    assert time.slept == [1.0]


def test_a_sliding_window_allows_60_per_30_seconds() -> None:
    window = SlidingWindow(60, 30.0)
    for i in range(60):
        assert window.wait(i * 0.1) == 0.0
        window.record(i * 0.1)
    assert window.wait(6.0) == pytest.approx(24.0)  # the first leaves the window at 30 s
    assert window.wait(29.95) == pytest.approx(0.05)
    assert window.wait(30.0) == 0.0


def test_a_request_under_way_counts_until_it_is_answered() -> None:
    window = SlidingWindow(2, 1.0)
    window.reserve()
    window.reserve()
    assert window.wait(0.0) is None  # full, and no end in sight until one is answered
    window.complete(0.4)
    assert window.wait(0.4) == pytest.approx(1.0)
    window.complete(0.7)
    assert window.wait(1.4) == 0.0  # the first left the window a second after its answer
    window.reserve()
    assert window.wait(1.5) == pytest.approx(0.2)


async def test_the_limiter_enforces_the_30_second_window_too() -> None:
    time = VirtualTime()
    limiter = SendRateLimiter(margin=0.0, clock=time.clock, sleep=time.sleep)

    async def request(conversation: str) -> None:
        async with limiter.slot(conversation):
            pass

    for i in range(60):  # 60 over 9 s: within 7 a second
        time.now = i * 0.15
        await request("c")
    assert time.slept == []
    time.now = 9.0
    await request("another")
    assert time.slept == []
    await request("c")  # the 61st waits until the first has left the 30 s window
    assert time.slept == [pytest.approx(21.0)]


async def test_the_eighth_in_a_second_waits_for_the_first_to_leave() -> None:
    time = VirtualTime()
    limiter = SendRateLimiter(margin=0.01, clock=time.clock, sleep=time.sleep)
    for i in range(7):
        time.now = i * 0.1
        async with limiter.slot("c"):
            pass
    async with limiter.slot("c"):
        pass
    assert time.slept == [pytest.approx(1.01 - 0.6)]  # the window and its margin, from the first


async def test_a_request_under_way_holds_its_place_until_answered() -> None:
    """The window is counted from the answer, so a request the network delayed cannot bunch
    up with the next ones at the channel."""
    limiter = SendRateLimiter(conversation_windows=((1, 0.1),), margin=0.0)
    loop = asyncio.get_running_loop()
    starts: list[float] = []

    async def request(seconds: float) -> None:
        async with limiter.slot("c"):
            starts.append(loop.time())
            await asyncio.sleep(seconds)

    await asyncio.gather(request(0.3), request(0.0))
    assert starts[1] - starts[0] >= 0.3 + 0.1 - 0.01  # the answer, then a whole window


def test_a_tenant_rate_becomes_a_window() -> None:
    assert rate_window(30.0) == (30, 1.0)
    assert rate_window(0.5) == (1, 2.0)
    with pytest.raises(ValueError):
        rate_window(0)


# Tokens


def credentials(
    stub: Stub, session: aiohttp.ClientSession, **options: Any
) -> ClientCredentialsToken:
    return ClientCredentialsToken(
        "app-id", SECRET, "tenant-id", session, token_url=stub.url + "/token", **options
    )


async def test_the_token_is_fetched_once_for_several_sends(
    stub: Stub, session: aiohttp.ClientSession, database: Database
) -> None:
    outbound = sender(session, database, credentials(stub, session))
    for i in range(3):
        assert (await outbound.send(address(stub), {"text": f"m{i}"}, "bulk")).ok
    await asyncio.gather(*(outbound.send(address(stub), MESSAGE, "bulk") for _ in range(3)))

    assert len(stub.token_calls) == 1
    [form] = stub.token_calls
    assert form == {
        "grant_type": "client_credentials",
        "client_id": "app-id",
        "client_secret": SECRET,
        "scope": "https://api.botframework.com/.default",
    }
    assert {hit.authorization for hit in stub.hits} == {"Bearer tok-1"}
    for row in await rows(database):
        assert "tok-1" not in row.last_error + row.payload


async def test_a_token_near_expiry_is_fetched_again(
    stub: Stub, session: aiohttp.ClientSession
) -> None:
    stub.token_answer = (200, {"access_token": "tok-1", "expires_in": 299})
    tokens = credentials(stub, session)
    assert await tokens.token() == "tok-1"
    assert await tokens.token() == "tok-1"
    assert len(stub.token_calls) == 2  # under five minutes left: never cached


async def test_refused_credentials_fail_the_message_without_leaking_the_secret(
    stub: Stub, session: aiohttp.ClientSession, database: Database
) -> None:
    stub.token_answer = (
        401,
        {"error": "invalid_client", "error_description": f"bad secret {SECRET}"},
    )
    outbound = sender(session, database, credentials(stub, session))
    outcome = await outbound.send(address(stub), MESSAGE, "visit_reminder")

    assert outcome.status == "failed" and outcome.attempts == 1
    assert not stub.hits
    [row] = await rows(database)
    assert row.status == "failed"
    assert "invalid_client" in row.last_error and SECRET not in row.last_error


async def test_a_401_from_the_connector_drops_the_cached_token(
    stub: Stub, session: aiohttp.ClientSession, database: Database
) -> None:
    stub.script = [(401, {})]
    outbound = sender(session, database, credentials(stub, session))
    assert (await outbound.send(address(stub), MESSAGE, "a")).status == "failed"
    assert (await outbound.send(address(stub), MESSAGE, "b")).ok
    assert len(stub.token_calls) == 2


# People


async def install(database: Database, stub: Stub, object_id: str, conversation_id: str) -> None:
    found = address(stub, conversation_id)
    async with UnitOfWork(database) as uow:
        await uow.conversations.save(
            ConversationAddress(
                conversation_id=found.conversation_id,
                channel_id="msteams",
                scope="personal",
                reference=found.reference,
                tenant_id="t1",
                entra_object_id=object_id,
            )
        )
        await uow.commit()


async def person(database: Database, object_id: str) -> Person:
    async with UnitOfWork(database) as uow:
        found = await uow.people.by_entra_object_id(object_id)
    assert found is not None
    return found


async def test_a_person_who_installed_gets_the_message(
    stub: Stub, session: aiohttp.ClientSession, world: Database
) -> None:
    await install(world, stub, ADELE, "a:adele")
    outcome = await sender(session, world).send_to_person(
        await person(world, ADELE), MESSAGE, "visit_reminder"
    )
    assert outcome.ok
    assert [hit.conversation_id for hit in stub.hits] == ["a:adele"]


async def test_a_person_who_never_installed_is_recorded_and_their_advisor_told(
    stub: Stub, session: aiohttp.ClientSession, world: Database
) -> None:
    await install(world, stub, ALEX, "a:alex")  # Adele's advisor
    adele = await person(world, ADELE)
    outcome = await sender(session, world).send_to_person(adele, MESSAGE, "visit_reminder")

    assert outcome.status == "undeliverable" and outcome.notified == 1
    [hit] = stub.hits
    assert hit.conversation_id == "a:alex"
    assert "Adele Vance" in hit.body["text"]
    assert "Whitgreave Primary School" in hit.body["text"]
    assert "Your visit is on Tuesday" not in hit.body["text"]
    undeliverable, notice = await rows(world)
    assert (undeliverable.status, undeliverable.purpose) == ("undeliverable", "visit_reminder")
    assert undeliverable.id == outcome.outbound_id
    assert json.loads(undeliverable.payload) == MESSAGE
    assert (notice.status, notice.purpose, notice.conversation_id) == (
        "sent",
        "undeliverable_notice",
        "a:alex",
    )


async def test_nobody_reachable_is_logged_as_an_error(
    stub: Stub,
    session: aiohttp.ClientSession,
    world: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    patti = await person(world, PATTI)  # her advisor Isaiah never installed either
    with caplog.at_level(logging.WARNING, logger="bot.proactive"):
        outcome = await sender(session, world).send_to_person(patti, MESSAGE, "visit_reminder")

    assert outcome.status == "undeliverable" and outcome.notified == 0
    assert not stub.hits
    assert [r.status for r in await rows(world)] == ["undeliverable"]
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors and "no advisor could be told" in errors[0].getMessage()
    assert all("Patti" not in r.getMessage() for r in caplog.records)  # no names in logs


async def test_logs_carry_no_tokens_or_contents(
    stub: Stub,
    session: aiohttp.ClientSession,
    database: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    stub.script = [(502, {}), (403, {})]
    outbound = sender(session, database, credentials(stub, session))
    with caplog.at_level(logging.DEBUG, logger="bot"):
        await outbound.send(address(stub), MESSAGE, "visit_reminder")
    text = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("bot"))
    assert "tok-1" not in text and SECRET not in text and "Tuesday" not in text
    assert "HTTP 403" in text
