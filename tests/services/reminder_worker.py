"""A bot process's reminder worker, alone, for the race tests to run as separate OS processes.

    python -m tests.services.reminder_worker <database-url> <worker-name> <output-file>
        [--batch N] [--lease SECONDS] [--send-seconds SECONDS] [--go FILE] [--hang-after-claim]

It writes `<output-file>.ready` once it is connected, waits for the --go file (so that several
workers start together), then claims and sends until nothing is left, writing the id of every
reminder it sends to the output file, one a line. Each send takes --send-seconds (5 ms), as a
real one to the Bot Connector would, so that racing workers overlap even on a busy machine. With
--hang-after-claim it claims one batch, writes those ids, and then hangs without sending or
marking, to be killed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.reminders import ReminderLoop
from eecore.domain.reminders import Claimed
from eecore.policy import load_policy
from eecore.services import reminders as service
from eecore.store.database import open_database
from eecore.store.uow import UnitOfWork


def _touch(path: str) -> None:
    Path(path).touch()


async def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("worker")
    parser.add_argument("output", type=Path)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--lease", type=float, default=60.0)
    parser.add_argument("--send-seconds", type=float, default=0.005)
    parser.add_argument("--go", type=Path)
    parser.add_argument("--hang-after-claim", action="store_true")
    args = parser.parse_args(argv)

    database = open_database(args.url)
    try:
        async with database.engine.connect():
            pass  # connected: ready to race
        _touch(f"{args.output}.ready")
        deadline = time.monotonic() + 30
        while args.go and not args.go.exists():
            if time.monotonic() > deadline:
                return 2
            await asyncio.sleep(0.01)
        lease = timedelta(seconds=args.lease)
        with args.output.open("a", buffering=1) as output:
            if args.hang_after_claim:
                claimed = await service.claim_due(
                    UnitOfWork(database), args.worker, datetime.now(UTC), args.batch, lease
                )
                output.write("".join(f"{c.id}\n" for c in claimed))
                output.flush()
                _touch(f"{args.output}.claimed")
                await asyncio.sleep(60)  # killed here, before sending or marking anything
                return 3

            async def send(claimed: Claimed) -> bool:
                await asyncio.sleep(args.send_seconds)
                output.write(f"{claimed.id}\n")
                output.flush()
                return True

            loop = ReminderLoop(
                database,
                load_policy(),
                send,
                worker_id=args.worker,
                batch_size=args.batch,
                lease=lease,
                digests_every=None,
            )
            while (await loop.run_once()).claimed:
                pass
        return 0
    finally:
        await database.dispose()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
