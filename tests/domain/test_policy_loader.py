"""The policy loader: a broken copy of the policy is refused naming the file, the entry and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from eecore.domain.errors import PolicyError
from eecore.policy import default_policy_path, load_policy
from tests.domain.builders import d

SHIPPED = default_policy_path()
SHIPPED_YEARS = SHIPPED.parent / "academic-years.toml"


Edit = tuple[str, str, str]
"""(section, old, new): replace the first `old` after the line `section`, within that section."""


def policy_copy(tmp_path: Path, *edits: Edit) -> Path:
    """A copy of the shipped policy and its years file in tmp_path, with some text edited."""
    text = SHIPPED.read_text(encoding="utf-8")
    for section, old, new in edits:
        start = text.index(f"\n{section}\n")
        at = text.index(old, start)
        next_section = text.find("\n[", start + 1)
        assert next_section == -1 or at < next_section, f"{old!r} is not in {section}"
        text = text[:at] + new + text[at + len(old):]
    (tmp_path / "academic-years.toml").write_text(
        SHIPPED_YEARS.read_text(encoding="utf-8"), encoding="utf-8"
    )
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refusal(path: Path) -> str:
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    return str(caught.value)


def test_an_unchanged_copy_loads_and_names_its_file(tmp_path: Path) -> None:
    path = policy_copy(tmp_path)
    policy = load_policy(path)
    assert policy.path == str(path)
    assert policy.allocation("la_school", "A") == d("5")


def test_an_unknown_activity_in_a_plan_is_refused(tmp_path: Path) -> None:
    path = policy_copy(
        tmp_path, ("[plans.school.B1]", 'activity = "core_visit"', 'activity = "coffee_morning"')
    )
    message = refusal(path)
    assert message.startswith(f"{path}: ")
    assert "plans.school.B1 item 3: unknown activity 'coffee_morning'" in message


def test_an_unknown_half_term_in_a_plan_is_refused(tmp_path: Path) -> None:
    path = policy_copy(tmp_path, ("[plans.school.B1]", '"autumn2", month = 12', '"autumn3"'))
    message = refusal(path)
    assert message.startswith(f"{path}: ")
    assert "plans.school.B1 item 2: unknown half-term 'autumn3'" in message


def test_a_plan_that_costs_more_than_its_allocation_is_refused(tmp_path: Path) -> None:
    path = policy_copy(tmp_path, ("[plans.school.A]", "days = 1.0", "days = 2.0"))
    message = refusal(path)
    assert message.startswith(f"{path}: ")
    assert "plans.school.A: the plan costs 6 days, more than its allocation of 5" in message


def test_a_negative_day_in_a_plan_is_refused(tmp_path: Path) -> None:
    path = policy_copy(tmp_path, ("[plans.school.A]", "days = 1.0", "days = -1.0"))
    message = refusal(path)
    assert message.startswith(f"{path}: ")
    assert "plans.school.A item 4.days: -1.0 days is negative" in message


def test_a_negative_allocation_is_refused(tmp_path: Path) -> None:
    path = policy_copy(tmp_path, ("[kinds.la_school]", "A = 5,", "A = -5,"))
    message = refusal(path)
    assert message.startswith(f"{path}: ")
    assert "kinds.la_school.days.A: -5 days is negative" in message


def test_a_day_that_is_not_a_quarter_step_is_refused(tmp_path: Path) -> None:
    path = policy_copy(tmp_path, ("[plans.school.A]", "days = 1.0", "days = 0.3"))
    message = refusal(path)
    assert message.startswith(f"{path}: ")
    assert "plans.school.A item 4.days: 0.3 days is not in quarter-day steps" in message


def test_an_absurd_number_of_days_is_refused_not_crashed_on(tmp_path: Path) -> None:
    path = policy_copy(tmp_path, ("[plans.school.A]", "days = 1.0", "days = 1e30"))
    message = refusal(path)
    assert message.startswith(f"{path}: ")
    assert "plans.school.A item 4.days: " in message
    assert "too many" in message


def test_a_plan_that_costs_less_must_state_its_unplanned_days(tmp_path: Path) -> None:
    path = policy_copy(tmp_path, ("[plans.school.A]", "days = 1.0", "days = 0.5"))
    message = refusal(path)
    assert message.startswith(f"{path}: ")
    assert (
        "plans.school.A: the plan costs 4.5 of 5 days: state the other 0.5 as unplanned_days"
        in message
    )


def test_a_plan_that_costs_less_loads_once_it_states_its_unplanned_days(tmp_path: Path) -> None:
    path = policy_copy(
        tmp_path,
        ("[plans.school.A]", "items = [", "unplanned_days = 0.5\nitems = ["),
        ("[plans.school.A]", "days = 1.0", "days = 0.5"),
    )
    plan = load_policy(path).plan_for("la_school", "A")
    assert (plan.planned_days, plan.unplanned_days, plan.allocation) == (
        d("4.5"), d("0.5"), d("5")
    )


def test_a_month_that_is_not_1_to_12_is_refused(tmp_path: Path) -> None:
    for month in ("13", "true"):
        path = policy_copy(tmp_path, ("[plans.school.B1]", "month = 12", f"month = {month}"))
        message = refusal(path)
        assert message.startswith(f"{path}: ")
        assert "plans.school.B1 item 2: month " in message
        assert "is not 1 to 12" in message


def test_a_missing_policy_file_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    message = refusal(path)
    assert message.startswith(f"{path}: ")
    assert "no such policy file" in message


def test_a_policy_whose_academic_years_file_is_missing_is_refused_naming_that_file(
    tmp_path: Path,
) -> None:
    path = policy_copy(tmp_path)
    (tmp_path / "academic-years.toml").unlink()
    message = refusal(path)
    assert message.startswith(f"{tmp_path / 'academic-years.toml'}: ")
    assert "no such policy file" in message


def test_a_file_that_is_not_valid_toml_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text('[policy\nname = "broken', encoding="utf-8")
    message = refusal(path)
    assert message.startswith(f"{path}: ")
    assert "not valid TOML" in message


def test_overlapping_half_terms_in_the_years_file_are_refused(tmp_path: Path) -> None:
    path = policy_copy(tmp_path)
    years = tmp_path / "academic-years.toml"
    years.write_text(
        years.read_text(encoding="utf-8").replace(
            "autumn2 = { first = 2025-11-03", "autumn2 = { first = 2025-10-20"
        ),
        encoding="utf-8",
    )
    message = refusal(path)
    assert message.startswith(f"{years}: ")
    assert "years.'2025/26'" in message
    assert "Autumn 2 starts before Autumn 1 ends" in message


def test_a_valid_edited_copy_loads_with_its_own_numbers(tmp_path: Path) -> None:
    path = policy_copy(
        tmp_path,
        ("[kinds.la_school]", "A = 5,", "A = 6,"),
        ("[plans.school.A]", "days = 1.0", "days = 2.0"),
    )
    policy = load_policy(path)
    assert policy.allocation("la_school", "A") == d("6")
    assert policy.plan_for("la_school", "A").planned_days == d("6")
    assert policy.allocation("la_school", "AS") == d("7")
