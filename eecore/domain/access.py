"""Who may see what: denied by default, granted by role and by the establishments a person leads."""

from __future__ import annotations

from eecore.domain.errors import EebotError
from eecore.domain.people import Person, Role

SERVICE_WIDE = (Role.HOS, Role.SSIA, Role.ADMIN)
ADVISORS = (Role.SIA, Role.EYFS_OFFICER)


class NotAllowed(EebotError):
    """The person may not see or do this."""


def can_see_establishment(person: Person | None, urn: str) -> bool:
    """Leads and advisors see every establishment; heads and managers their own."""
    if person is None:
        return False
    if any(person.has(role) for role in (*SERVICE_WIDE, *ADVISORS)):
        return True
    return urn in person.led_establishments


def check_can_see(person: Person | None, urn: str, name: str) -> None:
    """NotAllowed unless the person may see this establishment."""
    if person is None:
        raise NotAllowed(
            "eebot doesn't know you yet: ask your administrator to add you to the people list"
        )
    if not can_see_establishment(person, urn):
        raise NotAllowed(f"you can see your own school's support only, not that of {name}")


def has_caseload(person: Person | None) -> bool:
    """Advisors and leads have a caseload (possibly empty)."""
    return person is not None and any(
        person.has(role) for role in (*SERVICE_WIDE, *ADVISORS)
    )
