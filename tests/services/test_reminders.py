"""Reminders on a real database: scheduling, claiming under a lease, marking, and two processes
racing for the same reminders (each sent exactly once)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.reminders import ReminderLoop
from eecore.domain.ledger import Status
from eecore.domain.people import Person, Role, RoleGrant
from eecore.domain.policy import Policy
from eecore.domain.reminders import Claimed, PlannedReminder, ReminderKind, ReminderRules
from eecore.services import reminders as service
from eecore.store.database import Database
from eecore.store.reminders import ReminderRepository
from eecore.store.uow import UnitOfWork
from tests.store.builders import school, visit

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
"""Thursday 3 December 2026, 10:00."""
LEASE = timedelta(minutes=5)


@pytest.fixture
def rules(policy: Policy) -> ReminderRules:
    return ReminderRules(policy.calendar)


async def seed(uow: UnitOfWork) -> tuple[int, int, int]:
    """A school with a head and an advisor, and a visit booked for Thursday 10 December."""
    async with uow:
        await uow.establishments.save(school("100001"))
        head = await uow.people.save(
            Person("Ms A Head", "head@example.org", roles={RoleGrant(Role.HEAD, "100001")})
        )
        advisor = await uow.people.save(
            Person(
                "Mr B Advisor",
                "advisor@example.org",
                roles={RoleGrant(Role.SIA)},
                caseload={"100001"},
            )
        )
        activity = visit("100001")
        activity.book(date(2026, 12, 10))
        await uow.activities.add(activity)
        await uow.commit()
    assert head.id and advisor.id and activity.id
    return head.id, advisor.id, activity.id


def digest(person_id: int, day: date, due_at: datetime) -> PlannedReminder:
    """A reminder with its own key (one per day) that needs no activity."""
    return PlannedReminder(ReminderKind.WEEKLY_DIGEST, person_id, due_at, on=day)


async def schedule_visit(
    uow: UnitOfWork, rules: ReminderRules, activity_id: int, people: list[int], on: date
) -> int:
    return await service.schedule_visit(
        uow, rules, activity_id=activity_id, on=on, attendees=people, now=NOW - timedelta(days=9)
    )


# Scheduling -------------------------------------------------------------------------------


async def test_scheduling_the_same_reminders_twice_keeps_one_of_each(
    uow: UnitOfWork, rules: ReminderRules
) -> None:
    head, advisor, activity = await seed(uow)
    assert await schedule_visit(uow, rules, activity, [head, advisor], date(2026, 12, 10)) == 4
    assert await schedule_visit(uow, rules, activity, [head, advisor], date(2026, 12, 10)) == 0
    stored = await service.find(uow, activity_id=activity)
    assert len(stored) == 4
    assert {r.kind for r in stored} == {"visit_upcoming_7d", "visit_upcoming_1d"}
    assert {r.status for r in stored} == {"pending"}
    assert stored[0].due_at == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)  # 09:00 GMT, 7 days before
    assert stored[0].due_at.tzinfo is not None
    # Weekly digests: one for each advisor with a caseload (not the head, nor a lead with no
    # schools of her own), however often it is asked.
    async with uow:
        await uow.people.save(Person("Ms C Lead", "lead@example.org", roles={RoleGrant(Role.HOS)}))
        await uow.commit()
    assert await service.schedule_weekly_digests(uow, rules, NOW) == 1
    assert await service.schedule_weekly_digests(uow, rules, NOW) == 0
    digests = [r for r in await service.find(uow) if r.kind == "weekly_digest"]
    assert [r.key for r in digests] == [f"weekly_digest:-:{advisor}:2026-12-07"]


async def test_claim_due_returns_only_the_reminders_that_are_due(
    uow: UnitOfWork, rules: ReminderRules
) -> None:
    head, _, _ = await seed(uow)
    await service.schedule(
        uow,
        [
            digest(head, date(2026, 12, 1), NOW - timedelta(hours=2)),
            digest(head, date(2026, 12, 2), NOW),
            digest(head, date(2026, 12, 3), NOW + timedelta(seconds=1)),
        ],
    )
    claimed = await service.claim_due(uow, "w1", NOW, 10, LEASE)
    assert [c.key for c in claimed] == [
        f"weekly_digest:-:{head}:2026-12-01",
        f"weekly_digest:-:{head}:2026-12-02",
    ]
    assert all(c.claimed_by == "w1" and c.attempts == 1 for c in claimed)
    assert claimed[0].claimed_until == NOW + LEASE
    # Claimed already, and the third is not due yet: nothing for a second worker.
    assert await service.claim_due(uow, "w2", NOW, 10, LEASE) == []
    # The limit is respected.
    later = await service.claim_due(uow, "w2", NOW + timedelta(hours=1), 0, LEASE)
    assert later == []


async def test_a_turned_off_kind_is_skipped_when_it_comes_to_be_sent(
    database: Database, uow: UnitOfWork, rules: ReminderRules, policy: Policy
) -> None:
    head, advisor, activity = await seed(uow)
    await service.set_preference(uow, head, "visit_upcoming_7d", False)
    await service.set_preference(uow, advisor, "visit_upcoming_1d", False)
    await service.set_preference(uow, advisor, "visit_upcoming_1d", True)  # changed their mind
    assert (await service.preferences(uow, head))["visit_upcoming_7d"] is False
    await schedule_visit(uow, rules, activity, [head, advisor], date(2026, 12, 10))

    sent: list[Claimed] = []

    async def send(claimed: Claimed) -> bool:
        sent.append(claimed)
        return True

    loop = ReminderLoop(
        database, policy, send, "w1", rules=rules, clock=lambda: NOW + timedelta(days=7)
    )
    result = await loop.run_once()
    assert (result.claimed, result.sent, result.skipped) == (4, 3, 1)
    assert (head, "visit_upcoming_7d") not in {(c.person_id, c.kind) for c in sent}
    [skipped] = await service.find(uow, status="skipped")
    assert (skipped.person_id, skipped.kind) == (head, "visit_upcoming_7d")
    assert skipped.detail["skipped"] == "turned off by the person"
    assert skipped.finished_at is not None


async def test_reminders_that_no_longer_apply_are_skipped(
    uow: UnitOfWork, rules: ReminderRules
) -> None:
    _, advisor, activity = await seed(uow)
    await service.schedule_report_overdue(
        uow, rules, activity_id=activity, delivered_on=date(2026, 11, 19), advisors=[advisor]
    )
    await schedule_visit(uow, rules, activity, [advisor], date(2026, 12, 10))
    async with uow:
        booked = await uow.activities.get(activity)
        assert booked is not None
        read = booked.version
        booked.deliver(date(2026, 12, 10))
        await uow.activities.save(booked, read_version=read)
        await uow.commit()
    batch = await service.claim_due(uow, "w1", NOW + timedelta(days=30), 10, LEASE)
    reasons = await service.skip_reasons(uow, batch)
    by_kind = {c.kind: reasons.get(c.id) for c in batch}
    assert by_kind == {
        "report_overdue": None,  # delivered, no report written yet: still due
        "visit_upcoming_7d": "the visit is delivered, not booked",
        "visit_upcoming_1d": "the visit is delivered, not booked",
    }
    # Called off while claimed: claimed ones are not cancelled (they are being sent now), but
    # skipped at send time.
    async with uow:
        found = await uow.activities.get(activity)
        assert found is not None
        read = found.version
        found.status = Status.CANCELLED
        await uow.activities.save(found, read_version=read)
        await uow.commit()
    assert await service.cancel_for_activity(uow, activity, now=NOW) == 0
    reasons = await service.skip_reasons(uow, batch)
    assert set(reasons.values()) == {"the activity is cancelled"}
    assert len(reasons) == 3


async def test_confirming_moving_or_cancelling_a_visit_cancels_pending_reminders(
    uow: UnitOfWork, rules: ReminderRules
) -> None:
    head, advisor, activity = await seed(uow)
    chasers = await service.schedule_proposal(
        uow, rules, activity_id=activity, sent_at=NOW, heads=[head], advisors=[advisor]
    )
    assert chasers == 2
    # Confirmed: the chasers of the unanswered proposal go, the visit's reminders come.
    await schedule_visit(uow, rules, activity, [head, advisor], date(2026, 12, 10))
    statuses = {r.kind: r.status for r in await service.find(uow, activity_id=activity)}
    assert statuses == {
        "proposal_unconfirmed_head": "cancelled",
        "proposal_unconfirmed_advisor": "cancelled",
        "visit_upcoming_7d": "pending",
        "visit_upcoming_1d": "pending",
    }
    # Moved or cancelled: its pending reminders go.
    assert await service.cancel_for_activity(uow, activity, now=NOW) == 4
    assert await service.claim_due(uow, "w1", NOW + timedelta(days=30), 10, LEASE) == []
    assert Counter(r.status for r in await service.find(uow, activity_id=activity)) == {
        "cancelled": 6
    }
    # Moved to the 15th: new reminders; moved back to the 10th: the cancelled ones come back.
    assert await schedule_visit(uow, rules, activity, [head], date(2026, 12, 15)) == 2
    assert await service.cancel_for_activity(uow, activity, now=NOW) == 2
    assert await schedule_visit(uow, rules, activity, [head, advisor], date(2026, 12, 10)) == 4
    counts = Counter(r.status for r in await service.find(uow, activity_id=activity))
    assert counts == {"pending": 4, "cancelled": 4}


# Leases and marking -----------------------------------------------------------------------


async def test_an_expired_lease_lets_another_worker_claim_and_only_the_holder_may_mark(
    uow: UnitOfWork, rules: ReminderRules
) -> None:
    head, _, _ = await seed(uow)
    await service.schedule(uow, [digest(head, date(2026, 12, 1), NOW)])
    [first] = await service.claim_due(uow, "w1", NOW, 10, timedelta(minutes=1))
    # Within the lease nobody else can take it.
    assert await service.claim_due(uow, "w2", NOW + timedelta(seconds=30), 10, LEASE) == []
    # w1 stopped (killed mid-send): after the lease, w2 claims it.
    later = NOW + timedelta(minutes=2)
    [second] = await service.claim_due(uow, "w2", later, 10, LEASE)
    assert second.id == first.id
    assert (second.claimed_by, second.attempts) == ("w2", 2)
    # w1 comes back to life: its marks are refused and change nothing.
    assert await service.mark_sent(uow, first.id, "w1", later) is False
    assert await service.mark_skipped(uow, first.id, "w1", "late", later) is False
    assert await service.mark_failed(uow, rules, first, "w1", "x", later) is False
    async with uow:
        stored = await ReminderRepository(uow.session).get(first.id)
    assert stored is not None and (stored.status, stored.claimed_by) == ("claimed", "w2")
    assert await service.mark_sent(uow, first.id, "w2", later) is True
    assert await service.mark_sent(uow, first.id, "w2", later) is False  # once only
    assert await service.count_by_status(uow) == {"sent": 1}


async def test_a_failed_send_is_retried_later_then_given_up(
    uow: UnitOfWork, rules: ReminderRules
) -> None:
    head, _, _ = await seed(uow)
    await service.schedule(uow, [digest(head, date(2026, 12, 1), NOW)])
    moment = NOW
    for attempt in range(1, 4):
        [claimed] = await service.claim_due(uow, "w1", moment, 10, LEASE)
        assert claimed.attempts == attempt
        assert await service.mark_failed(
            uow, rules, claimed, "w1", f"boom {attempt}", moment, max_attempts=3
        )
        [stored] = await service.find(uow, person_id=head)
        if attempt < 3:
            assert stored.status == "pending"
            assert stored.due_at == moment + timedelta(minutes=5 * 2 ** (attempt - 1))
            assert await service.claim_due(uow, "w1", moment, 10, LEASE) == []
            moment = stored.due_at
        else:
            assert stored.status == "failed"
            assert stored.finished_at is not None
        assert stored.detail["last_error"] == f"boom {attempt}"


async def test_the_loop_records_what_the_sender_says_and_runs_until_stopped(
    database: Database, uow: UnitOfWork, rules: ReminderRules, policy: Policy
) -> None:
    head, advisor, _ = await seed(uow)
    now = datetime.now(UTC)
    await service.schedule(
        uow,
        [
            digest(head, date(2026, 12, 1), now - timedelta(minutes=1)),
            digest(advisor, date(2026, 12, 1), now - timedelta(minutes=1)),
            digest(head, date(2026, 12, 2), now - timedelta(minutes=1)),
        ],
    )
    calls: list[int] = []

    async def send(claimed: Claimed) -> bool:
        calls.append(claimed.id)
        if claimed.person_id == advisor:
            raise RuntimeError("Teams said 503")
        return claimed.key.endswith("2026-12-01")

    loop = ReminderLoop(database, policy, send, "w1", poll_seconds=0.05, rules=rules)
    loop.start()
    assert loop.running
    for _ in range(500):
        if len(calls) >= 3:
            break
        await asyncio.sleep(0.02)
    await loop.stop()
    assert not loop.running
    assert len(calls) == 3
    statuses = {(r.person_id, r.key[-10:]): r for r in await service.find(uow)}
    assert statuses[(head, "2026-12-01")].status == "sent"
    assert statuses[(head, "2026-12-02")].status == "pending"
    assert statuses[(head, "2026-12-02")].detail["last_error"] == "the sender said no"
    assert statuses[(advisor, "2026-12-01")].detail["last_error"] == "RuntimeError: Teams said 503"


# Two processes ----------------------------------------------------------------------------

COUNT = 200


async def _many_due(uow: UnitOfWork) -> list[int]:
    head, _, _ = await seed(uow)
    due = datetime.now(UTC) - timedelta(hours=1)
    first = date(2026, 1, 1)
    await service.schedule(
        uow, [digest(head, first + timedelta(days=i), due) for i in range(COUNT)]
    )
    return [r.id for r in await service.find(uow)]


def _worker(database: Database, name: str, output: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.services.reminder_worker",
            database.url,
            name,
            str(output),
            *extra,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


async def _wait_for(*paths: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not all(p.exists() for p in paths):
        assert time.monotonic() < deadline, f"waited too long for {paths}"
        await asyncio.sleep(0.02)


async def _finish(process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    code = await asyncio.to_thread(process.wait, seconds)
    _, err = process.communicate()
    assert code == 0, err.decode()


def _ids(path: Path) -> list[int]:
    return [int(line) for line in path.read_text().split()] if path.exists() else []


async def test_two_processes_send_every_reminder_exactly_once_after_a_third_was_killed(
    database: Database, uow: UnitOfWork, tmp_path: Path
) -> None:
    """200 reminders due. Process `hung` claims 50 with a 1 s lease and is killed before sending
    or marking any; when its lease has run out, processes `a` and `b` race for all 200."""
    ids = await _many_due(uow)
    assert len(ids) == COUNT
    hung_out = tmp_path / "hung.txt"
    outputs = [tmp_path / "a.txt", tmp_path / "b.txt"]
    go_hung, go = tmp_path / "go-hung", tmp_path / "go"
    hung = _worker(
        database, "hung", hung_out, "--go", str(go_hung), "--hang-after-claim",
        "--batch", "50", "--lease", "1",
    )  # fmt: skip
    racers = [
        _worker(database, name, out, "--go", str(go), "--batch", "7")
        for name, out in zip(("a", "b"), outputs, strict=True)
    ]
    try:
        await _wait_for(*(Path(f"{out}.ready") for out in [hung_out, *outputs]))
        go_hung.touch()
        await _wait_for(Path(f"{hung_out}.claimed"))
        hung.kill()  # killed after claiming, before sending or marking anything
        await asyncio.to_thread(hung.wait, 10)
        stranded = _ids(hung_out)
        assert len(stranded) == 50
        assert await service.count_by_status(uow) == {"claimed": 50, "pending": COUNT - 50}
        await asyncio.sleep(1.05)  # the killed process's lease runs out
        started = time.monotonic()
        go.touch()  # both racers are connected: start them together
        for process in racers:
            await _finish(process)
        took = time.monotonic() - started
    finally:
        for process in (hung, *racers):
            if process.poll() is None:
                process.kill()
    a, b = (_ids(out) for out in outputs)
    print(
        f"race on {database.engine.dialect.name}: {len(stranded)} claimed by a killed process; "
        f"a sent {len(a)}, b sent {len(b)}, {len(set(a) & set(b))} by both, "
        f"{len(set(ids) - set(a) - set(b))} by neither, in {took:.2f} s"
    )
    assert sorted(a + b) == sorted(ids)  # every one, and none twice
    assert not set(a) & set(b)
    assert a and b, "both processes should have sent some"
    stored = await service.find(uow)
    assert {r.status for r in stored} == {"sent"}
    assert {r.claimed_by for r in stored} == {"a", "b"}
    assert Counter(r.attempts for r in stored) == {2: 50, 1: COUNT - 50}
    assert {r.id for r in stored if r.attempts == 2} == set(stranded)
