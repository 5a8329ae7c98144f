"""Establishments: schools, academies, settings, childminders and wrap-around providers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

KINDS = ("la_school", "academy", "pvi", "childminder", "wraparound_school", "wraparound_other")
OPEN = "open"
CLOSED = "closed"


@dataclass
class Establishment:
    """One school or setting, identified by its DfE URN or Ofsted provider URN."""

    urn: str
    name: str
    kind: str
    phase: str = ""
    la_code: str = ""
    la_name: str = ""
    status: str = OPEN
    head_name: str = ""
    """The head or manager as the register names them (a Person with a head role may differ)."""
    opened_on: date | None = None
    ofsted_outcome: str = ""
    ofsted_date: date | None = None
    source: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def same_register_details(self, other: Establishment) -> bool:
        """True when an import would change nothing about this establishment."""
        return (
            self.name, self.kind, self.phase, self.la_code, self.la_name, self.status,
            self.head_name, self.opened_on, self.ofsted_outcome, self.ofsted_date,
        ) == (
            other.name, other.kind, other.phase, other.la_code, other.la_name, other.status,
            other.head_name, other.opened_on, other.ofsted_outcome, other.ofsted_date,
        )
