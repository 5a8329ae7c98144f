"""The async database: engine set-up for SQLite and PostgreSQL, migrations, and readiness."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from eecore.domain.errors import EebotError

log = logging.getLogger(__name__)


class DatabaseError(EebotError):
    """The database cannot be reached, or is not at the schema this code needs."""


def normalise_url(url: str) -> str:
    """The async-driver form of a database URL: postgresql:// → asyncpg, sqlite:// → aiosqlite."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(
            f"EEBOT_DATABASE_URL {url!r} is not a database URL: use sqlite:///eebot.db "
            "or postgresql://user@host/dbname"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif backend in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    else:
        raise DatabaseError(
            f"EEBOT_DATABASE_URL uses {backend!r}: eebot supports sqlite and postgresql"
        )
    return parsed.render_as_string(hide_password=False)


def _configure_sqlite(engine: AsyncEngine) -> None:
    """WAL, foreign keys, a busy timeout, and every transaction begun with BEGIN IMMEDIATE.

    A deferred BEGIN that reads and then writes fails at once with 'database is locked' when
    another writer got there first, whatever busy_timeout says; IMMEDIATE takes the write lock
    up front, so concurrent writers queue instead of failing.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@dataclass
class Database:
    """An engine and its session factory, built once by the application and closed at exit."""

    url: str = field(repr=False)  # holds the password
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    _turns: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = field(
        default_factory=WeakKeyDictionary, repr=False
    )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def turns(self) -> asyncio.Lock | None:
        """On SQLite, the queue this process's units of work wait in, one at a time.

        Each SQLite transaction takes the write lock (BEGIN IMMEDIATE). Waiting here, in order,
        hands it over as soon as it is free; waiting in SQLite's busy handler instead would poll
        with sleeps of up to 100 ms. Other processes still queue in the busy handler. None on
        PostgreSQL, where transactions run side by side.
        """
        if not self.is_sqlite:
            return None
        loop = asyncio.get_running_loop()
        lock = self._turns.get(loop)
        if lock is None:
            lock = self._turns[loop] = asyncio.Lock()
        return lock

    async def dispose(self) -> None:
        await self.engine.dispose()

    async def upgrade(self, revision: str = "head") -> None:
        """Migrate the schema up to a revision (the newest by default)."""
        await self._alembic(lambda cfg: command.upgrade(cfg, revision))

    async def downgrade(self, revision: str) -> None:
        """Migrate the schema down to a revision ('base' for an empty database)."""
        await self._alembic(lambda cfg: command.downgrade(cfg, revision))

    async def current_revision(self) -> str | None:
        """The revision the database is at, or None before the first migration."""
        try:
            async with self.engine.connect() as connection:
                return await connection.run_sync(
                    lambda sync: MigrationContext.configure(sync).get_current_revision()
                )
        except (OSError, DBAPIError) as exc:
            raise unreachable(self.url, exc) from None

    async def is_current(self) -> bool:
        """True when the database is at the newest migration."""
        return await self.current_revision() == head_revision()

    async def ensure_schema(self) -> None:
        """Make sure the schema is current: SQLite is migrated on first use, PostgreSQL must be."""
        current = await self.current_revision()
        if current == head_revision():
            return
        if current is not None and not known_revision(current):
            raise DatabaseError(
                f"the database is at schema revision {current}, which this eebot does not know: "
                "it was migrated by a newer version; run that version or restore a backup"
            )
        if self.is_sqlite:
            log.info("migrating the SQLite database to the newest schema")
            await self.upgrade()
            return
        raise DatabaseError(
            "the database is not at the newest schema: run `eebot db upgrade` first"
        )

    async def _alembic(self, operation: Any) -> None:
        cfg = alembic_config(self.url)
        try:
            async with self.engine.connect() as connection:

                def run(sync_connection: Connection) -> None:
                    cfg.attributes["connection"] = sync_connection
                    operation(cfg)

                await connection.run_sync(run)
                await connection.commit()
        except (OSError, DBAPIError) as exc:
            raise unreachable(self.url, exc) from None


def unreachable(url: str, exc: BaseException) -> DatabaseError:
    """A one-line error for a database that cannot be reached, with no password in it."""
    shown = make_url(url).render_as_string(hide_password=True)
    cause = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0] if str(exc) else ""
    return DatabaseError(
        f"cannot reach the database at {shown} ({type(exc).__name__}: {cause}); "
        "check EEBOT_DATABASE_URL and that the server is running"
    )


def open_database(url: str, *, echo: bool = False) -> Database:
    """Build the engine and sessions for a URL; no connection is made until first use."""
    async_url = normalise_url(url)
    parsed = make_url(async_url)
    kwargs: dict[str, Any] = {"echo": echo}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            folder = Path(database).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(
                    f"cannot create the folder {folder} for the SQLite database "
                    f"({exc.strerror}); check EEBOT_DATABASE_URL"
                ) from None
        kwargs["connect_args"] = {"timeout": 30}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_async_engine(async_url, **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    sessions = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
    return Database(url=async_url, engine=engine, sessions=sessions)


def migrations_path() -> Path:
    """The Alembic scripts shipped with the package."""
    return Path(str(resources.files("migrations")))


def alembic_config(url: str) -> Config:
    """An Alembic configuration pointing at our migrations and a database URL."""
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_path()))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def known_revision(revision: str) -> bool:
    """True when a revision is one of the migrations shipped with this code."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return any(r.revision == revision for r in script.walk_revisions())


def head_revision() -> str | None:
    """The newest migration shipped with this code."""
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


__all__ = [
    "Database",
    "DatabaseError",
    "head_revision",
    "normalise_url",
    "open_database",
]
