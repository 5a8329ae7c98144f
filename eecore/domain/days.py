"""Support days: exact decimals counted in quarter-day steps."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from eecore.domain.errors import InvalidDays

QUARTER = Decimal("0.25")
ZERO = Decimal("0")


def days(value: str | int | float | Decimal, *, allow_negative: bool = False) -> Decimal:
    """Parse a number of days, refusing anything that is not a whole number of quarter days.

    Floats are accepted only because TOML and JSON give them; they are converted through their
    shortest text form so 0.75 stays 0.75.
    """
    if isinstance(value, bool):
        raise InvalidDays(f"{value!r} is not a number of days")
    try:
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError) as exc:
        raise InvalidDays(f"{value!r} is not a number of days") from exc
    if not amount.is_finite():
        raise InvalidDays(f"{value!r} is not a number of days")
    if amount < 0 and not allow_negative:
        raise InvalidDays(f"{value} days is negative")
    try:
        in_quarters = amount % QUARTER == 0
        normalised = normalise(amount)
    except InvalidOperation as exc:  # too large for the decimal context to divide or round
        raise InvalidDays(f"{value} days is too many") from exc
    if not in_quarters:
        raise InvalidDays(f"{value} days is not in quarter-day steps (0.25, 0.5, 0.75)")
    return normalised


def normalise(amount: Decimal) -> Decimal:
    """The same amount with two decimal places, so 1 and 1.00 print alike."""
    return amount.quantize(Decimal("0.01"))


def total(amounts: Iterable[Decimal]) -> Decimal:
    """The exact sum of some days."""
    return normalise(sum(amounts, ZERO))


def show(amount: Decimal) -> str:
    """Days as a person writes them: 9.5, 0.75, 5."""
    text = format(amount.normalize(), "f")
    return text
