"""The unit of work keeps what it is told to commit and nothing else."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from eecore.store import uow as uow_module
from eecore.store.database import Database, DatabaseError, open_database
from eecore.store.uow import UnitOfWork
from tests.store.builders import on_postgres_only, on_sqlite_only, school


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


# Turns: on SQLite, this process's units of work queue in order for the write lock -------------


@on_sqlite_only
async def test_on_sqlite_a_unit_of_work_waits_for_the_open_one_then_goes(
    database: Database,
) -> None:
    async def add(order: list[str], name: str) -> None:
        async with UnitOfWork(database) as uow:
            order.append(name)
            await uow.establishments.save(school(urn=name, name=name))
            await uow.commit()

    order: list[str] = []
    async with UnitOfWork(database) as first:
        waiting = [asyncio.create_task(add(order, str(100002 + n))) for n in range(3)]
        await asyncio.sleep(0.05)
        assert order == [] and not any(task.done() for task in waiting)  # held by `first`
        await first.establishments.save(school())
        await first.commit()
    await asyncio.gather(*waiting)
    assert order == ["100002", "100003", "100004"]  # in the order they asked
    assert await _count(database) == 4


@on_sqlite_only
async def test_on_sqlite_a_cancelled_waiter_gives_up_its_place(database: Database) -> None:
    async def wait_for_a_turn() -> None:
        async with UnitOfWork(database):
            pass

    async with UnitOfWork(database):
        waiter = asyncio.create_task(wait_for_a_turn())
        await asyncio.sleep(0.01)
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
    assert await asyncio.wait_for(_count(database), 5) == 0  # the queue is free again


@on_sqlite_only
async def test_on_sqlite_a_turn_that_never_comes_is_a_clear_error(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uow_module, "TURN_TIMEOUT", 0.05)
    async with UnitOfWork(database) as held:
        await held.establishments.save(school())
        with pytest.raises(DatabaseError, match="busy for 30 s"):
            async with UnitOfWork(database):  # the same task, inside its own open unit of work
                pass
        await held.commit()
    assert await _count(database) == 1  # the first one's work is kept


@on_postgres_only
async def test_on_postgresql_units_of_work_run_side_by_side(database: Database) -> None:
    async with UnitOfWork(database) as first:
        await first.establishments.save(school())
        # A second one opens and reads while the first is open: no queue here.
        assert await asyncio.wait_for(_count(database), 5) == 0
        await first.commit()
    assert await _count(database) == 1
