"""Realistic read models for the card tests, built directly from the dataclasses with exact days."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from eecore.domain.calendar import window_label
from eecore.domain.ledger import AllocationSummary, UpcomingActivity
from eecore.domain.policy import Plan
from eecore.domain.views import (
    Caseload,
    CaseloadEntry,
    DigestItem,
    PlanEntry,
    SchoolHit,
    SchoolProfile,
    UpcomingItem,
    UpcomingList,
    WeeklyDigest,
    YearPlan,
)
from eecore.policy import load_policy

TODAY = date(2026, 12, 3)
"""Autumn 2 of 2026/27, as in the rest of the suite."""
YEAR = "2026/27"
LONG_NAME = "St Luke's Church of England Aided Primary School"
LONG_URN = "104321"
POLICY = load_policy()


def d(text: str) -> Decimal:
    """Days from their text, as the strategy writes them."""
    return Decimal(text)


def upcoming(
    activity: str, name: str, window: str, on: date | None, status: str, days: str
) -> UpcomingActivity:
    return UpcomingActivity(
        activity=activity,
        activity_name=name,
        window=window,
        window_label=window_label(window),
        date=on,
        status=status,
        days=d(days),
    )


TAS = "Team Around the School / Setting (TAS) meeting"
NEXT_SIX = (
    upcoming("tas_meeting", TAS, "autumn2", date(2026, 12, 8), "booked", "0.5"),
    upcoming("core_visit", "Core Visit", "spring1", date(2027, 1, 12), "booked", "1"),
    upcoming("tas_meeting", TAS, "spring1", None, "planned", "0.5"),
    upcoming("review", "Review", "spring2", None, "planned", "1.5"),
    upcoming("status_check", "Status / health check", "summer1", None, "planned", "0.75"),
    upcoming("focused_support", "Focused support", "unscheduled", None, "planned", "1.25"),
)


def b1_summary() -> AllocationSummary:
    """A long-named B1 school: 9.5 allocated, 2 delivered, 1.5 booked, 5 planned, 1 overdue."""
    return AllocationSummary(
        urn=LONG_URN,
        name=LONG_NAME,
        kind="la_school",
        kind_label="LA maintained school",
        category="B1",
        categorised=True,
        academic_year=YEAR,
        allocated=d("9.50"),
        delivered=d("2.00"),
        booked=d("1.50"),
        planned=d("5.00"),
        adjustments=d("0.00"),
        upcoming=NEXT_SIX,
        overdue=(upcoming("review", "Review", "autumn1", None, "planned", "1"),),
    )


def not_categorised_summary() -> AllocationSummary:
    """An LA school with no category agreed yet: nothing allocated, a note saying why."""
    return AllocationSummary(
        urn="103999",
        name="Oak Meadow Primary School",
        kind="la_school",
        kind_label="LA maintained school",
        category=None,
        categorised=True,
        academic_year=YEAR,
        allocated=d("0.00"),
        delivered=d("0.00"),
        booked=d("0.00"),
        planned=d("0.00"),
        adjustments=d("0.00"),
        note=(
            "not categorised yet (LA maintained school): "
            "no allocation until a category is agreed"
        ),
    )


def over_allocated_summary() -> AllocationSummary:
    """A C school that has used 20.5 of its 19 days: 1.5 over, with more still booked."""
    return AllocationSummary(
        urn="104555",
        name="Whitmore Reans Nursery School",
        kind="la_school",
        kind_label="LA maintained school",
        category="C",
        categorised=True,
        academic_year=YEAR,
        allocated=d("19.00"),
        delivered=d("20.50"),
        booked=d("0.25"),
        planned=d("0.00"),
        adjustments=d("0.00"),
        upcoming=(NEXT_SIX[0],),
        overdue=(
            upcoming("tas_meeting", TAS, "autumn1", date(2026, 10, 2), "booked", "0.5"),
            upcoming("status_check", "Status / health check", "autumn2", None, "planned", "1"),
        ),
    )


def academy_summary() -> AllocationSummary:
    """An academy: a kind without categories, one day a year on a stated basis."""
    return AllocationSummary(
        urn="141234",
        name="Heath Park Academy",
        kind="academy",
        kind_label="Academy or free school",
        category=None,
        categorised=False,
        academic_year=YEAR,
        allocated=d("1.00"),
        delivered=d("0.00"),
        booked=d("0.00"),
        planned=d("1.00"),
        adjustments=d("0.00"),
        upcoming=(NEXT_SIX[5],),
        note="1 day a year basic; bespoke support can be purchased",
    )


def largest_plan() -> tuple[str, str, Plan]:
    """The shipped policy's plan with the most activities, with its kind and category."""
    found = [
        (kind.id, category, plan)
        for kind in POLICY.kinds.values()
        for category, plan in kind.plans.items()
    ]
    return max(found, key=lambda entry: len(entry[2].items))


def year_plan(kind: str, category: str, *, all_delivered: bool = False) -> YearPlan:
    """A plan from the shipped policy: three delivered, one booked, one cancelled (or all done)."""
    plan = POLICY.kind(kind).plans[category]
    entries = []
    start = date(2026, 9, 7)
    for number, item in enumerate(plan.items):
        planned = item.cost.total
        on = start + timedelta(weeks=3 * number)
        if all_delivered or number < 3:
            status, when, used = "delivered", on, planned + d("0.25")
        elif number == 3:
            status, when, used = "booked", on, None
        elif number == 4:
            status, when, used = "cancelled", None, None
        else:
            status, when, used = "planned", None, None
        entries.append(
            PlanEntry(
                id=number + 1,
                activity=item.activity,
                activity_name=POLICY.activities[item.activity].name,
                window=item.window,
                window_label=window_label(item.window),
                status=status,
                date=when,
                planned_days=planned,
                used_days=used,
                note=item.note or ("school closed for snow" if status == "cancelled" else ""),
                month=item.month,
            )
        )
    allocated = plan.allocation
    delivered = sum((e.used_days or d("0") for e in entries), d("0"))
    summary = AllocationSummary(
        urn=LONG_URN,
        name=LONG_NAME,
        kind=kind,
        kind_label=POLICY.kind(kind).label,
        category=category or None,
        categorised=POLICY.kind(kind).categorised,
        academic_year=YEAR,
        allocated=allocated,
        delivered=delivered,
        booked=sum((e.planned_days for e in entries if e.status == "booked"), d("0")),
        planned=sum((e.planned_days for e in entries if e.status == "planned"), d("0")),
        adjustments=d("0.00"),
    )
    return YearPlan(summary=summary, entries=tuple(entries))


def empty_plan() -> YearPlan:
    """No plan: the school has no category yet."""
    return YearPlan(summary=not_categorised_summary(), entries=())


def profile(**changes: object) -> SchoolProfile:
    """The long-named VA school, categorised B1, with two advisors and an Ofsted outcome."""
    values: dict[str, object] = {
        "urn": LONG_URN,
        "name": LONG_NAME,
        "kind": "la_school",
        "kind_label": "LA maintained school",
        "phase": "Primary",
        "la_name": "Wolverhampton",
        "status": "open",
        "category": "B1",
        "category_since": date(2026, 9, 1),
        "category_agreed_by": "Priya Shah (Senior Advisor)",
        "categorised": True,
        "advisors": ("Jo Bennett", "Sam Okafor"),
        "head": "Mrs Alison Clarke",
        "ofsted_outcome": "Good",
        "ofsted_date": date(2024, 3, 12),
    }
    values.update(changes)
    return SchoolProfile(**values)  # type: ignore[arg-type]


def setting_profile() -> SchoolProfile:
    """A PVI setting, not categorised yet, no advisor, Ofsted not known."""
    return profile(
        urn="EY123456",
        name="Little Acorns Day Nursery",
        kind="pvi",
        kind_label="PVI early years setting",
        phase="Not applicable",
        category=None,
        category_since=None,
        category_agreed_by="",
        advisors=(),
        head="",
        ofsted_outcome="",
        ofsted_date=None,
    )


def hit() -> SchoolHit:
    return SchoolHit(
        urn=LONG_URN, name=LONG_NAME, kind_label="LA maintained school", phase="Primary",
        category="B1",
    )


CATEGORIES = ("C", "B2", "B1", "AS", "A", None)


def caseload(count: int = 60) -> Caseload:
    """An advisor's caseload of `count` establishments, long names, most urgent first."""
    entries = []
    for number in range(count):
        category = CATEGORIES[number % len(CATEGORIES)]
        over = number < 3
        entries.append(
            CaseloadEntry(
                urn=str(104000 + number),
                name=f"{LONG_NAME} {number + 1}" if number % 2 else f"Oak Meadow Primary {number}",
                kind_label="LA maintained school",
                category=category,
                allocated=d("9.50"),
                delivered=d("11.00") if over else d("2.00"),
                remaining=d("-1.50") if over else d("7.50"),
                unplanned=d("-1.50") if over else d("0.75"),
                over_allocated=over,
                overdue=2 if number < 10 else 0,
                next_activity=NEXT_SIX[number % len(NEXT_SIX)],
            )
        )
    return Caseload(advisor="Jo Bennett", academic_year=YEAR, entries=tuple(entries))


def item(urn: str, school: str, activity: UpcomingActivity) -> UpcomingItem:
    return UpcomingItem(
        urn=urn,
        school_name=school,
        activity=activity.activity,
        activity_name=activity.activity_name,
        window_label=activity.window_label,
        date=activity.date,
        status=activity.status,
        days=activity.days,
    )


def upcoming_for_school() -> UpcomingList:
    return UpcomingList(
        title=f"Coming up at {LONG_NAME}",
        from_day=TODAY,
        to_day=TODAY + timedelta(weeks=6),
        items=tuple(item(LONG_URN, LONG_NAME, a) for a in NEXT_SIX[:3]),
    )


def upcoming_for_advisor(schools: int = 3) -> UpcomingList:
    """What's coming up across several schools: two activities each."""
    items = tuple(
        item(str(104000 + n), f"{LONG_NAME} {n}", a)
        for n in range(schools)
        for a in NEXT_SIX[:2]
    )
    return UpcomingList(
        title="Coming up for you",
        from_day=TODAY,
        to_day=TODAY + timedelta(weeks=6),
        items=items,
    )


def nothing_upcoming() -> UpcomingList:
    return UpcomingList(
        title="Coming up for you", from_day=TODAY, to_day=TODAY + timedelta(weeks=6), items=()
    )


def digest_item(number: int, on: date | None, at: datetime | None = None) -> DigestItem:
    return DigestItem(
        activity_id=500 + number,
        urn=str(104000 + number),
        school_name=f"{LONG_NAME} {number}",
        activity_name=TAS,
        window_label="Autumn 2",
        on=on,
        at=at,
    )


def digest(per_section: int = 3) -> WeeklyDigest:
    """An advisor's week with `per_section` items in each list, long names throughout."""

    def items(first: int, on: date) -> tuple[DigestItem, ...]:
        return tuple(digest_item(first + n, on) for n in range(per_section))

    booked = tuple(
        digest_item(n, TODAY + timedelta(days=n % 7), datetime(2026, 12, 3 + n % 7, 9 + n % 8, 30))
        for n in range(per_section)
    )
    return WeeklyDigest(
        advisor="Jo Bennett",
        academic_year=YEAR,
        from_day=TODAY,
        to_day=TODAY + timedelta(days=6),
        booked=booked,
        awaiting_school=items(100, date(2027, 1, 12)),
        awaiting_advisor=items(200, date(2027, 1, 20)),
        to_record=items(300, date(2026, 11, 30)),
        reports_due=items(400, date(2026, 11, 23)),
        establishments=37,
        remaining=d("144.5"),
        over_allocated=(f"{LONG_NAME} 7", "Oak Meadow Primary 0"),
        overdue=4,
    )


def quiet_week() -> WeeklyDigest:
    """A week with nothing booked and nothing waiting, at a caseload of one."""
    return replace(
        digest(0), establishments=1, remaining=d("19"), over_allocated=(), overdue=0
    )


COMMANDS = (
    ("left <school>", "What's left of a school's days this year"),
    ("plan <school>", "A school's year plan by half-term"),
    ("school <school>", "A school's category, advisor, head and Ofsted outcome"),
    ("upcoming [school]", "What's coming up in the next six weeks"),
    ("caseload", "Your schools and settings, most urgent first"),
    ("help", "This list"),
)
HEAD_COMMANDS = (COMMANDS[0], COMMANDS[1], COMMANDS[2], COMMANDS[5])
