"""The unit of work: one transaction, with the repositories that share it."""

from __future__ import annotations

import asyncio
from types import TracebackType

from sqlalchemy.exc import DBAPIError
from sqlmodel.ext.asyncio.session import AsyncSession

from eecore.store.database import Database, DatabaseError, unreachable
from eecore.store.repositories import (
    ActivityRepository,
    AdjustmentRepository,
    CategoryRepository,
    ConversationRepository,
    EstablishmentRepository,
    PersonRepository,
    TurnRepository,
)

TURN_TIMEOUT = 30.0
"""Seconds a unit of work waits for its turn on SQLite, as long as SQLite's own busy timeout."""


class UnitOfWork:
    """`async with uow:` opens a transaction; `await uow.commit()` keeps it, leaving rolls back."""

    establishments: EstablishmentRepository
    people: PersonRepository
    categories: CategoryRepository
    activities: ActivityRepository
    adjustments: AdjustmentRepository
    conversations: ConversationRepository
    turns: TurnRepository

    def __init__(self, database: Database) -> None:
        self.database = database
        self._session: AsyncSession | None = None
        self._turn: asyncio.Lock | None = None

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("the unit of work is not open: use `async with uow:`")
        return self._session

    async def __aenter__(self) -> UnitOfWork:
        if self._session is not None:
            raise RuntimeError("this unit of work is already open")
        turn = self.database.turns()
        if turn is not None:
            try:
                async with asyncio.timeout(TURN_TIMEOUT):
                    await turn.acquire()
            except TimeoutError:
                raise DatabaseError(
                    "the database stayed busy for 30 s: try again in a moment"
                ) from None
            self._turn = turn
        session = self.database.sessions()
        self._session = session
        self.establishments = EstablishmentRepository(session)
        self.people = PersonRepository(session)
        self.categories = CategoryRepository(session)
        self.activities = ActivityRepository(session)
        self.adjustments = AdjustmentRepository(session)
        self.conversations = ConversationRepository(session)
        self.turns = TurnRepository(session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session, self._session = self.session, None
        turn, self._turn = self._turn, None
        try:
            await session.rollback()
        finally:
            try:
                await session.close()
            finally:
                if turn is not None:
                    turn.release()
        # A lost connection, or one refused while connecting (wrong host, database or password:
        # such errors carry no statement), is the person's to fix; SQL errors keep their type.
        if isinstance(exc, OSError) or (
            isinstance(exc, DBAPIError) and (exc.connection_invalidated or exc.statement is None)
        ):
            raise unreachable(self.database.url, exc) from exc

    async def commit(self) -> None:
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()
