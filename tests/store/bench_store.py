"""How the store and the services hold up at the size of a large local authority.

    .venv/bin/python -m tests.store.bench_store [--establishments 1500] [--advisors 30]
        [--concurrent 50] [--postgres]

It fills a fresh database with `--establishments` schools and settings, each with a category, and
`--advisors` advisors sharing them as caseloads. Then it times:

- making every establishment's year plan (on first need, as the bot does);
- "what's left" for 200 establishments one after another (p50, p99);
- `--concurrent` "what's left" questions at once, as a busy Monday morning would ask them;
- an advisor's caseload card and weekly digest (p50, p99 over 20 each).

SQLite runs on a fresh file; with --postgres, a fresh database on EEBOT_TEST_POSTGRES_URL's server
as well (dropped afterwards). It prints figures and asserts nothing. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path

from eecore.domain.categories import CategoryAssignment
from eecore.domain.establishments import Establishment
from eecore.domain.people import Person, Role, RoleGrant
from eecore.domain.policy import Policy
from eecore.policy import load_policy
from eecore.services.allocations import whats_left
from eecore.services.caseload import caseload
from eecore.services.digest import weekly_digest
from eecore.store.database import Database, open_database
from eecore.store.uow import UnitOfWork

TODAY = date(2026, 12, 3)
KINDS = ("la_school",) * 5 + ("pvi",) * 3 + ("academy", "childminder")
CATEGORIES = ("A", "A", "AS", "B1", "B1", "B2", "C")


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


async def timed(work: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await work()
    return time.perf_counter() - started


async def fill(database: Database, establishments: int, advisors: int) -> list[Person]:
    """The establishments with their categories, and advisors sharing them round-robin."""
    urns = [str(200000 + n) for n in range(establishments)]
    async with UnitOfWork(database) as uow:
        for n, urn in enumerate(urns):
            kind = KINDS[n % len(KINDS)]
            await uow.establishments.save(Establishment(urn, f"Bench School {n}", kind))
            if kind != "academy":
                await uow.categories.add(
                    CategoryAssignment(
                        urn=urn,
                        category=CATEGORIES[n % len(CATEGORIES)],
                        effective_from=date(2026, 9, 1),
                        agreed_by="Bench",
                        rationale="benchmark",
                        recorded_at=datetime.now(UTC),
                    )
                )
        people = []
        for a in range(advisors):
            people.append(
                await uow.people.save(
                    Person(
                        f"Advisor {a}",
                        f"advisor{a}@example.org",
                        f"bench-{a:04d}",
                        roles={RoleGrant(Role.SIA)},
                        caseload=set(urns[a::advisors]),
                    )
                )
            )
        await uow.commit()
    return people


async def run(database: Database, policy: Policy, args: argparse.Namespace) -> None:
    name = database.engine.dialect.name
    await database.upgrade()
    seconds = await timed(lambda: fill(database, args.establishments, args.advisors))
    print(f"{name}: {args.establishments} establishments and {args.advisors} advisors stored "
          f"in {seconds:.2f} s")
    async with UnitOfWork(database) as uow:
        people = await uow.people.all()
    urns = sorted({urn for person in people for urn in person.caseload})

    started = time.perf_counter()
    for urn in urns:
        await whats_left(UnitOfWork(database), policy, urn, TODAY)
    took = time.perf_counter() - started
    print(f"  year plans made on first need: {len(urns)} in {took:.2f} s "
          f"({len(urns) / took:.0f} a second)")

    chosen = random.Random(1).sample(urns, min(200, len(urns)))
    samples = [
        await timed(lambda u=urn: whats_left(UnitOfWork(database), policy, u, TODAY))  # type: ignore[misc]
        for urn in chosen
    ]
    print(f"  what's left, one after another: p50 {ms(statistics.median(samples))}, "
          f"p99 {ms(percentile(samples, 0.99))}")

    at_once = chosen[: args.concurrent]
    started = time.perf_counter()
    answers = await asyncio.gather(
        *(timed(lambda u=urn: whats_left(UnitOfWork(database), policy, u, TODAY))  # type: ignore[misc]
          for urn in at_once)
    )
    took = time.perf_counter() - started
    print(f"  what's left, {len(at_once)} at once: all answered in {took:.2f} s "
          f"({len(at_once) / took:.0f} a second), slowest {ms(max(answers))}, "
          f"p50 {ms(statistics.median(answers))}")

    advisor = people[0]
    for what, work in (
        ("caseload card", lambda: caseload(UnitOfWork(database), policy, advisor, TODAY)),
        ("weekly digest", lambda: weekly_digest(UnitOfWork(database), policy, advisor, TODAY)),
    ):
        samples = [await timed(work) for _ in range(20)]
        print(f"  {what} of {len(advisor.caseload)} establishments: "
              f"p50 {ms(statistics.median(samples))}, p99 {ms(percentile(samples, 0.99))}")


async def main(args: argparse.Namespace) -> None:
    policy = load_policy()
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"sqlite:///{Path(folder) / 'bench.db'}")
        try:
            await run(database, policy, args)
        finally:
            await database.dispose()
    if args.postgres:
        from tests.conftest import _create_pg_database, _drop_pg_database

        url, name = await _create_pg_database()
        database = open_database(url)
        try:
            await run(database, policy, args)
        finally:
            await database.dispose()
            await _drop_pg_database(name)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--establishments", type=int, default=1500)
    parser.add_argument("--advisors", type=int, default=30)
    parser.add_argument("--concurrent", type=int, default=50)
    parser.add_argument("--postgres", action="store_true")
    asyncio.run(main(parser.parse_args()))
