"""Shared fixtures: a migrated database on SQLite, and on PostgreSQL when asked.

Database tests take the `database` fixture and run once per backend. PostgreSQL runs are skipped,
visibly, only when EEBOT_TEST_POSTGRES_URL is unset (`make test` and `.ci/run` set it); when it is
set and the server cannot be reached, they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from eecore.domain.policy import Policy
from eecore.policy import load_policy
from eecore.store.database import Database, normalise_url, open_database
from eecore.store.uow import UnitOfWork

POSTGRES_URL = os.environ.get("EEBOT_TEST_POSTGRES_URL", "")
TODAY = date(2026, 12, 3)
"""The day the tests pretend it is: Autumn 2 of 2026/27."""


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy()


def _backends() -> list[object]:
    postgres = pytest.param(
        "postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(
                not POSTGRES_URL, reason="EEBOT_TEST_POSTGRES_URL is not set (make test sets it)"
            ),
        ],
    )
    return ["sqlite", postgres]


@pytest.fixture(params=_backends())
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def _create_pg_database() -> tuple[str, str]:
    """Create a fresh PostgreSQL database for one test; return its URL and name."""
    server = make_url(normalise_url(POSTGRES_URL))
    name = f"eebot_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(
        user=server.username,
        password=server.password,
        host=server.host,
        port=server.port or 5432,
        database=server.database or "postgres",
    )
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return server.set(database=name).render_as_string(hide_password=False), name


async def _drop_pg_database(name: str) -> None:
    server = make_url(normalise_url(POSTGRES_URL))
    admin = await asyncpg.connect(
        user=server.username,
        password=server.password,
        host=server.host,
        port=server.port or 5432,
        database=server.database or "postgres",
    )
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture
async def empty_database(backend: str, tmp_path: Path) -> AsyncIterator[Database]:
    """A database with no schema yet, on the backend under test."""
    if backend == "sqlite":
        database = open_database(f"sqlite:///{tmp_path / 'eebot.db'}")
        yield database
        await database.dispose()
        return
    url, name = await _create_pg_database()
    database = open_database(url)
    try:
        yield database
    finally:
        await database.dispose()
        await _drop_pg_database(name)


@pytest.fixture
async def database(empty_database: Database) -> Database:
    """A migrated, empty database on the backend under test."""
    await empty_database.upgrade()
    return empty_database


@pytest.fixture
def uow(database: Database) -> UnitOfWork:
    return UnitOfWork(database)


@pytest.fixture(autouse=True)
def no_reminder_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """Apps built by tests don't start the reminder loop unless a test turns it on."""
    monkeypatch.setenv("EEBOT_REMINDERS", "0")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No EEBOT_* variables from the developer's shell leak into a test."""
    for name in list(os.environ):
        if name.startswith("EEBOT_") and name not in ("EEBOT_TEST_POSTGRES_URL", "EEBOT_REMINDERS"):
            monkeypatch.delenv(name)
    yield
