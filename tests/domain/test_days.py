"""Support days: exact decimals in quarter-day steps."""

from __future__ import annotations

import tomllib
from decimal import Decimal

import pytest

from eecore.domain.days import days, show, total
from eecore.domain.errors import InvalidDays


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.25, "0.25"),
        (0.5, "0.50"),
        (0.75, "0.75"),
        (19, "19.00"),
        ("9.5", "9.50"),
        (Decimal("14.5"), "14.50"),
        (0, "0.00"),
    ],
)
def test_whole_quarter_days_are_accepted_as_exact_two_place_decimals(
    value: object, expected: str
) -> None:
    parsed = days(value)  # type: ignore[arg-type]
    assert isinstance(parsed, Decimal)
    assert str(parsed) == expected


def test_a_negative_number_of_days_is_accepted_only_when_allowed() -> None:
    assert days(-1, allow_negative=True) == Decimal("-1")
    with pytest.raises(InvalidDays, match="quarter-day"):
        days(-0.3, allow_negative=True)


def test_a_day_that_is_not_a_quarter_step_is_rejected_naming_the_steps() -> None:
    with pytest.raises(InvalidDays, match=r"0\.3 days is not in quarter-day steps"):
        days(0.3)


def test_a_negative_day_is_rejected() -> None:
    with pytest.raises(InvalidDays, match="-1 days is negative"):
        days(-1)


@pytest.mark.parametrize(
    "value", ["x", "", float("nan"), "NaN", float("inf"), "-Infinity", True, False]
)
def test_things_that_are_not_numbers_are_not_days(value: object) -> None:
    with pytest.raises(InvalidDays, match="is not a number of days"):
        days(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["1e30", 1e30])
def test_an_absurdly_large_number_is_refused_as_days_not_as_a_decimal_crash(
    value: object,
) -> None:
    with pytest.raises(InvalidDays, match="too many"):
        days(value)  # type: ignore[arg-type]


def test_floats_read_from_toml_are_kept_exact() -> None:
    raw = tomllib.loads("a = 0.75\nb = 9.5\nc = 12.5\nd = 0.25\ne = 1.0")
    assert [str(days(raw[key])) for key in "abcde"] == ["0.75", "9.50", "12.50", "0.25", "1.00"]


def test_a_total_of_many_quarter_days_is_exact() -> None:
    assert total([days(0.25)] * 1000) == Decimal("250")
    assert str(total([days(0.25)] * 3)) == "0.75"
    assert total([days(0.75), days(9.5), days(0.25), days(-0.5, allow_negative=True)]) == Decimal(
        "10"
    )


def test_a_total_stays_exact_where_floating_point_would_round() -> None:
    assert total([Decimal("100000000000000000"), days(0.25), days(0.5)]) == Decimal(
        "100000000000000000.75"
    )


def test_a_total_of_nothing_is_zero_days() -> None:
    assert str(total([])) == "0.00"


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("9.50", "9.5"),
        ("0.75", "0.75"),
        ("5.00", "5"),
        ("10.00", "10"),
        ("12.50", "12.5"),
        ("100", "100"),
        ("0.00", "0"),
        ("-2.00", "-2"),
    ],
)
def test_days_are_shown_as_a_person_writes_them(amount: str, shown: str) -> None:
    assert show(Decimal(amount)) == shown
