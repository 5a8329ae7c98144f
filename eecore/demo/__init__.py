"""Demo data: the city's open schools (public DfE data) and a clearly fictional service around them.

The schools come from the Get Information about Schools extract shipped beside this module
(Open Government Licence). Everything else — settings, advisors, categories, visits — is made up,
and marked "(demo)" or given example.org addresses, so nobody mistakes it for real records.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from importlib import resources

from eecore.domain.calendar import UNSCHEDULED, AcademicYear
from eecore.domain.categories import CategoryAssignment
from eecore.domain.establishments import Establishment
from eecore.domain.ledger import PlannedActivity
from eecore.domain.people import Person, Role, RoleGrant
from eecore.domain.policy import Policy
from eecore.services.plans import ensure_year_plan
from eecore.store.uow import UnitOfWork

SCHOOLS_FILE = "wolverhampton_open_schools_gias_20240617.csv"
LA_CODE = "336"
LA_NAME = "Wolverhampton"

# The shipped extract has no establishment type, so the demo infers the kind: these are not
# served by the strategy (independent schools, further and higher education)...
NOT_SERVED = {
    "104407",
    "104408",
    "104411",
    "130484",
    "133912",
    "142123",
    "142603",
    "145059",
    "148643",
    "149579",
    "134450",
}
# ...and these are free schools or similar with no predecessor to show a conversion.
FREE_SCHOOLS = {"139274", "140160", "142080", "140604"}
# Schools opened after 2011 with a predecessor are academy conversions in this city's register.
ACADEMY_URN_FROM = 137000
REPORT_WRITTEN_WITHIN = timedelta(days=7)
"""How long after a visit the demo's advisors write its report."""

# Teams emulator users (the Microsoft 365 Agents Playground's defaults) and the roles they play.
WHITGREAVE = "104297"
DEMO_NURSERY = "EY900001"
EMULATOR_PEOPLE = (
    ("Alex Wilber", "00000000-0000-0000-0000-0000000000020", Role.SIA, None),
    ("Megan Bowen", "00000000-0000-0000-0000-0000000000021", Role.HOS, None),
    ("Adele Vance", "00000000-0000-0000-0000-0000000000022", Role.HEAD, WHITGREAVE),
    ("Isaiah Langer", "00000000-0000-0000-0000-0000000000023", Role.EYFS_OFFICER, None),
    ("Patti Fernandez", "00000000-0000-0000-0000-0000000000024", Role.MANAGER, DEMO_NURSERY),
    ("Lynne Robbins", "00000000-0000-0000-0000-0000000000025", Role.CONSULTATION, None),
)
DEMO_ADVISORS = (
    ("Priya Sandhu (demo)", "priya.sandhu@example.org", Role.SSIA),
    ("Tom Hartley (demo)", "tom.hartley@example.org", Role.SIA),
    ("Grace Mensah (demo)", "grace.mensah@example.org", Role.SIA),
    ("Owen Pritchard (demo)", "owen.pritchard@example.org", Role.EYFS_OFFICER),
)
DEMO_SETTINGS = (
    (DEMO_NURSERY, "Sunflower Day Nursery (demo)", "pvi"),
    ("EY900002", "Acorn Tree Pre-School (demo)", "pvi"),
    ("EY900003", "Little Owls Nursery (demo)", "pvi"),
    ("EY900004", "Rainbow Steps Day Nursery (demo)", "pvi"),
    ("EY900005", "Bluebell Community Pre-School (demo)", "pvi"),
    ("EY900006", "Kingfisher Kids Nursery (demo)", "pvi"),
    ("EY900007", "Childminder EY900007 (demo)", "childminder"),
    ("EY900008", "Childminder EY900008 (demo)", "childminder"),
    ("EY900009", "Childminder EY900009 (demo)", "childminder"),
    ("EY900010", "Early Birds Breakfast Club (demo)", "wraparound_school"),
    ("EY900011", "Starlight After-School Club (demo)", "wraparound_other"),
)
# Categories are spread across A to C in this repeating pattern; Whitgreave is B1 so its plan
# shows TAS meetings and reviews. The last two LA schools are left uncategorised.
CATEGORY_PATTERN = ("A", "AS", "B1", "A", "B2", "AS", "C", "A", "B1", "B2")
FIXED_CATEGORIES = {WHITGREAVE: "B1", "104372": "C", DEMO_NURSERY: "B2"}


@dataclass
class DemoReport:
    """What loading the demo created."""

    establishments: int = 0
    people: int = 0
    categories: int = 0
    plans: int = 0
    delivered: int = 0
    booked: int = 0

    def summary(self) -> str:
        return (
            f"demo loaded: {self.establishments} establishments, {self.people} people, "
            f"{self.categories} categories agreed, {self.plans} year plans, "
            f"{self.delivered} activities delivered, {self.booked} booked"
        )


def demo_kind(urn: str, name: str, has_predecessor: bool) -> str | None:
    """The kind the demo gives a school from the shipped extract, or None if not served."""
    if urn in NOT_SERVED:
        return None
    if urn in FREE_SCHOOLS or "academy" in name.lower():
        return "academy"
    if int(urn) >= ACADEMY_URN_FROM and has_predecessor:
        return "academy"
    return "la_school"


def demo_schools() -> list[Establishment]:
    """The open schools in the shipped extract, with the kind the demo infers."""
    text = resources.files("eecore.demo").joinpath(SCHOOLS_FILE).read_text(encoding="utf-8")
    schools = []
    for row in csv.DictReader(text.splitlines()):
        if not row["Status"].startswith("Open"):
            continue
        predecessors = next((v for k, v in row.items() if k.startswith("Predecessors")), "")
        kind = demo_kind(row["URN"], row["EstablishmentName"], bool(predecessors.strip()))
        if kind is None:
            continue
        phase = row["PhaseOfEducation"]
        schools.append(
            Establishment(
                urn=row["URN"],
                name=row["EstablishmentName"],
                kind=kind,
                phase="" if phase == "Not applicable" else phase,
                la_code=LA_CODE,
                la_name=LA_NAME,
                source="demo",
            )
        )
    return schools


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _spread(start: date, end: date, index: int) -> date:
    """A weekday between start and end, varied by index so visits don't all fall on one day."""
    span = max((end - start).days, 0)
    offset = (index * 7 + 3) % (span + 1) if span else 0
    day = _weekday_on_or_after(start + timedelta(days=offset))
    return day if day <= end else _weekday_on_or_after(start)


async def load_demo(uow: UnitOfWork, policy: Policy, today: date) -> DemoReport:
    """Load the demo into the database; running it again adds nothing twice."""
    report = DemoReport()
    year = policy.calendar.year_of(today)
    schools = demo_schools()
    settings = [
        Establishment(
            urn=urn,
            name=name,
            kind=kind,
            phase="Early years",
            la_code=LA_CODE,
            la_name=LA_NAME,
            source="demo",
        )
        for urn, name, kind in DEMO_SETTINGS
    ]
    async with uow:
        for establishment in (*schools, *settings):
            await uow.establishments.save(establishment)
        report.establishments = len(schools) + len(settings)

        la_schools = [s for s in schools if s.kind == "la_school"]
        academies = [s for s in schools if s.kind == "academy"]
        advisors_caseloads = _caseloads(la_schools, academies, settings)
        for name, object_id, role, urn in EMULATOR_PEOPLE:
            person = await uow.people.by_entra_object_id(object_id) or Person(name=name)
            person.entra_object_id = object_id
            person.email = person.email or f"{name.split()[0].lower()}@example.org"
            person.roles = {RoleGrant(role, urn)}
            person.caseload = advisors_caseloads.get(name, set())
            await uow.people.save(person)
            report.people += 1
        for name, email, role in DEMO_ADVISORS:
            person = await uow.people.by_email(email) or Person(name=name, email=email)
            person.roles = {RoleGrant(role)}
            person.caseload = advisors_caseloads.get(name, set())
            await uow.people.save(person)
            report.people += 1

        categorised = [*la_schools[:-2], *[s for s in settings if s.kind in ("pvi", "childminder")]]
        for index, establishment in enumerate(categorised):
            if await uow.categories.history(establishment.urn):
                continue
            category = FIXED_CATEGORIES.get(
                establishment.urn, CATEGORY_PATTERN[index % len(CATEGORY_PATTERN)]
            )
            await uow.categories.add(
                CategoryAssignment(
                    urn=establishment.urn,
                    category=category,
                    effective_from=year.first_day,
                    agreed_by="Megan Bowen",
                    rationale="agreed at the summer termly conversation (demo)",
                    recorded_at=datetime.now(UTC),
                )
            )
            report.categories += 1

        for index, establishment in enumerate((*schools, *settings)):
            if not await ensure_year_plan(uow, policy, establishment, year, today):
                continue
            report.plans += 1
            activities = await uow.activities.for_year(establishment.urn, year.label)
            delivered, booked = await _progress(uow, year, today, activities, index)
            report.delivered += delivered
            report.booked += booked
        await uow.commit()
    return report


def _caseloads(
    la_schools: list[Establishment],
    academies: list[Establishment],
    settings: list[Establishment],
) -> dict[str, set[str]]:
    """Share the schools between the school advisors and the settings between the EYFS officers."""
    school_advisors = ["Alex Wilber", "Tom Hartley (demo)", "Grace Mensah (demo)"]
    caseloads: dict[str, set[str]] = {name: set() for name in school_advisors}
    for index, school in enumerate([*la_schools, *academies]):
        caseloads[school_advisors[index % len(school_advisors)]].add(school.urn)
    caseloads["Alex Wilber"].add(WHITGREAVE)
    caseloads["Tom Hartley (demo)"].discard(WHITGREAVE)
    caseloads["Grace Mensah (demo)"].discard(WHITGREAVE)
    caseloads["Isaiah Langer"] = {s.urn for s in settings[::2]}
    caseloads["Owen Pritchard (demo)"] = {s.urn for s in settings[1::2]}
    return caseloads


async def _progress(
    uow: UnitOfWork,
    year: AcademicYear,
    today: date,
    activities: list[PlannedActivity],
    index: int,
) -> tuple[int, int]:
    """Deliver what fell before today and book what is coming soon, as a real year would look.

    Visits of the last week stay booked: they happened, and their delivery is still to be
    recorded, as an advisor's would be. Reports are written a week after the visit, so those of
    the last fortnight's visits are still to write.
    """
    delivered = booked = 0
    soon = today + timedelta(days=56)
    last_week = today - timedelta(days=7)
    for number, activity in enumerate(activities):
        if activity.window == UNSCHEDULED:
            continue
        start, end = year.window_span(activity.window)
        when = _spread(start, end, index + number)
        read_version = activity.version
        if last_week <= when < today:
            activity.book(when)
            booked += 1
        elif when < today:
            activity.deliver(when)
            if when + REPORT_WRITTEN_WITHIN < last_week:  # the recent ones are still being written
                activity.report_written_on = when + REPORT_WRITTEN_WITHIN
            delivered += 1
        elif start <= soon:
            activity.book(when)
            booked += 1
        else:
            continue
        await uow.activities.save(activity, read_version=read_version)
    return delivered, booked


__all__ = ["DemoReport", "demo_kind", "demo_schools", "load_demo"]
