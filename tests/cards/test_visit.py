"""The visit card at each stage, for the head, the advisor and anyone else."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from cards.visit import visit_card, visits_card
from eecore.domain.policy import DayCost
from eecore.domain.views import Contact, VisitView
from tests.cards.schema import assert_valid_card, emitted_verbs

HEAD = "00000000-0000-0000-0000-0000000000022"
ADVISOR = "00000000-0000-0000-0000-0000000000020"
TODAY = date(2026, 12, 3)


def visit(stage: str = "planned", **changes: Any) -> VisitView:
    base = VisitView(
        activity_id=41,
        version=3,
        urn="104297",
        school_name="Whitgreave Primary School",
        activity="core_visit",
        activity_name="Core Visit",
        academic_year="2026/27",
        window="spring",
        window_label="Spring (either half)",
        month=None,
        stage=stage,
        status="planned",
        options=(),
        proposal_note="",
        proposed_by="",
        proposed_at=None,
        starts_at=None,
        confirmed_by="",
        confirmed_on_behalf=False,
        suggested_date=None,
        suggestion_note="",
        suggested_by="",
        heads=(Contact("Adele Vance", HEAD, 3),),
        advisors=(Contact("Alex Wilber", ADVISOR, 1),),
        planned=DayCost(Decimal("0"), Decimal("0.5"), Decimal("0.5")),
        used=None,
        delivered_on=None,
        report_written_on=None,
        reason="",
        over_reason="",
        history=(),
    )
    return replace(base, **changes)


OPTIONS = (datetime(2027, 1, 12, 10, 0), datetime(2027, 1, 14, 13, 30))
SUGGESTIONS = (datetime(2027, 1, 11, 9, 30), datetime(2027, 2, 1, 9, 30))
STAGES = {
    "planned": visit(),
    "planned, date suggested": visit(
        suggested_date=date(2027, 1, 19),
        suggested_by="Adele Vance",
        suggestion_note="SATs mocks that week",
    ),
    "proposed": visit(
        "proposed", options=OPTIONS, proposal_note="Reading focus", proposed_by="Alex Wilber"
    ),
    "confirmed": visit(
        "confirmed", status="booked", starts_at=OPTIONS[0], confirmed_by="Adele Vance"
    ),
    "delivered": visit(
        "delivered",
        status="delivered",
        starts_at=OPTIONS[0],
        delivered_on=date(2027, 1, 12),
        used=DayCost(Decimal("0"), Decimal("0.5"), Decimal("0.25")),
    ),
    "cancelled": visit("cancelled", status="cancelled", reason="school closed for snow"),
}
SAMPLES = {
    f"visit, {stage}, {who}": (
        lambda view=view, viewer=viewer: visit_card(
            view, viewer, today=TODAY, suggestions=SUGGESTIONS
        )
    )
    for stage, view in STAGES.items()
    for who, viewer in (("head", HEAD), ("advisor", ADVISOR), ("other", None))
}
SAMPLES["visits"] = lambda: visits_card(list(STAGES.values()), "Adele Vance")
SAMPLES["visits, none"] = lambda: visits_card([], "Adele Vance")


@pytest.mark.parametrize("name", list(SAMPLES))
def test_every_visit_card_is_valid(name: str) -> None:
    assert_valid_card(SAMPLES[name]())


def verbs(stage: str, viewer: str | None) -> set[str]:
    return emitted_verbs(visit_card(STAGES[stage], viewer, today=TODAY, suggestions=SUGGESTIONS))


def test_the_head_confirms_or_suggests_while_the_advisor_waits() -> None:
    assert {"visit.confirm", "visit.suggest"} <= verbs("proposed", HEAD)
    assert "visit.propose" not in verbs("proposed", HEAD)
    advisor = json.dumps(visit_card(STAGES["proposed"], ADVISOR, today=TODAY))
    assert "Waiting for Adele Vance" in advisor
    assert {"visit.confirm", "visit.cancel"} <= verbs("proposed", ADVISOR)
    assert verbs("proposed", None) == {"left.show", "visit.show"}


def test_the_advisor_proposes_moves_delivers_and_cancels() -> None:
    assert "visit.propose" in verbs("planned", ADVISOR)
    assert "visit.propose" not in verbs("planned", HEAD)
    assert {"visit.deliver", "visit.propose", "visit.cancel"} <= verbs("confirmed", ADVISOR)
    assert "visit.report" in verbs("delivered", ADVISOR)


def test_the_card_refreshes_for_the_head_and_the_advisor() -> None:
    card = visit_card(STAGES["proposed"], None, today=TODAY)
    assert card["refresh"]["userIds"] == [HEAD, ADVISOR]
    assert card["refresh"]["action"]["verb"] == "visit.show"
    assert card["refresh"]["action"]["data"] == {"verb": "visit.show", "activity_id": "41"}


def test_every_change_carries_the_version_the_card_showed() -> None:
    card = visit_card(STAGES["confirmed"], ADVISOR, today=TODAY, suggestions=SUGGESTIONS)
    text = json.dumps(card)
    for verb in ("visit.deliver", "visit.propose", "visit.cancel"):
        assert f'"verb": "{verb}", "activity_id": "41", "version": "3"' in text


def test_a_stale_card_says_so() -> None:
    card = visit_card(STAGES["confirmed"], HEAD, today=TODAY, notice="This visit changed")
    assert "This visit changed" in json.dumps(card)
    assert "Tue 12 Jan, 10:00" in json.dumps(card)
