"""Alembic environment: run migrations on a connection we are given, or on EEBOT_DATABASE_URL."""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from eecore.store.database import normalise_url
from eecore.store.tables import metadata

config = context.config


def _sqlite_foreign_keys(connection: Connection, *, on: bool) -> None:
    """Switch SQLite's foreign-key enforcement (it only takes effect outside a transaction)."""
    cursor = connection.connection.cursor()  # the driver's own: SQLAlchemy issues no BEGIN
    try:
        cursor.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    finally:
        cursor.close()


def run_on(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )
    if sqlite:
        # Batch mode rebuilds a table by copying it and dropping the old one; with foreign keys
        # enforced, that drop cascades and deletes the rows referring to it (roles, caseloads).
        _sqlite_foreign_keys(connection, on=False)
    try:
        with context.begin_transaction():
            context.run_migrations()
    finally:
        if sqlite:
            _sqlite_foreign_keys(connection, on=True)


async def run_on_url(url: str) -> None:
    engine = create_async_engine(normalise_url(url))
    async with engine.connect() as connection:
        await connection.run_sync(run_on)
        await connection.commit()
    await engine.dispose()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    url = os.environ.get("EEBOT_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    asyncio.run(run_on_url(url or "sqlite:///eebot.db"))


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
