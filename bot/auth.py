"""Inbound authentication of Bot Framework requests.

botbuilder 4.17.1 validates inbound tokens itself, but badly for us: most bad tokens escape as
PyJWT errors (HTTP 500), an empty app id switches authentication off, there is no tenant check,
and its signing-key refresh is a blocking `requests.get` with no timeout. So the app validates
every request here first, and hands botbuilder a ready `AuthenticateRequestResult`, which makes
it skip its own validation.

A request is accepted when its `Authorization: Bearer <jwt>` token is RS256, signed by a current
Bot Framework key, issued by https://api.botframework.com for this bot's app id, in date (five
minutes' leeway), carries the activity's own serviceUrl, and the activity comes from the
council's tenant. Anything else raises `Unauthorized` (answer 401, run nothing), never another
exception. In anonymous mode (local development only) no token is needed and any is ignored.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol
from urllib.parse import urlsplit

import aiohttp
import jwt
from botbuilder.schema import Activity
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    BotFrameworkAuthentication,
    ClaimsIdentity,
)

log = logging.getLogger(__name__)

ISSUER = "https://api.botframework.com"
"""The `iss` of every token the Bot Framework channel service sends to a bot."""

OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
ALGORITHM = "RS256"
LEEWAY_SECONDS = 5 * 60

_REASONS: tuple[tuple[type[jwt.PyJWTError], str], ...] = (
    (jwt.ExpiredSignatureError, "token expired"),
    (jwt.ImmatureSignatureError, "token not yet valid"),
    (jwt.InvalidAudienceError, "token for another audience"),
    (jwt.InvalidIssuerError, "token from another issuer"),
    (jwt.MissingRequiredClaimError, "token lacks a required claim"),
    (jwt.InvalidSignatureError, "token signature does not verify"),
    (jwt.InvalidAlgorithmError, "token algorithm not allowed"),
    (jwt.DecodeError, "token is malformed"),
)
"""Fixed reasons for PyJWT's errors: their own messages may quote parts of the token."""


class Unauthorized(Exception):
    """The request is not from the Bot Framework for this bot: answer 401 and run nothing."""


class SigningKeys(Protocol):
    """Where the public keys that sign Bot Framework tokens come from."""

    async def get(self, kid: str) -> Any | None: ...


class StaticSigningKeys:
    """Pinned signing keys: for tests, and for councils that pin Microsoft's keys themselves.

    Values are public keys PyJWT accepts for RS256: a `cryptography` RSA public key, a PEM
    string or a `jwt.PyJWK`.
    """

    def __init__(self, keys: Mapping[str, Any]) -> None:
        self._keys = dict(keys)

    async def get(self, kid: str) -> Any | None:
        return self._keys.get(kid)

    async def close(self) -> None:
        """Nothing to release."""


class OpenIdSigningKeys:
    """The Bot Framework's signing keys, fetched from its OpenID metadata with aiohttp.

    Keys are fetched on first use (never at construction, so this can be built outside the
    event loop), kept for 24 hours, and fetched again early, at most once every five minutes,
    when a token names a key id we do not know. Every fetch has a 10 s timeout. When a fetch
    fails the keys already held are kept. Each key's `endorsements` (the channels it may sign
    for) are kept as data: see `endorsements`.
    """

    def __init__(
        self,
        session_factory: Callable[[], aiohttp.ClientSession] = aiohttp.ClientSession,
        metadata_url: str = OPENID_METADATA_URL,
        *,
        timeout_seconds: float = 10.0,
        cache_seconds: float = 24 * 60 * 60,
        refresh_interval_seconds: float = 5 * 60,
        retry_seconds: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.metadata_url = metadata_url
        self._session_factory = session_factory
        self._session: aiohttp.ClientSession | None = None
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._cache_seconds = cache_seconds
        self._refresh_interval = refresh_interval_seconds
        self._retry_seconds = retry_seconds
        self._clock = clock
        self._keys: dict[str, jwt.PyJWK] = {}
        self._endorsements: dict[str, tuple[str, ...]] = {}
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._lock = asyncio.Lock()

    async def get(self, kid: str) -> Any | None:
        async with self._lock:
            if self._should_refresh(kid):
                await self._refresh()
            key = self._keys.get(kid)
        return None if key is None else key.key

    def endorsements(self, kid: str) -> tuple[str, ...]:
        """The channels the key `kid` is endorsed for, as the metadata lists them."""
        return self._endorsements.get(kid, ())

    async def close(self) -> None:
        """Close the HTTP session this object opened, if it opened one."""
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    def _should_refresh(self, kid: str) -> bool:
        now = self._clock()
        since_attempt = None if self._attempted_at is None else now - self._attempted_at
        if since_attempt is None:
            return True
        expired = self._fetched_at is None or now - self._fetched_at >= self._cache_seconds
        if expired:
            return since_attempt >= self._retry_seconds
        return kid not in self._keys and since_attempt >= self._refresh_interval

    async def _refresh(self) -> None:
        self._attempted_at = self._clock()
        try:
            metadata = await self._get_json(self.metadata_url)
            jwks_uri = metadata.get("jwks_uri") if isinstance(metadata, dict) else None
            if not isinstance(jwks_uri, str) or not jwks_uri:
                raise ValueError("the OpenID metadata has no jwks_uri")
            keys, endorsements = _parse_jwks(await self._get_json(jwks_uri))
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.warning(
                "could not fetch Bot Framework signing keys (%s: %s); keeping %d held",
                type(exc).__name__,
                exc,
                len(self._keys),
            )
            return
        self._keys, self._endorsements = keys, endorsements
        self._fetched_at = self._clock()
        log.info("fetched %d Bot Framework signing keys", len(keys))

    async def _get_json(self, url: str) -> Any:
        if self._session is None:
            self._session = self._session_factory()
        async with self._session.get(url, timeout=self._timeout) as response:
            response.raise_for_status()
            return await response.json(content_type=None)


def _parse_jwks(document: Any) -> tuple[dict[str, jwt.PyJWK], dict[str, tuple[str, ...]]]:
    """The RSA keys of a JWKS document by kid, and their endorsements; bad keys are skipped."""
    entries = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ValueError("the JWKS document has no keys")
    keys: dict[str, jwt.PyJWK] = {}
    endorsements: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        kid = entry.get("kid") if isinstance(entry, dict) else None
        if not isinstance(kid, str) or entry.get("kty") != "RSA":
            continue
        try:
            keys[kid] = jwt.PyJWK(entry, algorithm=ALGORITHM)
        except jwt.PyJWTError as exc:
            log.warning("skipping signing key %s: %s", kid, type(exc).__name__)
            continue
        raw = entry.get("endorsements")
        endorsements[kid] = tuple(str(item) for item in raw) if isinstance(raw, list) else ()
    if not keys:
        raise ValueError("the JWKS document has no usable RSA keys")
    return keys, endorsements


def _same_service_url(claimed: str, actual: str) -> bool:
    """Equal URLs, ignoring a trailing slash and the case of the scheme and host."""

    def normal(url: str) -> tuple[str, str, str, str]:
        parts = urlsplit(url.strip())
        return (parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), parts.query)

    return normal(claimed) == normal(actual)


def _activity_tenant(activity: Activity) -> str | None:
    channel_data = activity.channel_data
    if not isinstance(channel_data, dict):
        return None
    tenant = channel_data.get("tenant")
    if not isinstance(tenant, dict):
        return None
    tenant_id = tenant.get("id")
    return tenant_id if isinstance(tenant_id, str) else None


class InboundAuthenticator:
    """Checks the token and the tenant of each inbound activity before any of it runs.

    Raises `ValueError` at construction when not anonymous and the app id, the tenant id or the
    signing keys are missing: such an authenticator could only refuse everything.
    """

    def __init__(
        self,
        *,
        app_id: str,
        tenant_id: str,
        anonymous: bool,
        keys: SigningKeys | None,
        bot_framework_authentication: BotFrameworkAuthentication,
    ) -> None:
        if not anonymous:
            missing = [
                name
                for name, value in (("app_id", app_id), ("tenant_id", tenant_id), ("keys", keys))
                if not value
            ]
            if missing:
                raise ValueError(f"inbound authentication needs {', '.join(missing)}")
        self.app_id = app_id
        self.tenant_id = tenant_id
        self.anonymous = anonymous
        self.keys = keys
        self.bot_framework_authentication = bot_framework_authentication

    async def authenticate(self, auth_header: str, activity: Activity) -> AuthenticateRequestResult:
        """The botbuilder result for an accepted request; `Unauthorized` for any other."""
        if self.anonymous:
            # As botbuilder does when auth is disabled; with the app id as audience, when there
            # is one, so that its connector factory can still make credentials.
            claims = {AuthenticationConstants.AUDIENCE_CLAIM: self.app_id} if self.app_id else {}
            return self._result(
                ClaimsIdentity(claims, True, AuthenticationConstants.ANONYMOUS_AUTH_TYPE)
            )
        try:
            claims = await self._validate(auth_header, activity)
        except Unauthorized as refused:
            log.warning("refused an inbound request: %s", refused)
            raise
        except Exception as exc:  # never a 500 for a bad request
            log.warning("refused an inbound request: validation failed (%s)", type(exc).__name__)
            raise Unauthorized("validation failed") from None
        return self._result(ClaimsIdentity(claims, True))

    async def close(self) -> None:
        """Release the HTTP session used to fetch signing keys, if any."""
        close = getattr(self.keys, "close", None)
        if close is not None:
            await close()

    def _result(self, claims_identity: ClaimsIdentity) -> AuthenticateRequestResult:
        result = AuthenticateRequestResult()
        result.claims_identity = claims_identity
        result.audience = AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
        result.caller_id = None
        result.connector_factory = self.bot_framework_authentication.create_connector_factory(
            claims_identity
        )
        return result

    async def _validate(self, auth_header: str, activity: Activity) -> dict[str, Any]:
        scheme, _, token = (auth_header or "").strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise Unauthorized("no bearer token")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise Unauthorized("token is malformed") from None
        if header.get("alg") != ALGORITHM:
            raise Unauthorized("token algorithm not allowed")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise Unauthorized("token names no signing key")
        if self.keys is None:  # refused at construction; kept for type checkers
            raise Unauthorized("no signing keys configured")
        try:
            key = await self.keys.get(kid)
        except Exception as exc:
            raise Unauthorized(f"signing keys unavailable ({type(exc).__name__})") from None
        if key is None:
            raise Unauthorized("token signed by an unknown key")
        if isinstance(key, jwt.PyJWK):
            key = key.key
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=self.app_id,
                issuer=ISSUER,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.PyJWTError as exc:
            reason = next(
                (text for kind, text in _REASONS if isinstance(exc, kind)), "token is invalid"
            )
            raise Unauthorized(reason) from None
        service_url = claims.get("serviceurl")
        if not isinstance(service_url, str) or not service_url:
            raise Unauthorized("token has no serviceurl claim")
        if not _same_service_url(service_url, activity.service_url or ""):
            raise Unauthorized("token is for another serviceUrl")
        tenant = _activity_tenant(activity)
        if tenant is None:
            raise Unauthorized("activity has no tenant")
        if tenant.lower() != self.tenant_id.lower():
            raise Unauthorized("activity from another tenant")
        return claims
