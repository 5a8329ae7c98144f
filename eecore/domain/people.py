"""People and their roles: advisors with caseloads, heads and managers, leads and admins."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """What a person does in the service; a person may hold several."""

    HOS = "hos"
    SSIA = "ssia"
    SIA = "sia"
    EYFS_OFFICER = "eyfs_officer"
    HEAD = "head"
    MANAGER = "manager"
    CONSULTATION = "consultation"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]

    @property
    def is_advisor(self) -> bool:
        return self in (Role.HOS, Role.SSIA, Role.SIA, Role.EYFS_OFFICER)

    @property
    def needs_establishment(self) -> bool:
        return self in (Role.HEAD, Role.MANAGER)


_ROLE_LABELS = {
    Role.HOS: "Head of Service",
    Role.SSIA: "Senior School Improvement Advisor",
    Role.SIA: "School Improvement Advisor",
    Role.EYFS_OFFICER: "EYFS officer",
    Role.HEAD: "Headteacher",
    Role.MANAGER: "Setting manager",
    Role.CONSULTATION: "Consultation group member",
    Role.ADMIN: "Administrator",
}


def parse_role(text: str) -> Role:
    """A role from its code or its label, in any case ('SIA', 'eyfs officer', 'Head of Service')."""
    wanted = text.strip().lower().replace("-", "_").replace(" ", "_")
    for role in Role:
        if wanted in (role.value, role.label.lower().replace(" ", "_")):
            return role
    aliases = {"headteacher": Role.HEAD, "ht": Role.HEAD, "eyfs": Role.EYFS_OFFICER}
    if wanted in aliases:
        return aliases[wanted]
    known = ", ".join(r.value for r in Role)
    raise ValueError(f"unknown role {text!r}: use one of {known}")


@dataclass(frozen=True)
class RoleGrant:
    """A role held by a person, for one establishment where the role is a head's or manager's."""

    role: Role
    urn: str | None = None


@dataclass
class Person:
    """Someone who uses eebot, known by their Entra object id in Teams."""

    name: str
    email: str = ""
    entra_object_id: str = ""
    roles: set[RoleGrant] = field(default_factory=set)
    caseload: set[str] = field(default_factory=set)
    """URNs of the establishments this advisor is allocated to."""
    id: int | None = None

    def has(self, role: Role) -> bool:
        return any(grant.role == role for grant in self.roles)

    @property
    def is_advisor(self) -> bool:
        return any(grant.role.is_advisor for grant in self.roles)

    @property
    def led_establishments(self) -> set[str]:
        """URNs this person is head or manager of."""
        return {g.urn for g in self.roles if g.role.needs_establishment and g.urn}
