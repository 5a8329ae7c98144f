"""How fast the outbound path sends, against a local stub Bot Connector on 127.0.0.1.

    .venv/bin/python -m tests.bot.bench_send_rate [--one 100] [--spread 100] [--conversations 20]

Two runs: `--one` messages to one conversation (bound by 7 a second and 60 per 30 seconds), then
`--spread` messages over `--conversations` conversations (bound by the tenant's ceiling,
EEBOT_TENANT_SEND_RATE, 30 a second by default). Each prints the rate the stub measured, per
conversation and overall, and the p50/p99 latency of a send (end to end, waiting for the rate
limit included) and of its HTTP request alone. The record goes to a fresh SQLite file (or
--database-url). Not collected by pytest; nothing leaves this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.proactive import NoToken, ProactiveSender, SendOutcome
from eecore.store.database import Database, open_database
from eecore.store.repositories import ConversationAddress


class Connector:
    """Answers 201 to every activity and notes when each arrived."""

    def __init__(self) -> None:
        self.arrivals: dict[str, list[float]] = defaultdict(list)

    async def activity(self, request: web.Request) -> web.Response:
        self.arrivals[request.match_info["conversation"]].append(asyncio.get_running_loop().time())
        await request.read()
        return web.json_response({"id": "x"}, status=201)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def rate(times: list[float]) -> float:
    """Messages a second between the first arrival and the last."""
    if len(times) < 2:
        return float("nan")
    return (len(times) - 1) / (max(times) - min(times))


def most_in_a_second(times: list[float]) -> int:
    """The most arrivals in any one-second window."""
    ordered = sorted(times)
    return max(
        (sum(1 for t in ordered[i:] if t < s + 1.0) for i, s in enumerate(ordered)), default=0
    )


def address(url: str, conversation_id: str) -> ConversationAddress:
    reference = {"serviceUrl": url, "conversation": {"id": conversation_id}, "channelId": "msteams"}
    return ConversationAddress(
        conversation_id, "msteams", "personal", json.dumps(reference), tenant_id="bench"
    )


async def run(
    label: str,
    sender: ProactiveSender,
    connector: Connector,
    request_times: list[float],
    url: str,
    count: int,
    conversations: int,
) -> None:
    connector.arrivals.clear()
    request_times.clear()
    loop = asyncio.get_running_loop()
    latencies: list[float] = []

    async def one(index: int) -> SendOutcome:
        started = loop.time()
        target = address(url, f"a:bench-{index % conversations}")
        outcome = await sender.send(target, {"type": "message", "text": f"m{index}"}, "bench")
        latencies.append(loop.time() - started)
        return outcome

    started = loop.time()
    outcomes = await asyncio.gather(*(one(i) for i in range(count)))
    elapsed = loop.time() - started
    sent = sum(outcome.ok for outcome in outcomes)
    arrivals = [t for times in connector.arrivals.values() for t in times]
    per_conversation = [rate(times) for times in connector.arrivals.values()]
    print(f"\n{label}: {count} messages over {conversations} conversation(s)")
    print(f"  sent {sent}/{count} in {elapsed:.2f} s")
    busiest = max(most_in_a_second(times) for times in connector.arrivals.values())
    if conversations == 1:
        print(
            f"  per conversation: {per_conversation[0]:.2f} msg/s first to last arrival, "
            f"most in any 1 s: {busiest}"
        )
    else:
        print(
            "  per conversation: "
            f"mean {statistics.fmean(per_conversation):.2f} msg/s, "
            f"min {min(per_conversation):.2f}, max {max(per_conversation):.2f} "
            f"({count // conversations} each), most in any 1 s: {busiest}"
        )
    print(
        f"  overall: {rate(arrivals):.2f} msg/s first to last arrival, "
        f"{count / elapsed:.2f} msg/s end to end, most in any 1 s: {most_in_a_second(arrivals)}"
    )
    print(
        f"  latency of a send (queueing for the limits included): "
        f"p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms"
    )
    print(
        f"  latency of its HTTP request: p50 {percentile(request_times, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(request_times, 0.99) * 1000:.1f} ms"
    )


async def main(arguments: argparse.Namespace) -> None:
    connector = Connector()
    app = web.Application()
    app.router.add_post("/v3/conversations/{conversation}/activities", connector.activity)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    url = str(server.make_url("")).rstrip("/")

    request_times: list[float] = []
    trace = aiohttp.TraceConfig()

    async def on_start(_s: Any, context: SimpleNamespace, _p: Any) -> None:
        context.started = asyncio.get_running_loop().time()

    async def on_end(_s: Any, context: SimpleNamespace, _p: Any) -> None:
        request_times.append(asyncio.get_running_loop().time() - context.started)

    trace.on_request_start.append(on_start)
    trace.on_request_end.append(on_end)

    with tempfile.TemporaryDirectory() as folder:
        database_url = arguments.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        database: Database = open_database(database_url)
        await database.upgrade()
        print(f"stub Bot Connector at {url}; record in {database_url.split('@')[-1]}")
        print(f"tenant ceiling {arguments.tenant_rate:g} msg/s; per conversation 7/s and 60/30 s")
        try:
            async with aiohttp.ClientSession(trace_configs=[trace]) as session:
                sender = ProactiveSender(
                    session, NoToken(), database, tenant_rate=arguments.tenant_rate
                )
                if arguments.one:
                    await run(
                        "one conversation", sender, connector, request_times, url, arguments.one, 1
                    )
                if arguments.spread:
                    await run(
                        "spread",
                        sender,
                        connector,
                        request_times,
                        url,
                        arguments.spread,
                        arguments.conversations,
                    )
        finally:
            await database.dispose()
            await server.close()


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--one", type=int, default=100, help="messages to one conversation")
    parser.add_argument("--spread", type=int, default=100, help="messages spread over several")
    parser.add_argument("--conversations", type=int, default=20, help="conversations to spread")
    parser.add_argument("--tenant-rate", type=float, default=30.0, help="tenant ceiling, msg/s")
    parser.add_argument("--database-url", default="", help="record here instead of a temp SQLite")
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse()))
