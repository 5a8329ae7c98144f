"""Domain errors: each says what went wrong in words a user can act on."""

from __future__ import annotations

from collections.abc import Sequence


class EebotError(Exception):
    """Base of every error eebot reports to a person rather than as a traceback."""


class PolicyError(EebotError):
    """The policy file is missing, unreadable or breaks a rule."""


class CalendarError(EebotError):
    """An academic year or half-term that does not exist or is malformed."""


class InvalidDays(EebotError):
    """A number of days that is negative or not in quarter-day steps."""


class UnknownCategory(EebotError):
    """A category that the policy does not define."""

    def __init__(self, category: str, known: Sequence[str]) -> None:
        self.category = category
        self.known = tuple(known)
        super().__init__(
            f"unknown category {category!r}: use one of {', '.join(self.known)}"
        )


class NotCategorised(EebotError):
    """The establishment's kind has no categories, or it has none agreed yet."""


class UnknownSchool(EebotError):
    """No establishment matches what was asked for."""

    def __init__(self, query: str, suggestions: Sequence[str] = ()) -> None:
        self.query = query
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"no school or setting matches {query!r}{hint}")


class AmbiguousSchool(EebotError):
    """Several establishments match what was asked for."""

    def __init__(self, query: str, matches: Sequence[tuple[str, str]]) -> None:
        self.query = query
        self.matches = tuple(matches)
        listed = "; ".join(f"{urn} {name}" for urn, name in self.matches)
        super().__init__(
            f"{len(self.matches)} schools or settings match {query!r}: {listed}. "
            "Give the URN or more of the name."
        )


class UnknownPerson(EebotError):
    """No person matches what was asked for."""


class ImportFileError(EebotError):
    """A whole import file cannot be read: nothing from it was written."""


class VisitError(EebotError):
    """A visit or meeting cannot be arranged, answered, recorded or cancelled as asked."""


class UnknownVisit(VisitError):
    """No planned activity has the id asked for."""


class OverAllocated(VisitError):
    """Recording the days would use more than the establishment has left, without a reason."""
