"""The life of a visit: proposed, confirmed, moved, delivered, written up or cancelled."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from eecore.domain.errors import OverAllocated, VisitError
from eecore.domain.ledger import PlannedActivity, Status, plan_activities
from eecore.domain.people import Person, Role, RoleGrant
from eecore.domain.policy import DayCost
from eecore.domain.visits import (
    EventKind,
    ProposalStatus,
    Stage,
    Visit,
    counts_as_review,
    describe,
    may_answer,
    may_arrange,
    suggest_dates,
    view_of,
)
from tests.domain.builders import POLICY, URN, YEAR_2026, d, summary

TODAY = date(2026, 12, 3)
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
ADVISOR = "Sam Patel"
HEAD = "Jo Head"


def plan(category: str) -> list[PlannedActivity]:
    activities = plan_activities(POLICY.plan_for("la_school", category), URN, YEAR_2026, category)
    for number, activity in enumerate(activities, start=1):
        activity.id = number
    return activities


def find(activities: list[PlannedActivity], activity: str, window: str) -> PlannedActivity:
    return next(a for a in activities if (a.activity, a.window) == (activity, window))


def core_visit() -> Visit:
    """A C school's Spring 1 core visit (Spring 1 runs 4 January to 12 February 2027)."""
    return Visit(find(plan("C"), "core_visit", "spring1"), name="Core Visit")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def proposed(visit: Visit, *options: str) -> Visit:
    visit.propose(
        [at(o) for o in options or ("2027-01-12T09:30",)],
        by=ADVISOR, at=NOW, year=YEAR_2026, today=TODAY,
    )
    return visit


def confirmed(visit: Visit, option: str = "2027-01-12T09:30") -> Visit:
    proposed(visit, *dict.fromkeys((option, "2027-01-12T09:30", "2027-01-13T13:00")))
    visit.confirm(at(option), by=HEAD, at=NOW, on_behalf=False)
    return visit


# --- Proposing --------------------------------------------------------------------------------


def test_an_advisor_proposes_up_to_three_dates_and_the_visit_becomes_proposed() -> None:
    visit = core_visit()
    visit.propose(
        [at("2027-01-12T09:30"), at("2027-01-13T13:00"), at("2027-01-20T09:00")],
        by=ADVISOR, at=NOW, year=YEAR_2026, today=TODAY, note="any of these suit me",
    )
    assert visit.stage == Stage.PROPOSED
    assert visit.activity.status == Status.PLANNED  # still planned days in what's left
    assert visit.activity.version == 2
    assert visit.open_proposal is not None
    assert visit.open_proposal.options[1] == at("2027-01-13T13:00")
    assert visit.open_proposal.note == "any of these suit me"
    assert [e.kind for e in visit.events] == [EventKind.PROPOSED]
    assert visit.events[0].detail["options"] == [
        "2027-01-12T09:30:00", "2027-01-13T13:00:00", "2027-01-20T09:00:00"
    ]


def test_no_dates_or_more_than_three_or_the_same_twice_are_refused() -> None:
    with pytest.raises(VisitError, match="at least one"):
        core_visit().propose([], by=ADVISOR, at=NOW, year=YEAR_2026, today=TODAY)
    four = [at(f"2027-01-{day}T09:00") for day in (11, 12, 13, 14)]
    with pytest.raises(VisitError, match="at most 3"):
        core_visit().propose(four, by=ADVISOR, at=NOW, year=YEAR_2026, today=TODAY)
    twice = [at("2027-01-12T09:00"), at("2027-01-12T09:00")]
    with pytest.raises(VisitError, match="twice"):
        core_visit().propose(twice, by=ADVISOR, at=NOW, year=YEAR_2026, today=TODAY)


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("2027-02-22T09:30", "outside Spring 1"),  # Spring 2
        ("2027-01-09T09:30", "weekend"),  # a Saturday
        ("2026-11-30T09:30", "has passed"),
    ],
)
def test_a_date_outside_the_window_at_a_weekend_or_in_the_past_is_refused(
    option: str, message: str
) -> None:
    with pytest.raises(VisitError, match=message):
        proposed(core_visit(), option)


def test_a_date_in_the_half_term_holiday_of_a_term_window_is_refused() -> None:
    # A B1 school's spring core visit may fall in either half, but not in the February break.
    visit = Visit(find(plan("B1"), "core_visit", "spring"))
    with pytest.raises(VisitError, match="holidays"):
        proposed(visit, "2027-02-16T09:30")
    proposed(visit, "2027-02-23T09:30")
    assert visit.stage == Stage.PROPOSED


def test_the_autumn_conversation_is_refused_outside_its_month_for_the_category() -> None:
    # A schools hold it in November: Autumn 2 also has December days, which are refused.
    conversation = Visit(find(plan("A"), "autumn_conversation", "autumn2"))
    with pytest.raises(VisitError, match="held in November"):
        conversation.propose(
            [at("2026-12-07T09:30")], by=ADVISOR, at=NOW, year=YEAR_2026, today=date(2026, 11, 2)
        )
    conversation.propose(
        [at("2026-11-10T09:30")], by=ADVISOR, at=NOW, year=YEAR_2026, today=date(2026, 11, 2)
    )
    assert conversation.stage == Stage.PROPOSED


@pytest.mark.parametrize(("category", "month"), [("C", 9), ("B1", 10), ("B2", 10), ("A", 11)])
def test_the_autumn_conversation_month_follows_the_category(category: str, month: int) -> None:
    conversation = next(a for a in plan(category) if a.activity == "autumn_conversation")
    assert conversation.month == month


def test_a_tas_meeting_is_offered_three_weekdays_in_the_second_half_of_its_window() -> None:
    tas = find(plan("C"), "tas_meeting", "spring1")
    offered = suggest_dates(tas, YEAR_2026)
    assert len(offered) == 3
    assert all(day.weekday() < 5 for day in offered)
    assert all(date(2027, 1, 24) <= day <= date(2027, 2, 12) for day in offered)
    assert offered == sorted(set(offered))


def test_suggested_dates_respect_the_month_and_today() -> None:
    conversation = find(plan("A"), "autumn_conversation", "autumn2")
    offered = suggest_dates(conversation, YEAR_2026, today=date(2026, 11, 20))
    assert len(offered) == 3
    assert all(date(2026, 11, 20) <= day <= date(2026, 11, 30) for day in offered)


def test_a_status_check_counts_as_one_of_the_reviews() -> None:
    assert counts_as_review("review") and counts_as_review("status_check")
    assert not counts_as_review("core_visit")


def test_proposing_again_withdraws_the_open_proposal() -> None:
    visit = proposed(core_visit(), "2027-01-12T09:30")
    visit.propose([at("2027-01-19T09:30")], by=ADVISOR, at=NOW, year=YEAR_2026, today=TODAY)
    assert [p.status for p in visit.proposals] == [ProposalStatus.WITHDRAWN, ProposalStatus.OPEN]
    assert visit.activity.version == 3


# --- Confirming -------------------------------------------------------------------------------


def test_the_head_confirms_one_of_the_options_and_the_visit_is_booked() -> None:
    visit = confirmed(core_visit(), "2027-01-13T13:00")
    activity = visit.activity
    assert visit.stage == Stage.CONFIRMED and activity.status == Status.BOOKED
    assert activity.booked_on == date(2027, 1, 13)
    assert activity.starts_at == at("2027-01-13T13:00")
    assert (activity.confirmed_by, activity.confirmed_on_behalf) == (HEAD, False)
    assert visit.proposals[-1].status == ProposalStatus.ACCEPTED
    assert activity.version == 3
    assert [e.kind for e in visit.events] == [EventKind.PROPOSED, EventKind.CONFIRMED]


def test_an_advisor_confirming_on_the_heads_behalf_is_recorded_as_such() -> None:
    visit = proposed(core_visit(), "2027-01-12T09:30")
    visit.confirm(at("2027-01-12T09:30"), by=ADVISOR, at=NOW, on_behalf=True)
    assert visit.activity.confirmed_on_behalf
    assert "on the school's behalf" in describe(visit.events[-1])


def test_a_date_that_was_not_proposed_cannot_be_confirmed() -> None:
    visit = proposed(core_visit(), "2027-01-12T09:30")
    with pytest.raises(VisitError, match="not one of the dates proposed"):
        visit.confirm(at("2027-01-14T09:30"), by=HEAD, at=NOW, on_behalf=False)


def test_confirming_the_same_date_again_changes_nothing() -> None:
    visit = confirmed(core_visit())
    version = visit.activity.version
    assert visit.confirm(at("2027-01-12T09:30"), by=HEAD, at=NOW, on_behalf=False) is False
    assert visit.activity.version == version and len(visit.events) == 2


def test_a_planned_visit_without_a_proposal_cannot_be_confirmed() -> None:
    with pytest.raises(VisitError, match="needs to propose"):
        core_visit().confirm(at("2027-01-12T09:30"), by=HEAD, at=NOW, on_behalf=False)


# --- Another date -----------------------------------------------------------------------------


def test_the_head_suggests_another_date_and_the_visit_waits_for_a_new_proposal() -> None:
    visit = proposed(core_visit(), "2027-01-12T09:30")
    visit.suggest_other_date(
        date(2027, 1, 26), "we have Ofsted training that week",
        by=HEAD, at=NOW, year=YEAR_2026, today=TODAY,
    )
    assert visit.stage == Stage.PLANNED
    declined = visit.proposals[-1]
    assert declined.status == ProposalStatus.DECLINED
    assert (declined.suggested_date, declined.responded_by) == (date(2027, 1, 26), HEAD)
    assert visit.activity.version == 3
    view = view_of(
        visit.activity, school_name="Example", activity_name="Core Visit",
        proposals=visit.proposals, history=visit.events,
    )
    assert view.awaiting_advisor and not view.awaiting_school
    assert view.suggested_date == date(2027, 1, 26)
    assert view.suggestion_note == "we have Ofsted training that week"
    assert "suggested Tue 26 Jan 2027 instead" in view.history[-1]


def test_another_date_must_also_suit_the_window() -> None:
    visit = proposed(core_visit(), "2027-01-12T09:30")
    with pytest.raises(VisitError, match="outside Spring 1"):
        visit.suggest_other_date(
            date(2027, 3, 2), "", by=HEAD, at=NOW, year=YEAR_2026, today=TODAY
        )


# --- Moving -----------------------------------------------------------------------------------


def test_proposing_new_dates_for_a_confirmed_visit_moves_it_keeping_the_old_date() -> None:
    visit = confirmed(core_visit(), "2027-01-12T09:30")
    visit.propose([at("2027-02-02T09:30")], by=ADVISOR, at=NOW, year=YEAR_2026, today=TODAY)
    activity = visit.activity
    assert visit.stage == Stage.PROPOSED and activity.status == Status.PLANNED
    assert activity.booked_on is None and activity.starts_at is None
    moved = visit.events[-1]
    assert moved.kind == EventKind.MOVED
    assert moved.detail["moved_from"] == "2027-01-12T09:30:00"
    assert "moved it from Tue 12 Jan 2027 09:30" in describe(moved)


# --- Delivering and writing up ----------------------------------------------------------------


def test_a_confirmed_visit_is_delivered_with_the_days_actually_used() -> None:
    visit = confirmed(core_visit())
    used = DayCost(visit=d("0.5"), write_up=d("0.75"))
    visit.deliver(
        used, date(2027, 1, 12), remaining=d("10"), by=ADVISOR, at=NOW, today=date(2027, 1, 12)
    )
    assert visit.stage == Stage.DELIVERED
    assert visit.activity.used == used and visit.activity.delivered_on == date(2027, 1, 12)
    assert visit.activity.over_reason == ""
    assert "(1.25 days)" in describe(visit.events[-1])


def test_only_a_confirmed_visit_can_be_delivered() -> None:
    with pytest.raises(VisitError, match="only a confirmed visit"):
        proposed(core_visit()).deliver(
            DayCost(visit=d("1")), TODAY, remaining=d("10"), by=ADVISOR, at=NOW, today=TODAY
        )


def test_a_delivery_in_the_future_or_in_odd_fractions_of_a_day_is_refused() -> None:
    with pytest.raises(VisitError, match="still to come"):
        confirmed(core_visit()).deliver(
            DayCost(visit=d("1")), date(2027, 1, 12), remaining=d("10"), by=ADVISOR, at=NOW,
            today=TODAY,
        )
    with pytest.raises(VisitError, match="quarter-day"):
        confirmed(core_visit()).deliver(
            DayCost(visit=d("0.3")), date(2027, 1, 12), remaining=d("10"), by=ADVISOR, at=NOW,
            today=date(2027, 1, 12),
        )


def test_delivering_more_days_than_are_left_needs_a_reason() -> None:
    day = date(2027, 1, 12)
    with pytest.raises(OverAllocated, match=r"used 2 days but only 1\.5 are left"):
        confirmed(core_visit()).deliver(
            DayCost(visit=d("2")), day, remaining=d("1.5"), by=ADVISOR, at=NOW, today=day
        )
    visit = confirmed(core_visit())
    visit.deliver(
        DayCost(visit=d("2")), day, remaining=d("1.5"), by=ADVISOR, at=NOW, today=day,
        over_reason="HoS agreed an extra day after the inspection",
    )
    assert visit.activity.over_reason == "HoS agreed an extra day after the inspection"
    # The existing summary shows it as over-allocation.
    result = summary([visit.activity], allocation="1.5", today=day, category="C")
    assert result.over_allocated and result.remaining == d("-0.5")


def test_a_report_is_recorded_once_after_delivery() -> None:
    visit = confirmed(core_visit())
    day = date(2027, 1, 12)
    with pytest.raises(VisitError, match="once the visit is delivered"):
        visit.write_report(day, by=ADVISOR, at=NOW, today=day)
    visit.deliver(DayCost(visit=d("1")), day, remaining=d("10"), by=ADVISOR, at=NOW, today=day)
    with pytest.raises(VisitError, match="before the visit"):
        visit.write_report(date(2027, 1, 11), by=ADVISOR, at=NOW, today=date(2027, 1, 15))
    visit.write_report(date(2027, 1, 15), by=ADVISOR, at=NOW, today=date(2027, 1, 15))
    assert visit.stage == Stage.REPORT_WRITTEN
    assert visit.activity.status == Status.DELIVERED
    assert visit.activity.report_written_on == date(2027, 1, 15)
    with pytest.raises(VisitError, match="was recorded as written"):
        visit.write_report(date(2027, 1, 15), by=ADVISOR, at=NOW, today=date(2027, 1, 15))


# --- Cancelling -------------------------------------------------------------------------------


@pytest.mark.parametrize("stage", ["planned", "proposed", "confirmed"])
def test_a_visit_not_yet_delivered_is_cancelled_with_a_reason(stage: str) -> None:
    visit = {"planned": core_visit, "proposed": lambda: proposed(core_visit()),
             "confirmed": lambda: confirmed(core_visit())}[stage]()
    version = visit.activity.version
    with pytest.raises(VisitError, match="say why"):
        visit.cancel("  ", by=ADVISOR, at=NOW)
    visit.cancel("school closed for building works", by=ADVISOR, at=NOW)
    assert visit.stage == Stage.CANCELLED
    assert visit.activity.reason == "school closed for building works"
    assert visit.activity.version == version + 1
    assert all(not p.is_open for p in visit.proposals)
    # Its days go back: a cancelled activity counts for nothing in what's left.
    result = summary([visit.activity], allocation="19", today=TODAY, category="C")
    assert result.planned == result.booked == d("0") and result.unplanned == d("19")


def test_a_delivered_visit_cannot_be_cancelled_or_proposed_again() -> None:
    visit = confirmed(core_visit())
    day = date(2027, 1, 12)
    visit.deliver(DayCost(visit=d("1")), day, remaining=d("10"), by=ADVISOR, at=NOW, today=day)
    with pytest.raises(VisitError, match="can't be cancelled"):
        visit.cancel("changed our minds", by=ADVISOR, at=NOW)
    with pytest.raises(VisitError, match="can't be given new dates"):
        proposed(visit, "2027-01-20T09:30")


def test_every_transition_bumps_the_version_and_adds_one_event() -> None:
    visit = confirmed(core_visit())
    day = date(2027, 1, 12)
    visit.deliver(DayCost(visit=d("1")), day, remaining=d("10"), by=ADVISOR, at=NOW, today=day)
    visit.write_report(day, by=ADVISOR, at=NOW, today=day)
    assert visit.activity.version == 1 + len(visit.events) == 5
    assert [e.kind for e in visit.events] == [
        EventKind.PROPOSED, EventKind.CONFIRMED, EventKind.DELIVERED, EventKind.REPORT_WRITTEN
    ]


# --- Who may ---------------------------------------------------------------------------------


def test_advisors_arrange_their_caseload_leads_arrange_any_and_heads_answer_their_own() -> None:
    sia = Person("Sam Patel", roles={RoleGrant(Role.SIA)}, caseload={URN})
    other_sia = Person("Ali Khan", roles={RoleGrant(Role.SIA)}, caseload={"999999"})
    hos = Person("Megan Bowen", roles={RoleGrant(Role.HOS)})
    head = Person("Jo Head", roles={RoleGrant(Role.HEAD, URN)})
    assert may_arrange(sia, URN) and not may_arrange(other_sia, URN) and may_arrange(hos, URN)
    assert not may_arrange(head, URN) and not may_arrange(None, URN)
    assert may_answer(head, URN) and not may_answer(sia, URN) and not may_answer(head, "999999")
