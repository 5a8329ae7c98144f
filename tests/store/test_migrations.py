"""The Alembic migrations build, tear down and rebuild the schema the models describe."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, Numeric, inspect
from sqlalchemy.engine import Connection

from eecore.domain.establishments import Establishment
from eecore.domain.people import Person, Role, RoleGrant
from eecore.store import database as database_module
from eecore.store.database import Database, head_revision, migrations_path, open_database
from eecore.store.tables import metadata
from eecore.store.uow import UnitOfWork

EEBOT_TABLES = set(metadata.tables)
CORE_TABLES = {
    "establishment", "person", "person_role", "caseload", "category_assignment",
    "planned_activity", "allocation_adjustment",
}


async def table_names(database: Database) -> set[str]:
    async with database.engine.connect() as connection:
        return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))


async def differences(database: Database, target: MetaData) -> list[Any]:
    def compare(sync: Connection) -> list[Any]:
        context = MigrationContext.configure(sync, opts={"compare_type": True})
        return list(compare_metadata(context, target))

    async with database.engine.connect() as connection:
        return await connection.run_sync(compare)


def test_the_models_declare_the_core_tables() -> None:
    # Guards the checks below against passing vacuously on an empty or partial metadata.
    assert CORE_TABLES <= EEBOT_TABLES


async def test_an_empty_database_has_no_revision_and_is_not_current(
    empty_database: Database,
) -> None:
    assert await empty_database.current_revision() is None
    assert not await empty_database.is_current()


async def test_upgrade_downgrade_to_base_and_upgrade_again(empty_database: Database) -> None:
    head = head_revision()
    assert head is not None

    await empty_database.upgrade()
    assert await empty_database.current_revision() == head
    assert await empty_database.is_current()
    assert await table_names(empty_database) >= EEBOT_TABLES

    await empty_database.downgrade("base")
    assert await empty_database.current_revision() is None
    assert not await empty_database.is_current()
    assert await table_names(empty_database) <= {"alembic_version"}

    await empty_database.upgrade()
    assert await empty_database.current_revision() == head
    assert await empty_database.is_current()
    assert await table_names(empty_database) >= EEBOT_TABLES


async def test_the_migrated_schema_matches_the_models(database: Database) -> None:
    assert await differences(database, metadata) == []


async def test_the_schema_comparison_notices_a_changed_column_type(database: Database) -> None:
    # The comparison above is only worth having if type drift shows up on this backend.
    drifted = MetaData()
    for table in metadata.sorted_tables:
        table.to_metadata(drifted)
    drifted.tables["planned_activity"].c.prep_days.type = Numeric(8, 3)
    found = await differences(database, drifted)
    assert [(d[0][0], d[0][3]) for d in found] == [("modify_type", "prep_days")]


FUTURE_MIGRATION = """
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade():
    # SQLite cannot alter a column in place: batch mode rebuilds the table (copy, drop, rename).
    with op.batch_alter_table("person") as batch_op:
        batch_op.alter_column("name", type_=sa.String(300), existing_nullable=False)


def downgrade():
    with op.batch_alter_table("person") as batch_op:
        batch_op.alter_column("name", type_=sa.String(200), existing_nullable=False)
"""


async def test_a_sqlite_migration_that_rebuilds_a_table_keeps_the_rows_that_refer_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Rebuilding `person` drops the old table; with foreign keys on during the migration, that
    # drop would cascade and silently delete every person's roles and caseload.
    scripts = tmp_path / "migrations"
    shutil.copytree(migrations_path(), scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9999_future_change.py").write_text(
        FUTURE_MIGRATION.format(head=head_revision())
    )
    database = open_database(f"sqlite:///{tmp_path / 'eebot.db'}")
    try:
        await database.upgrade()
        async with UnitOfWork(database) as uow:
            await uow.establishments.save(Establishment(urn="100001", name="A", kind="la_school"))
            jo = await uow.people.save(
                Person(name="Jo", roles={RoleGrant(Role.SIA)}, caseload={"100001"})
            )
            await uow.commit()

        monkeypatch.setattr(database_module, "migrations_path", lambda: scripts)
        await database.upgrade()
        assert await database.current_revision() == "9999"

        async with UnitOfWork(database) as uow:
            assert jo.id is not None
            kept = await uow.people.get(jo.id)
        assert kept is not None
        assert kept.roles == {RoleGrant(Role.SIA)}
        assert kept.caseload == {"100001"}

        async with database.engine.connect() as connection:  # and enforcement is back on
            assert (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1
    finally:
        await database.dispose()
