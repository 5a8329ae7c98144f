"""The shipped Wolverhampton policy: the strategy's numbers as the product reads them."""

from __future__ import annotations

from collections import Counter

import pytest

from eecore.domain.days import total
from eecore.domain.errors import NotCategorised, UnknownCategory
from eecore.domain.policy import Plan
from tests.domain.builders import POLICY, d

SCHOOL_DAYS = {"A": "5", "AS": "7", "B1": "9.5", "B2": "14.5", "C": "19"}
SETTING_DAYS = {"A": "4", "AS": "6", "B1": "8", "B2": "10", "C": "12.5"}
CATEGORIES = ("A", "AS", "B1", "B2", "C")
TERM_OF = {
    "autumn1": "autumn", "autumn2": "autumn", "autumn": "autumn",
    "spring1": "spring", "spring2": "spring", "spring": "spring",
    "summer1": "summer", "summer2": "summer", "summer": "summer",
}


def every_plan() -> list[tuple[str, str, Plan]]:
    return [
        (kind.id, key, plan) for kind in POLICY.kinds.values() for key, plan in kind.plans.items()
    ]


def count(plan: Plan, *activities: str) -> int:
    return sum(1 for item in plan.items if item.activity in activities)


def test_the_policy_has_a_plan_for_every_category_of_every_categorised_kind_and_one_otherwise(
) -> None:
    plans = {(kind_id, key) for kind_id, key, _ in every_plan()}
    expected = {(k, c) for k in ("la_school", "pvi", "childminder") for c in CATEGORIES} | {
        ("academy", ""), ("wraparound_school", ""), ("wraparound_other", "")
    }
    assert plans == expected


@pytest.mark.parametrize(
    ("kind_id", "key", "plan"), every_plan(), ids=[f"{k}-{c or 'all'}" for k, c, _ in every_plan()]
)
def test_every_plan_adds_up_to_its_allocation_or_states_its_unplanned_remainder(
    kind_id: str, key: str, plan: Plan
) -> None:
    assert total((plan.planned_days, plan.unplanned_days)) == plan.allocation
    assert plan.allocation == POLICY.allocation(kind_id, key or None)


def test_school_days_by_category_are_5_7_9_5_14_5_and_19() -> None:
    for category, expected in SCHOOL_DAYS.items():
        assert POLICY.allocation("la_school", category) == d(expected), category
    assert dict(POLICY.kind("la_school").allocations) == {c: d(v) for c, v in SCHOOL_DAYS.items()}


@pytest.mark.parametrize("kind_id", ["pvi", "childminder"])
def test_setting_days_by_category_are_4_6_8_10_and_12_5(kind_id: str) -> None:
    for category, expected in SETTING_DAYS.items():
        assert POLICY.allocation(kind_id, category) == d(expected), category


@pytest.mark.parametrize("kind_id", ["pvi", "childminder"])
def test_a_category_c_setting_gets_12_5_days_not_the_14_on_the_slide_title(kind_id: str) -> None:
    assert POLICY.allocation(kind_id, "C") == d("12.5")
    assert POLICY.plan_for(kind_id, "C").planned_days == d("12.5")


def test_an_academy_gets_one_unplanned_day_without_a_category() -> None:
    assert not POLICY.kind("academy").categorised
    plan = POLICY.plan_for("academy", None)
    assert plan.allocation == d("1")
    assert plan.items == ()
    assert plan.unplanned_days == d("1")


def test_wraparound_with_school_registration_gets_one_unplanned_day() -> None:
    plan = POLICY.plan_for("wraparound_school", None)
    assert (plan.allocation, plan.items, plan.unplanned_days) == (d("1"), (), d("1"))


def test_wraparound_without_school_registration_gets_three_termly_half_day_visits() -> None:
    plan = POLICY.plan_for("wraparound_other", None)
    assert plan.allocation == d("1.5")
    assert [(i.activity, i.window, i.days) for i in plan.items] == [
        ("support_visit", "autumn", d("0.5")),
        ("support_visit", "spring", d("0.5")),
        ("support_visit", "summer", d("0.5")),
    ]
    assert plan.unplanned_days == 0


@pytest.mark.parametrize(
    ("category", "window", "month"),
    [
        ("C", "autumn1", 9),
        ("B2", "autumn1", 10),
        ("B1", "autumn1", 10),
        ("AS", "autumn2", 11),
        ("A", "autumn2", 11),
    ],
)
def test_the_autumn_conversation_is_c_in_september_b_in_october_a_in_november(
    category: str, window: str, month: int
) -> None:
    plan = POLICY.plan_for("la_school", category)
    conversations = [i for i in plan.items if i.activity == "autumn_conversation"]
    assert [(i.window, i.month) for i in conversations] == [(window, month)]
    assert conversations[0].days == d("2")


@pytest.mark.parametrize(
    ("category", "meetings"), [("A", 0), ("AS", 0), ("B1", 3), ("B2", 3), ("C", 6)]
)
def test_schools_have_tas_meetings_termly_for_b_and_half_termly_for_c(
    category: str, meetings: int
) -> None:
    plan = POLICY.plan_for("la_school", category)
    windows = [i.window for i in plan.items if i.activity == "tas_meeting"]
    assert len(windows) == meetings
    if meetings == 3:
        assert Counter(TERM_OF[w] for w in windows) == {"autumn": 1, "spring": 1, "summer": 1}
    if meetings == 6:
        assert windows == ["autumn1", "autumn2", "spring1", "spring2", "summer1", "summer2"]


@pytest.mark.parametrize("kind_id", ["pvi", "childminder"])
@pytest.mark.parametrize(
    ("category", "meetings"), [("A", 0), ("AS", 0), ("B1", 3), ("B2", 3), ("C", 6)]
)
def test_settings_have_no_tas_meetings_in_a_or_as_three_in_b_and_six_in_c(
    kind_id: str, category: str, meetings: int
) -> None:
    assert count(POLICY.plan_for(kind_id, category), "tas_meeting") == meetings


@pytest.mark.parametrize(
    ("category", "reviews", "status_checks"),
    [("A", 0, 0), ("AS", 1, 0), ("B1", 2, 0), ("B2", 3, 1), ("C", 4, 2)],
)
def test_school_reviews_including_status_checks_follow_the_category(
    category: str, reviews: int, status_checks: int
) -> None:
    plan = POLICY.plan_for("la_school", category)
    assert count(plan, "review", "status_check") == reviews
    assert count(plan, "status_check") == status_checks


def test_a_category_is_found_in_any_letter_case() -> None:
    assert POLICY.category("b1").id == "B1"
    assert POLICY.category(" as ").id == "AS"
    assert POLICY.category("c").support == "high"
    assert POLICY.plan_for("la_school", "b2").allocation == d("14.5")


def test_an_unknown_category_is_refused_listing_the_known_ones() -> None:
    with pytest.raises(UnknownCategory) as caught:
        POLICY.plan_for("la_school", "D")
    assert caught.value.known == CATEGORIES
    assert "'D'" in str(caught.value)
    assert "A, AS, B1, B2, C" in str(caught.value)


@pytest.mark.parametrize("kind_id", ["la_school", "pvi", "childminder"])
def test_a_categorised_kind_without_a_category_has_no_plan_yet(kind_id: str) -> None:
    with pytest.raises(NotCategorised, match="not categorised yet"):
        POLICY.plan_for(kind_id, None)


def test_every_plan_item_names_an_activity_in_the_catalogue() -> None:
    for _, _, plan in every_plan():
        for item in plan.items:
            assert item.activity in POLICY.activities
