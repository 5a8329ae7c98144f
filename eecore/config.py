"""Configuration from EEBOT_* environment variables and an optional .env file."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///eebot.db"


class Settings(BaseSettings):
    """What eecore needs to run: where the database and the policy are, and the council's clock."""

    model_config = SettingsConfigDict(env_prefix="EEBOT_", env_file=".env", extra="ignore")

    database_url: str = Field(
        DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL: a SQLite file by default, postgresql://… in production",
    )
    policy: Path | None = Field(None, description="another council's policy file")
    timezone: str = Field("Europe/London", description="the council's time zone")
    today: date | None = Field(
        None, description="pretend today is this date (for demonstrations and tests)"
    )
    quiet_hours_start: time = Field(
        time(18, 0), description="no reminders from this local time in the evening…"
    )
    quiet_hours_end: time = Field(
        time(8, 0), description="…until this local time the next school day"
    )
    reminder_poll_seconds: float = Field(
        30.0, gt=0, description="how often each bot process looks for reminders due"
    )
    reminder_lease_seconds: float = Field(
        300.0, gt=0, description="how long a claimed reminder stays with one bot process"
    )

    def now(self) -> datetime:
        """The current time in the council's time zone."""
        return datetime.now(ZoneInfo(self.timezone))

    def current_date(self) -> date:
        """Today in the council's time zone, or EEBOT_TODAY when set."""
        return self.today or self.now().date()
