"""An advisor's week: the weekly digest sent on Monday mornings, and shown on asking."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from eecore.domain.access import NotAllowed, has_caseload
from eecore.domain.calendar import window_label
from eecore.domain.ledger import PlannedActivity, Status
from eecore.domain.people import Person
from eecore.domain.policy import Policy
from eecore.domain.views import DigestItem, VisitView, WeeklyDigest
from eecore.services import visits
from eecore.services.caseload import caseload_summaries
from eecore.services.plans import academic_year
from eecore.store.uow import UnitOfWork

WEEK = timedelta(days=6)
"""A digest covers today and the six days after it: on a Monday, the whole week."""


def _item(
    activity: PlannedActivity, school_name: str, policy: Policy, on: date | None
) -> DigestItem:
    assert activity.id is not None
    return DigestItem(
        activity_id=activity.id,
        urn=activity.urn,
        school_name=school_name,
        activity_name=policy.activity_name(activity.activity),
        window_label=window_label(activity.window),
        on=on,
        at=activity.starts_at,
    )


def _awaited(view: VisitView) -> DigestItem:
    """A proposal by its first date; a request for another date by the day the school asked."""
    first = min((option.date() for option in view.options), default=None)
    return DigestItem(
        activity_id=view.activity_id,
        urn=view.urn,
        school_name=view.school_name,
        activity_name=view.activity_name,
        window_label=view.window_label,
        on=view.suggested_date if view.awaiting_advisor else first,
    )


def _soonest(item: DigestItem) -> tuple[date, str, int]:
    return (item.on or date.max, item.school_name, item.activity_id)


def _in_order_of_the_day(item: DigestItem) -> tuple[date, time, str, int]:
    """By day, then by start time (untimed ones first), then by school."""
    return (
        item.on or date.max, item.at.time() if item.at else time.min, item.school_name,
        item.activity_id,
    )


async def weekly_digest(
    uow: UnitOfWork, policy: Policy, advisor: Person, today: date
) -> WeeklyDigest:
    """What the week ahead holds for an advisor's caseload, and what is waiting on them."""
    if not has_caseload(advisor):
        raise NotAllowed("only advisors get a weekly digest")
    year = academic_year(policy, None, today)
    to_day = today + WEEK
    booked: list[DigestItem] = []
    to_record: list[DigestItem] = []
    reports_due: list[DigestItem] = []
    async with uow:
        summaries = await caseload_summaries(uow, policy, advisor, today)
        names = {summary.urn: summary.name for summary in summaries}
        for activity in await uow.activities.for_year_of(names, year.label):
            name, on = names[activity.urn], activity.booked_on
            if activity.status == Status.BOOKED and on is not None:
                if today <= on <= to_day:
                    booked.append(_item(activity, name, policy, on))
                elif on < today:
                    to_record.append(_item(activity, name, policy, on))
            elif activity.status == Status.DELIVERED and activity.report_written_on is None:
                reports_due.append(_item(activity, name, policy, activity.delivered_on))
    waiting = await visits.awaiting(uow, policy, advisor, today)
    return WeeklyDigest(
        advisor=advisor.name,
        academic_year=year.label,
        from_day=today,
        to_day=to_day,
        booked=tuple(sorted(booked, key=_in_order_of_the_day)),
        awaiting_school=tuple(sorted(
            (_awaited(v) for v in waiting if v.awaiting_school), key=_soonest
        )),
        awaiting_advisor=tuple(sorted(
            (_awaited(v) for v in waiting if v.awaiting_advisor), key=_soonest
        )),
        to_record=tuple(sorted(to_record, key=_soonest)),
        reports_due=tuple(sorted(reports_due, key=_soonest)),
        establishments=len(summaries),
        remaining=sum((s.remaining for s in summaries), Decimal(0)),
        over_allocated=tuple(sorted(s.name for s in summaries if s.over_allocated)),
        overdue=sum(1 for s in summaries for o in s.overdue if o.status == "planned"),
    )
