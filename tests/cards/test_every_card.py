"""Every card, built from realistic read models: valid Adaptive Card 1.5, under 28 KB, routable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from cards.actions import ACTIONS, ShowLeft, ShowPlan
from cards.allocation import allocation_card
from cards.caseload import caseload_card
from cards.digest import digest_card
from cards.help import help_card
from cards.messages import (
    apology_card,
    error_card,
    no_match_card,
    not_allowed_card,
    welcome_card,
)
from cards.pick import pick_school_card
from cards.plan import plan_card
from cards.school import school_card
from cards.search import search_result
from cards.upcoming import upcoming_card
from tests.cards import models
from tests.cards.schema import (
    MAX_CARD_BYTES,
    assert_actions_routable,
    assert_valid_card,
    card_bytes,
    emitted_verbs,
)
from tests.cards.test_visit import SAMPLES as VISIT_SAMPLES

CANDIDATES = tuple((str(104000 + n), f"{models.LONG_NAME} {n}") for n in range(14))

BUILDERS: dict[str, Callable[[], dict[str, Any]]] = {
    "allocation": lambda: allocation_card(models.b1_summary()),
    "allocation, not categorised": lambda: allocation_card(models.not_categorised_summary()),
    "allocation, over-allocated": lambda: allocation_card(models.over_allocated_summary()),
    "allocation, academy": lambda: allocation_card(models.academy_summary()),
    "school": lambda: school_card(models.profile()),
    "school, setting": lambda: school_card(models.setting_profile()),
    "school, closed": lambda: school_card(models.profile(status="closed")),
    "plan, school C": lambda: plan_card(models.year_plan("la_school", "C")),
    "plan, setting C": lambda: plan_card(models.year_plan("pvi", "C")),
    "plan, largest all delivered": lambda: plan_card(
        models.year_plan(*models.largest_plan()[:2], all_delivered=True)
    ),
    "plan, empty": lambda: plan_card(models.empty_plan()),
    "upcoming, school": lambda: upcoming_card(models.upcoming_for_school()),
    "upcoming, advisor": lambda: upcoming_card(models.upcoming_for_advisor()),
    "upcoming, 60 schools": lambda: upcoming_card(models.upcoming_for_advisor(60)),
    "upcoming, empty": lambda: upcoming_card(models.nothing_upcoming()),
    "caseload, 60": lambda: caseload_card(models.caseload(60)),
    "caseload, 5": lambda: caseload_card(models.caseload(5)),
    "caseload, empty": lambda: caseload_card(models.caseload(0)),
    "digest": lambda: digest_card(models.digest()),
    "digest, 40 in each list": lambda: digest_card(models.digest(40)),
    "digest, quiet week": lambda: digest_card(models.quiet_week()),
    "help": lambda: help_card(models.COMMANDS, "Jo Bennett"),
    "help, head": lambda: help_card(models.HEAD_COMMANDS, None),
    "help, nothing": lambda: help_card((), None),
    "pick": lambda: pick_school_card("st luke", CANDIDATES, ShowLeft),
    "pick, few": lambda: pick_school_card("oak", CANDIDATES[:2], ShowPlan),
    "no match": lambda: no_match_card("st lukes", [models.LONG_NAME, "St Luke's Infant School"]),
    "no match, no suggestions": lambda: no_match_card("zzz", []),
    "error": lambda: error_card("unknown category 'D': use one of A, AS, B1, B2, C"),
    "apology": apology_card,
    "not allowed": lambda: not_allowed_card("You can only see the schools in your caseload."),
    "welcome": lambda: welcome_card(models.COMMANDS),
    "search content": lambda: search_result(models.hit())["content"],
}
BUILDERS.update(VISIT_SAMPLES)


def _reminder_settings() -> dict[str, Any]:
    from cards.reminders import reminders_card

    return reminders_card(
        {"weekly_digest": False, "visit_upcoming_1d": True, "report_overdue": True},
        "digest reminders are now off",
    )


BUILDERS["reminder settings"] = _reminder_settings


@pytest.fixture(params=sorted(BUILDERS))
def card(request: pytest.FixtureRequest) -> dict[str, Any]:
    return BUILDERS[str(request.param)]()


def test_is_a_valid_adaptive_card_1_5(card: dict[str, Any]) -> None:
    assert_valid_card(card)


def test_is_under_28_kb(card: dict[str, Any]) -> None:
    assert card_bytes(card) < MAX_CARD_BYTES


def test_is_full_width_in_teams(card: dict[str, Any]) -> None:
    assert card["msteams"] == {"width": "Full"}


def test_every_verb_is_an_action_the_bot_routes(card: dict[str, Any]) -> None:
    assert emitted_verbs(card) <= set(ACTIONS)
    assert_actions_routable(card, set(ACTIONS))


def test_every_verb_a_card_emits_is_known_and_most_are_used() -> None:
    emitted = set().union(*(emitted_verbs(build()) for build in BUILDERS.values()))
    assert emitted <= set(ACTIONS)
    assert {"left.show", "plan.show", "school.show", "caseload.show", "upcoming.mine"} <= emitted


def test_every_text_wraps(card: dict[str, Any]) -> None:
    def blocks(node: object) -> list[dict[str, Any]]:
        if isinstance(node, dict):
            own = [node] if node.get("type") == "TextBlock" else []
            return own + [b for v in node.values() for b in blocks(v)]
        if isinstance(node, list):
            return [b for v in node for b in blocks(v)]
        return []

    # Right-aligned numbers are short and never need to wrap; everything else must.
    unwrapped = [
        b["text"]
        for b in blocks(card)
        if not b.get("wrap") and b.get("horizontalAlignment") != "Right"
    ]
    assert not unwrapped

