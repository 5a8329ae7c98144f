"""Inbound authentication: tokens and tenants checked before anything runs, directly and over HTTP.

Tokens are signed here with a locally generated RSA key; nothing fetches Microsoft's keys.
OpenIdSigningKeys is exercised against a local aiohttp server standing in for the Bot Framework
login service.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import jwt
import pytest
from aiohttp import ClientSession, web
from aiohttp.test_utils import TestClient, TestServer
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity
from botframework.connector.auth import AuthenticationConstants
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.app import create_app
from bot.auth import (
    ISSUER,
    InboundAuthenticator,
    OpenIdSigningKeys,
    StaticSigningKeys,
    Unauthorized,
)
from bot.settings import BotSettings
from eecore.store.database import Database

APP_ID = "11111111-1111-1111-1111-111111111111"
TENANT_ID = "22222222-2222-2222-2222-222222222222"
OTHER_TENANT_ID = "33333333-3333-3333-3333-333333333333"
OTHER_APP_ID = "99999999-9999-9999-9999-999999999999"
SERVICE_URL = "https://smba.trafficmanager.net/uk/"
KID = "bf-signing-key-1"


@dataclass(frozen=True)
class KeyPair:
    private: rsa.RSAPrivateKey
    foreign: rsa.RSAPrivateKey
    """Another private key: what an impostor who copied our kid would sign with."""

    @property
    def public(self) -> rsa.RSAPublicKey:
        return self.private.public_key()

    def public_pem(self) -> bytes:
        return self.public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


@pytest.fixture(scope="module")
def keys() -> KeyPair:
    return KeyPair(
        private=rsa.generate_private_key(public_exponent=65537, key_size=2048),
        foreign=rsa.generate_private_key(public_exponent=65537, key_size=2048),
    )


def claims(**changes: Any) -> dict[str, Any]:
    """The claims of a good channel token; a change to None removes that claim."""
    now = int(time.time())
    base: dict[str, Any] = {
        "serviceurl": SERVICE_URL,
        "nbf": now - 60,
        "exp": now + 3600,
        "iss": ISSUER,
        "aud": APP_ID,
    }
    base.update(changes)
    return {name: value for name, value in base.items() if value is not None}


def sign(
    key: Any,
    payload: dict[str, Any] | None = None,
    *,
    kid: str | None = KID,
    algorithm: str = "RS256",
) -> str:
    headers = {"kid": kid} if kid is not None else {}
    return jwt.encode(payload or claims(), key, algorithm=algorithm, headers=headers)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hs256_with_public_key(keys: KeyPair) -> str:
    """The key-confusion attack: HS256 keyed with the public PEM (PyJWT refuses to make one)."""
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": KID}).encode())
    body = _b64(json.dumps(claims()).encode())
    signing_input = f"{header}.{body}".encode()
    signature = hmac.new(keys.public_pem(), signing_input, hashlib.sha256).digest()
    return f"{header}.{body}.{_b64(signature)}"


def activity_json(
    text: str = "help", *, tenant: str | None = TENANT_ID, service_url: str = SERVICE_URL
) -> dict[str, Any]:
    """A personal-chat Teams message, as the Bot Framework posts it."""
    return {
        "type": "message",
        "id": "1712345678901",
        "timestamp": "2026-12-03T09:15:00.000Z",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": {
            "id": "29:1a2b3c4d5e6f",
            "name": "Sam Adviser",
            "aadObjectId": "44444444-4444-4444-4444-444444444444",
        },
        "recipient": {"id": f"28:{APP_ID}", "name": "eebot"},
        "conversation": {
            "id": "a:1XyZpersonalchat",
            "conversationType": "personal",
            "tenantId": tenant or TENANT_ID,
        },
        "channelData": {"tenant": {"id": tenant}} if tenant is not None else {},
        "locale": "en-GB",
        "text": text,
        "deliveryMode": "expectReplies",
    }


@dataclass(frozen=True)
class Refusal:
    name: str
    request: Callable[[KeyPair], tuple[str, dict[str, Any]]]
    reason: str


def bearer(token: str) -> str:
    return f"Bearer {token}"


REFUSALS = [
    Refusal("no Authorization header", lambda k: ("", activity_json()), "no bearer token"),
    Refusal(
        "not a bearer scheme",
        lambda k: (f"Basic {sign(k.private)}", activity_json()),
        "no bearer token",
    ),
    Refusal("Bearer garbage", lambda k: ("Bearer garbage", activity_json()), "token is malformed"),
    Refusal(
        "wrong audience",
        lambda k: (bearer(sign(k.private, claims(aud=OTHER_APP_ID))), activity_json()),
        "token for another audience",
    ),
    Refusal(
        "wrong issuer",
        lambda k: (
            bearer(sign(k.private, claims(iss=f"https://sts.windows.net/{TENANT_ID}/"))),
            activity_json(),
        ),
        "token from another issuer",
    ),
    Refusal(
        "signed by a foreign key with our kid",
        lambda k: (bearer(sign(k.foreign)), activity_json()),
        "token signature does not verify",
    ),
    Refusal(
        "unknown kid",
        lambda k: (bearer(sign(k.private, kid="some-other-key")), activity_json()),
        "token signed by an unknown key",
    ),
    Refusal(
        "no kid",
        lambda k: (bearer(sign(k.private, kid=None)), activity_json()),
        "token names no signing key",
    ),
    Refusal(
        "expired beyond the leeway",
        lambda k: (
            bearer(
                sign(
                    k.private,
                    claims(nbf=int(time.time()) - 7200, exp=int(time.time()) - 6 * 60),
                )
            ),
            activity_json(),
        ),
        "token expired",
    ),
    Refusal(
        "not yet valid beyond the leeway",
        lambda k: (
            bearer(sign(k.private, claims(nbf=int(time.time()) + 10 * 60))),
            activity_json(),
        ),
        "token not yet valid",
    ),
    Refusal(
        "alg none",
        lambda k: (bearer(sign(None, algorithm="none")), activity_json()),
        "token algorithm not allowed",
    ),
    Refusal(
        "HS256 keyed with the public key",
        lambda k: (bearer(hs256_with_public_key(k)), activity_json()),
        "token algorithm not allowed",
    ),
    Refusal(
        "no exp claim",
        lambda k: (bearer(sign(k.private, claims(exp=None))), activity_json()),
        "token lacks a required claim",
    ),
    Refusal(
        "serviceurl claim differs from the activity's serviceUrl",
        lambda k: (
            bearer(sign(k.private, claims(serviceurl="https://smba.trafficmanager.net/emea/"))),
            activity_json(),
        ),
        "token is for another serviceUrl",
    ),
    Refusal(
        "activity's serviceUrl differs from the token's",
        lambda k: (bearer(sign(k.private)), activity_json(service_url="https://evil.example/")),
        "token is for another serviceUrl",
    ),
    Refusal(
        "no serviceurl claim",
        lambda k: (bearer(sign(k.private, claims(serviceurl=None))), activity_json()),
        "token has no serviceurl claim",
    ),
    Refusal(
        "activity from another tenant",
        lambda k: (bearer(sign(k.private)), activity_json(tenant=OTHER_TENANT_ID)),
        "activity from another tenant",
    ),
    Refusal(
        "activity with no tenant",
        lambda k: (bearer(sign(k.private)), activity_json(tenant=None)),
        "activity has no tenant",
    ),
]


def bot_framework_authentication() -> ConfigurationBotFrameworkAuthentication:
    configuration = SimpleNamespace(
        APP_ID=APP_ID, APP_PASSWORD="secret", APP_TYPE="SingleTenant", APP_TENANTID=TENANT_ID
    )
    return ConfigurationBotFrameworkAuthentication(configuration)


def authenticator(keys: KeyPair, *, anonymous: bool = False) -> InboundAuthenticator:
    return InboundAuthenticator(
        app_id=APP_ID,
        tenant_id=TENANT_ID,
        anonymous=anonymous,
        keys=StaticSigningKeys({KID: keys.public}),
        bot_framework_authentication=bot_framework_authentication(),
    )


def activity(body: dict[str, Any]) -> Activity:
    return Activity().deserialize(body)


# --- InboundAuthenticator, directly ---------------------------------------------------------


async def test_a_good_token_is_accepted_and_handed_to_botbuilder_ready(keys: KeyPair) -> None:
    result = await authenticator(keys).authenticate(
        bearer(sign(keys.private)), activity(activity_json())
    )
    assert result.claims_identity.is_authenticated
    assert result.claims_identity.claims["aud"] == APP_ID
    assert result.claims_identity.claims["serviceurl"] == SERVICE_URL
    assert result.audience == "https://api.botframework.com"
    assert result.caller_id is None
    assert result.connector_factory is not None


@pytest.mark.parametrize(
    ("header_claims", "service_url", "tenant"),
    [
        pytest.param(
            {"serviceurl": "HTTPS://SMBA.TrafficManager.net/uk"},
            SERVICE_URL,
            TENANT_ID.upper(),
            id="trailing slash, scheme/host case and tenant case ignored",
        ),
        pytest.param(
            {"exp": int(time.time()) - 2 * 60, "nbf": int(time.time()) - 3600},
            SERVICE_URL,
            TENANT_ID,
            id="expired within the five minutes' leeway",
        ),
        pytest.param(
            {"nbf": int(time.time()) + 2 * 60},
            SERVICE_URL,
            TENANT_ID,
            id="not yet valid within the leeway",
        ),
    ],
)
async def test_tolerances(
    keys: KeyPair, header_claims: dict[str, Any], service_url: str, tenant: str
) -> None:
    token = sign(keys.private, claims(**header_claims))
    body = activity_json(service_url=service_url, tenant=tenant)
    result = await authenticator(keys).authenticate(f"bearer {token}", activity(body))
    assert result.claims_identity.is_authenticated


@pytest.mark.parametrize("refusal", REFUSALS, ids=lambda refusal: refusal.name)
async def test_bad_requests_are_refused_with_a_reason_and_no_token_in_the_log(
    keys: KeyPair, refusal: Refusal, caplog: pytest.LogCaptureFixture
) -> None:
    header, body = refusal.request(keys)
    with (
        caplog.at_level(logging.WARNING, logger="bot.auth"),
        pytest.raises(Unauthorized) as refused,
    ):
        await authenticator(keys).authenticate(header, activity(body))
    assert str(refused.value) == refusal.reason
    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert refusal.reason in warnings[0].getMessage()
    token = header.partition(" ")[2]
    if token:
        assert token not in caplog.text
        for part in token.split("."):
            if len(part) > 8:
                assert part not in caplog.text


async def test_a_failing_key_source_is_a_refusal_not_an_error(keys: KeyPair) -> None:
    class Broken:
        async def get(self, kid: str) -> Any | None:
            raise ConnectionError("login.botframework.com unreachable")

    checker = InboundAuthenticator(
        app_id=APP_ID,
        tenant_id=TENANT_ID,
        anonymous=False,
        keys=Broken(),
        bot_framework_authentication=bot_framework_authentication(),
    )
    with pytest.raises(Unauthorized, match="signing keys unavailable"):
        await checker.authenticate(bearer(sign(keys.private)), activity(activity_json()))


async def test_odd_channel_data_is_a_refusal_not_an_error(keys: KeyPair) -> None:
    for channel_data in (None, "tenant", {"tenant": "x"}, {"tenant": {"id": 7}}):
        body = activity_json()
        body["channelData"] = channel_data
        with pytest.raises(Unauthorized, match="activity has no tenant"):
            await authenticator(keys).authenticate(bearer(sign(keys.private)), activity(body))


async def test_anonymous_mode_needs_no_token_and_ignores_one(keys: KeyPair) -> None:
    checker = authenticator(keys, anonymous=True)
    for header in ("", "Bearer garbage", bearer(sign(keys.foreign))):
        result = await checker.authenticate(header, activity(activity_json(tenant=None)))
        identity = result.claims_identity
        assert identity.is_authenticated
        assert identity.authentication_type == AuthenticationConstants.ANONYMOUS_AUTH_TYPE
        assert "serviceurl" not in identity.claims
        assert result.connector_factory is not None
        assert result.caller_id is None


def test_credentialed_mode_needs_app_id_tenant_and_keys(keys: KeyPair) -> None:
    for app_id, tenant_id, signing_keys in (
        ("", TENANT_ID, StaticSigningKeys({})),
        (APP_ID, "", StaticSigningKeys({})),
        (APP_ID, TENANT_ID, None),
    ):
        with pytest.raises(ValueError, match="inbound authentication needs"):
            InboundAuthenticator(
                app_id=app_id,
                tenant_id=tenant_id,
                anonymous=False,
                keys=signing_keys,
                bot_framework_authentication=bot_framework_authentication(),
            )


# --- OpenIdSigningKeys, against a local stand-in for login.botframework.com -----------------


class FakeLogin:
    """Serves OpenID metadata and a JWKS, counting fetches; can be slow or broken on demand."""

    def __init__(self, jwks: dict[str, Any]) -> None:
        self.jwks = jwks
        self.metadata_fetches = 0
        self.jwks_fetches = 0
        self.delay = 0.0
        self.status = 200

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/v1/.well-known/openidconfiguration", self.metadata)
        app.router.add_get("/v1/.well-known/keys", self.keys)
        return app

    async def metadata(self, request: web.Request) -> web.Response:
        self.metadata_fetches += 1
        await asyncio.sleep(self.delay)
        if self.status != 200:
            return web.Response(status=self.status)
        return web.json_response(
            {
                "issuer": ISSUER,
                "jwks_uri": str(request.url.with_path("/v1/.well-known/keys")),
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        )

    async def keys(self, _request: web.Request) -> web.Response:
        self.jwks_fetches += 1
        return web.json_response(self.jwks)


def jwk(public: rsa.RSAPublicKey, kid: str, endorsements: list[str]) -> dict[str, Any]:
    entry: dict[str, Any] = jwt.algorithms.RSAAlgorithm.to_jwk(public, as_dict=True)
    entry.update(kid=kid, use="sig", x5t=kid, endorsements=endorsements)
    return entry


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class OpenId:
    login: FakeLogin
    keys: OpenIdSigningKeys
    clock: Clock
    sessions: list[ClientSession]


@pytest.fixture
async def openid(keys: KeyPair) -> AsyncIterator[OpenId]:
    login = FakeLogin(
        {
            "keys": [
                jwk(keys.private.public_key(), KID, ["msteams", "webchat"]),
                {"kty": "EC", "kid": "an-ec-key", "crv": "P-256", "x": "x", "y": "y"},
                {"kty": "RSA", "kid": "broken-rsa", "n": "!!", "e": "AQAB"},
            ]
        }
    )
    sessions: list[ClientSession] = []

    def session_factory() -> ClientSession:
        sessions.append(ClientSession())
        return sessions[-1]

    clock = Clock()
    async with TestServer(login.app()) as server:
        signing_keys = OpenIdSigningKeys(
            session_factory,
            str(server.make_url("/v1/.well-known/openidconfiguration")),
            timeout_seconds=0.2,
            clock=clock,
        )
        try:
            yield OpenId(login, signing_keys, clock, sessions)
        finally:
            await signing_keys.close()


async def test_openid_keys_are_fetched_lazily_then_cached(openid: OpenId, keys: KeyPair) -> None:
    assert openid.sessions == []  # nothing fetched or opened at construction
    checker = InboundAuthenticator(
        app_id=APP_ID,
        tenant_id=TENANT_ID,
        anonymous=False,
        keys=openid.keys,
        bot_framework_authentication=bot_framework_authentication(),
    )
    for _ in range(3):
        result = await checker.authenticate(bearer(sign(keys.private)), activity(activity_json()))
        assert result.claims_identity.is_authenticated
    assert (openid.login.metadata_fetches, openid.login.jwks_fetches) == (1, 1)
    assert openid.keys.endorsements(KID) == ("msteams", "webchat")
    assert await openid.keys.get("an-ec-key") is None  # only RSA keys are kept
    assert await openid.keys.get("broken-rsa") is None  # a malformed key is skipped


async def test_openid_keys_are_refreshed_after_24_hours(openid: OpenId) -> None:
    assert await openid.keys.get(KID) is not None
    openid.clock.now += 23 * 3600
    assert await openid.keys.get(KID) is not None
    assert openid.login.jwks_fetches == 1
    openid.clock.now += 3600
    assert await openid.keys.get(KID) is not None
    assert openid.login.jwks_fetches == 2


async def test_an_unknown_kid_refreshes_at_most_every_five_minutes(
    openid: OpenId, keys: KeyPair
) -> None:
    assert await openid.keys.get("rotated-in") is None
    assert openid.login.jwks_fetches == 1
    openid.clock.now += 4 * 60
    for _ in range(5):
        assert await openid.keys.get("rotated-in") is None
    assert openid.login.jwks_fetches == 1
    openid.login.jwks["keys"].append(jwk(keys.foreign.public_key(), "rotated-in", ["msteams"]))
    openid.clock.now += 60
    assert await openid.keys.get("rotated-in") is not None
    assert openid.login.jwks_fetches == 2


async def test_concurrent_lookups_share_one_fetch(openid: OpenId) -> None:
    found = await asyncio.gather(*(openid.keys.get(KID) for _ in range(10)))
    assert all(key is not None for key in found)
    assert openid.login.metadata_fetches == 1


async def test_a_slow_or_failing_login_service_keeps_the_keys_held(
    openid: OpenId, caplog: pytest.LogCaptureFixture
) -> None:
    held = await openid.keys.get(KID)
    assert held is not None
    openid.clock.now += 24 * 3600
    openid.login.delay = 1.0  # beyond the 0.2 s timeout
    assert await openid.keys.get(KID) is held
    # A 1 s answer would have been taken: the timeout cut it short, and the held keys served.
    assert "could not fetch Bot Framework signing keys (TimeoutError" in caplog.text
    openid.login.delay = 0.0
    openid.login.status = 503
    openid.clock.now += 31
    assert await openid.keys.get(KID) is held
    assert openid.login.metadata_fetches == 3


async def test_no_keys_at_all_when_the_first_fetch_fails(openid: OpenId) -> None:
    openid.login.status = 500
    assert await openid.keys.get(KID) is None
    openid.login.status = 200
    assert await openid.keys.get(KID) is None  # retried no sooner than 30 s
    openid.clock.now += 30
    assert await openid.keys.get(KID) is not None


async def test_close_closes_the_session_it_opened(openid: OpenId) -> None:
    await openid.keys.get(KID)
    assert len(openid.sessions) == 1
    assert not openid.sessions[0].closed
    await openid.keys.close()
    assert openid.sessions[0].closed
    await openid.keys.close()  # twice is harmless


# --- Over HTTP, through the app ---------------------------------------------------------------

Post = Callable[[str, dict[str, Any]], Awaitable[tuple[int, Any]]]


@dataclass
class Served:
    post: Post
    turns: list[Activity]
    """Activities the adapter was asked to run: none may reach it unless accepted."""


@asynccontextmanager
async def _serve(
    settings: BotSettings,
    signing_keys: StaticSigningKeys | None,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Served]:
    turns: list[Activity] = []
    process_activity = CloudAdapter.process_activity

    async def spy(self: CloudAdapter, auth: Any, incoming: Activity, logic: Any) -> Any:
        turns.append(incoming)
        return await process_activity(self, auth, incoming, logic)

    monkeypatch.setattr(CloudAdapter, "process_activity", spy)
    async with TestClient(TestServer(create_app(settings, signing_keys=signing_keys))) as client:

        async def post(header: str, body: dict[str, Any]) -> tuple[int, Any]:
            headers = {"Authorization": header} if header else {}
            response = await client.post("/api/messages", json=body, headers=headers)
            text = await response.text()
            try:
                return response.status, json.loads(text)
            except ValueError:
                return response.status, text

        yield Served(post, turns)


@pytest.fixture
async def credentialed(
    database: Database, keys: KeyPair, clean_env: None, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Served]:
    settings = BotSettings(
        database_url=database.url,
        app_id=APP_ID,
        app_password="secret",
        app_tenant_id=TENANT_ID,
        _env_file=None,
    )
    async with _serve(settings, StaticSigningKeys({KID: keys.public}), monkeypatch) as served:
        yield served


@pytest.fixture
async def anonymous(
    database: Database, clean_env: None, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Served]:
    settings = BotSettings(database_url=database.url, dev_anonymous=True, _env_file=None)
    async with _serve(settings, None, monkeypatch) as served:
        yield served


def replies(body: Any) -> list[Any]:
    return body.get("activities", []) if isinstance(body, dict) else []


async def test_http_a_valid_token_from_our_tenant_gets_the_bots_reply(
    credentialed: Served, keys: KeyPair
) -> None:
    status, body = await credentialed.post(bearer(sign(keys.private)), activity_json("help"))
    assert status == 200
    assert replies(body), body
    assert all(reply.get("text") or reply.get("attachments") for reply in replies(body))
    assert len(credentialed.turns) == 1


@pytest.mark.parametrize("refusal", REFUSALS, ids=lambda refusal: refusal.name)
async def test_http_bad_requests_get_401_and_run_nothing(
    credentialed: Served, keys: KeyPair, refusal: Refusal
) -> None:
    header, body = refusal.request(keys)
    status, answer = await credentialed.post(header, body)
    assert status == 401
    assert "activities" not in str(answer)
    assert credentialed.turns == []


async def test_http_anonymous_mode_accepts_a_request_without_a_token(anonymous: Served) -> None:
    status, body = await anonymous.post("", activity_json("help"))
    assert status == 200
    assert replies(body), body


async def test_http_with_credentials_an_anonymous_request_is_refused(
    credentialed: Served,
) -> None:
    status, body = await credentialed.post("", activity_json("help"))
    assert status == 401
    assert replies(body) == []
    assert credentialed.turns == []
