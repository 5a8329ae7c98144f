"""The unit of work keeps what it is told to commit and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from eecore.store.database import Database, open_database
from eecore.store.uow import UnitOfWork
from tests.store.builders import school


async def _count(database: Database) -> int:
    async with UnitOfWork(database) as uow:
        return await uow.establishments.count()


async def test_leaving_without_commit_keeps_nothing(uow: UnitOfWork, database: Database) -> None:
    async with uow:
        await uow.establishments.save(school())
        assert await uow.establishments.count() == 1  # visible inside its own transaction

    assert await _count(database) == 0


async def test_an_error_inside_the_block_rolls_back_and_is_raised(
    uow: UnitOfWork, database: Database
) -> None:
    with pytest.raises(ZeroDivisionError):
        async with uow:
            await uow.establishments.save(school())
            _ = 1 / 0

    assert await _count(database) == 0


async def test_committing_keeps_the_work(uow: UnitOfWork, database: Database) -> None:
    async with uow:
        await uow.establishments.save(school())
        await uow.commit()

    assert await _count(database) == 1


async def test_work_after_a_commit_is_not_kept_without_another(
    uow: UnitOfWork, database: Database
) -> None:
    async with uow:
        await uow.establishments.save(school("100001"))
        await uow.commit()
        await uow.establishments.save(school("100002", "Bexhill Academy"))

    async with UnitOfWork(database) as check:
        assert await check.establishments.names() == [("100001", "Ashdown Primary")]


async def test_a_unit_of_work_can_be_used_again_after_it_closes(
    uow: UnitOfWork, database: Database
) -> None:
    async with uow:
        await uow.establishments.save(school("100001"))
    async with uow:
        await uow.establishments.save(school("100002", "Bexhill Academy"))
        await uow.commit()

    assert await _count(database) == 1


async def test_repositories_cannot_be_used_outside_the_block(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'eebot.db'}")  # never connected
    try:
        with pytest.raises(RuntimeError, match="not open"):
            _ = UnitOfWork(database).session
    finally:
        await database.dispose()
