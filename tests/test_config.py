"""Configuration: EEBOT_* variables, an optional .env file, and the council's clock."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.settings import BotSettings
from eecore.config import DEFAULT_DATABASE_URL


def test_defaults_serve_on_3978_with_a_sqlite_file(
    clean_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = BotSettings()
    assert settings.port == 3978
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.dev_anonymous is False


def test_a_dot_env_file_is_read_and_the_environment_wins(
    clean_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        "EEBOT_PORT=4000\nEEBOT_TODAY=2027-01-20\nEEBOT_HOST=127.0.0.1\n"
    )
    monkeypatch.setenv("EEBOT_HOST", "::1")
    settings = BotSettings()
    assert settings.port == 4000
    assert settings.current_date() == date(2027, 1, 20)
    assert settings.host == "::1"
