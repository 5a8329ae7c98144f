"""Engine set-up: URLs, SQLite files, WAL and queued writers, readiness, unreachable servers."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from eecore.store.database import (
    Database,
    DatabaseError,
    head_revision,
    normalise_url,
    open_database,
)
from eecore.store.repositories import StaleActivity
from eecore.store.uow import UnitOfWork
from tests.store.builders import on_postgres_only, on_sqlite_only, school, visit

# --- URLs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (
            "postgresql://eebot:pw@db.example:5432/eebot",
            "postgresql+asyncpg://eebot:pw@db.example:5432/eebot",
        ),
        ("postgresql+psycopg2://eebot@db/eebot", "postgresql+asyncpg://eebot@db/eebot"),
        ("postgresql+asyncpg://eebot@db/eebot", "postgresql+asyncpg://eebot@db/eebot"),
        ("sqlite:///eebot.db", "sqlite+aiosqlite:///eebot.db"),
        ("sqlite:////var/lib/eebot/eebot.db", "sqlite+aiosqlite:////var/lib/eebot/eebot.db"),
    ],
)
def test_urls_are_given_their_async_driver(given: str, expected: str) -> None:
    assert normalise_url(given) == expected


def test_a_password_with_special_characters_survives_normalising() -> None:
    # The engine must still log in: the password is kept (and stays URL-encoded), not hidden.
    assert normalise_url("postgresql://eebot:p%40ss%2Fw@db/eebot") == (
        "postgresql+asyncpg://eebot:p%40ss%2Fw@db/eebot"
    )


def test_an_unsupported_backend_is_refused_naming_the_supported_ones() -> None:
    with pytest.raises(DatabaseError) as caught:
        normalise_url("mysql://eebot@db/eebot")
    message = str(caught.value)
    assert "mysql" in message
    assert "sqlite" in message
    assert "postgresql" in message


@pytest.mark.parametrize("garbage", ["not a database url", "", "://nowhere"])
def test_something_that_is_not_a_url_is_refused(garbage: str) -> None:
    with pytest.raises(DatabaseError, match="is not a database URL"):
        normalise_url(garbage)


# --- SQLite -----------------------------------------------------------------------------------


async def test_a_new_sqlite_file_gets_its_directories_and_is_migrated_on_first_use(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sub" / "dir" / "eebot.db"
    database = open_database(f"sqlite:///{path}")
    try:
        assert path.parent.is_dir()
        assert await database.current_revision() is None

        await database.ensure_schema()
        assert await database.current_revision() == head_revision()
        assert path.is_file()

        await database.ensure_schema()  # already current: nothing to do, nothing breaks
        assert await database.is_current()
    finally:
        await database.dispose()


@on_sqlite_only
async def test_sqlite_runs_in_wal_mode_with_foreign_keys_on(database: Database) -> None:
    async with database.engine.connect() as connection:
        journal = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()
        foreign_keys = (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar()
    assert journal == "wal"
    assert foreign_keys == 1

    async with UnitOfWork(database) as uow:
        with pytest.raises(IntegrityError, match="FOREIGN KEY"):
            await uow.activities.add(visit(urn="999999"))


async def _add_one_visit(database: Database) -> int:
    async with UnitOfWork(database) as uow:
        await uow.establishments.save(school())
        added = await uow.activities.add(visit(visit_days="0"))
        await uow.commit()
    assert added.id is not None
    return added.id


async def _add_a_quarter_day(database: Database, activity_id: int, *, retry: bool) -> int:
    """Read an activity, pause so other writers interleave, then write it back a quarter day up.

    Returns how many times the write found the activity changed and started again.
    """
    conflicts = 0
    while True:
        async with UnitOfWork(database) as uow:
            activity = await uow.activities.get(activity_id)
            assert activity is not None
            await asyncio.sleep(0.005)
            read_version = activity.version
            activity.planned = replace(
                activity.planned, visit=activity.planned.visit + Decimal("0.25")
            )
            activity.version += 1
            try:
                await uow.activities.save(activity, read_version=read_version)
            except StaleActivity:
                if not retry:
                    raise
                conflicts += 1
                continue
            await uow.commit()
            return conflicts


@on_sqlite_only
async def test_concurrent_sqlite_writers_queue_instead_of_failing(database: Database) -> None:
    # Each unit of work reads and then writes. With a deferred BEGIN, the readers that lose the
    # race fail at once with 'database is locked'; BEGIN IMMEDIATE makes them wait their turn,
    # so all 20 apply, none sees a stale row, and no update is lost.
    activity_id = await _add_one_visit(database)

    conflicts = await asyncio.gather(
        *(_add_a_quarter_day(database, activity_id, retry=False) for _ in range(20))
    )

    assert conflicts == [0] * 20
    async with UnitOfWork(database) as uow:
        activity = await uow.activities.get(activity_id)
    assert activity is not None
    assert activity.planned.visit == Decimal("5.00")
    assert activity.version == 21


async def test_concurrent_edits_with_version_checks_all_apply_after_retrying(
    database: Database, backend: str
) -> None:
    # Optimistic locking on both backends: a writer that read an old version is told so
    # (StaleActivity), reads again and retries; no increment is lost.
    activity_id = await _add_one_visit(database)

    conflicts = await asyncio.gather(
        *(_add_a_quarter_day(database, activity_id, retry=True) for _ in range(20))
    )

    if backend == "postgresql":
        # PostgreSQL lets the readers overlap, so the version check must have caught some.
        assert sum(conflicts) > 0

    async with UnitOfWork(database) as uow:
        activity = await uow.activities.get(activity_id)
    assert activity is not None
    assert activity.planned.visit == Decimal("5.00")
    assert activity.version == 21


# --- PostgreSQL -------------------------------------------------------------------------------


@on_postgres_only
async def test_postgresql_is_never_migrated_automatically(empty_database: Database) -> None:
    with pytest.raises(DatabaseError, match=r"run `eebot db upgrade`"):
        await empty_database.ensure_schema()
    assert await empty_database.current_revision() is None


@on_postgres_only
async def test_a_migrated_postgresql_database_is_ready(database: Database) -> None:
    await database.ensure_schema()
    assert await database.is_current()


# --- Unreachable ------------------------------------------------------------------------------

UNREACHABLE = "postgresql://eebot:s3cret-pw@127.0.0.1:1/nothing"


def _says_unreachable_without_the_password(error: DatabaseError) -> None:
    message = str(error)
    assert "cannot reach the database" in message
    assert "EEBOT_DATABASE_URL" in message
    assert "127.0.0.1:1/nothing" in message
    assert "s3cret-pw" not in message


async def test_an_unreachable_database_is_reported_plainly_when_checking_the_schema() -> None:
    database = open_database(UNREACHABLE)
    try:
        with pytest.raises(DatabaseError) as caught:
            await database.current_revision()
    finally:
        await database.dispose()
    _says_unreachable_without_the_password(caught.value)


async def test_an_unreachable_database_is_reported_plainly_from_a_unit_of_work() -> None:
    database = open_database(UNREACHABLE)
    try:
        with pytest.raises(DatabaseError) as caught:
            async with UnitOfWork(database) as uow:
                await uow.establishments.count()
    finally:
        await database.dispose()
    _says_unreachable_without_the_password(caught.value)


@on_postgres_only
async def test_a_database_that_does_not_exist_is_reported_plainly_from_a_unit_of_work(
    empty_database: Database,
) -> None:
    # The server answers but refuses the connection (as with a wrong name or password): the
    # person still needs the same advice, not a driver traceback.
    url = make_url(empty_database.url).set(password="s3cret-pw", database="eebot_no_such_db")
    database = open_database(url.render_as_string(hide_password=False))
    try:
        with pytest.raises(DatabaseError) as caught:
            async with UnitOfWork(database) as uow:
                await uow.establishments.count()
    finally:
        await database.dispose()
    message = str(caught.value)
    assert "cannot reach the database" in message
    assert "eebot_no_such_db" in message
    assert "EEBOT_DATABASE_URL" in message
    assert "s3cret-pw" not in message


@on_postgres_only
async def test_a_failing_statement_is_not_mistaken_for_an_unreachable_database(
    database: Database,
) -> None:
    # Only connection failures are translated; a real SQL error keeps its own type.
    with pytest.raises(IntegrityError):
        async with UnitOfWork(database) as uow:
            await uow.activities.add(visit(urn="999999"))


def test_a_database_does_not_show_its_password_when_printed() -> None:
    # Reprs end up in logs and test failure output.
    database = open_database("postgresql://eebot:s3cret-pw@db.example/eebot")
    assert "s3cret-pw" not in repr(database)
    assert "s3cret-pw" in database.url  # still there for connecting and migrating


def test_a_postgres_scheme_url_is_taken_as_postgresql() -> None:
    assert normalise_url("postgres://u@h/db").startswith("postgresql+asyncpg://")


async def test_a_database_migrated_by_a_newer_eebot_is_refused_plainly(database: Database) -> None:
    async with database.engine.begin() as connection:
        await connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff'")
    with pytest.raises(DatabaseError, match="revision ffff, which this eebot does not know"):
        await database.ensure_schema()


def test_a_sqlite_folder_that_cannot_be_made_is_a_plain_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(DatabaseError, match="cannot create the folder"):
        open_database(f"sqlite:///{blocker}/sub/eebot.db")
