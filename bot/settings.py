"""The bot's settings: eecore's, plus the port and the Bot Framework credentials."""

from __future__ import annotations

from pydantic import Field

from eecore.config import Settings


class BotSettings(Settings):
    """EEBOT_* variables for serving the bot."""

    port: int = Field(3978, description="port to serve /api/messages on")
    host: str = Field("0.0.0.0", description="address to listen on")
    app_id: str = Field("", description="the bot's Microsoft App ID (Entra app registration)")
    app_password: str = Field("", description="the app registration's client secret")
    app_tenant_id: str = Field("", description="the council's Entra tenant (single-tenant bot)")
    dev_anonymous: bool = Field(
        False, description="accept unauthenticated requests: local development only"
    )
    log_level: str = Field("INFO", description="logging level")
    tenant_send_rate: float = Field(
        30.0, gt=0, description="most messages a second the bot sends on its own to one tenant"
    )
    send_max_tries: int = Field(
        5, ge=1, description="tries of one outbound message before giving up (429, 5xx, timeouts)"
    )
    send_timeout: float = Field(
        15.0, gt=0, description="seconds one outbound request to the Bot Connector may take"
    )
    reminders: bool = Field(
        True, description="send reminders from this process (EEBOT_REMINDERS=0 turns it off)"
    )
