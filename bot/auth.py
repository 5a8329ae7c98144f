"""Inbound authentication of Bot Framework requests (to be completed: see the auth brief)."""

from __future__ import annotations

from typing import Any, Protocol

from botbuilder.schema import Activity
from botframework.connector.auth import (
    AuthenticateRequestResult,
    BotFrameworkAuthentication,
)


class Unauthorized(Exception):
    """The request is not from the Bot Framework for this bot: answer 401 and run nothing."""


class SigningKeys(Protocol):
    """Where the public keys that sign Bot Framework tokens come from."""

    async def get(self, kid: str) -> Any | None: ...


class InboundAuthenticator:
    """Checks the token and the tenant of each inbound activity before any of it runs."""

    def __init__(
        self,
        *,
        app_id: str,
        tenant_id: str,
        anonymous: bool,
        keys: SigningKeys | None,
        bot_framework_authentication: BotFrameworkAuthentication,
    ) -> None:
        self.app_id = app_id
        self.tenant_id = tenant_id
        self.anonymous = anonymous
        self.keys = keys
        self.bot_framework_authentication = bot_framework_authentication

    async def authenticate(self, auth_header: str, activity: Activity) -> AuthenticateRequestResult:
        if not self.anonymous:
            raise Unauthorized("token validation is not written yet")
        return await self.bot_framework_authentication.authenticate_request(activity, auth_header)

    async def close(self) -> None:
        """Release the HTTP session used to fetch signing keys, if any."""
