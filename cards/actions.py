"""Typed card actions: a verb each; card builders emit them and the router parses them back."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

A = TypeVar("A", bound="CardAction")


class InvalidAction(ValueError):
    """Card data that is not an action we know, or whose fields are missing or wrong."""


@dataclass(frozen=True)
class CardAction:
    """A button's meaning: its verb, and the fields it carries in `data`."""

    verb: ClassVar[str] = ""
    title: ClassVar[str] = ""
    """What the button says by default."""

    def data(self) -> dict[str, Any]:
        """The `data` of an Action.Execute or Action.Submit: our fields plus the verb."""
        return {"verb": self.verb, **dataclasses.asdict(self)}

    @classmethod
    def parse(cls: type[A], data: dict[str, Any]) -> A:
        """The action from card data, checking every field is present and a string."""
        values: dict[str, str] = {}
        for field in dataclasses.fields(cls):
            value = data.get(field.name)
            if not isinstance(value, str) or not value.strip():
                raise InvalidAction(f"{cls.verb}: {field.name} is missing")
            values[field.name] = value.strip()
        return cls(**values)


@dataclass(frozen=True)
class ShowLeft(CardAction):
    """What's left for a school."""

    verb: ClassVar[str] = "left.show"
    title: ClassVar[str] = "What's left"
    urn: str


@dataclass(frozen=True)
class ShowPlan(CardAction):
    """The year's plan for a school."""

    verb: ClassVar[str] = "plan.show"
    title: ClassVar[str] = "Year plan"
    urn: str


@dataclass(frozen=True)
class ShowSchool(CardAction):
    """A school's profile."""

    verb: ClassVar[str] = "school.show"
    title: ClassVar[str] = "School"
    urn: str


@dataclass(frozen=True)
class ShowUpcoming(CardAction):
    """Upcoming activities for a school."""

    verb: ClassVar[str] = "upcoming.show"
    title: ClassVar[str] = "Upcoming"
    urn: str


@dataclass(frozen=True)
class ShowMyUpcoming(CardAction):
    """Upcoming activities across the asker's caseload or establishment."""

    verb: ClassVar[str] = "upcoming.mine"
    title: ClassVar[str] = "My upcoming"


@dataclass(frozen=True)
class ShowCaseload(CardAction):
    """The asker's caseload."""

    verb: ClassVar[str] = "caseload.show"
    title: ClassVar[str] = "My caseload"


@dataclass(frozen=True)
class ShowHelp(CardAction):
    """What the asker can do."""

    verb: ClassVar[str] = "help.show"
    title: ClassVar[str] = "Help"


@dataclass(frozen=True)
class ShowVisit(CardAction):
    """One visit or meeting, as the person looking may see and act on it (also the refresh)."""

    verb: ClassVar[str] = "visit.show"
    title: ClassVar[str] = "Open"
    activity_id: str


@dataclass(frozen=True)
class ShowVisits(CardAction):
    """Visits and meetings awaiting the asker."""

    verb: ClassVar[str] = "visits.show"
    title: ClassVar[str] = "Awaiting me"


@dataclass(frozen=True)
class VisitAction(CardAction):
    """A change to a visit, made from the card that showed it at a version."""

    activity_id: str
    version: str


@dataclass(frozen=True)
class ProposeVisit(VisitAction):
    """Propose dates (inputs date1..3, time1..3, note)."""

    verb: ClassVar[str] = "visit.propose"
    title: ClassVar[str] = "Propose these dates"


@dataclass(frozen=True)
class ConfirmVisit(VisitAction):
    """Confirm one of the proposed dates (input chosen)."""

    verb: ClassVar[str] = "visit.confirm"
    title: ClassVar[str] = "Confirm"


@dataclass(frozen=True)
class SuggestVisitDate(VisitAction):
    """Ask for another date (inputs suggested, note)."""

    verb: ClassVar[str] = "visit.suggest"
    title: ClassVar[str] = "Send"


@dataclass(frozen=True)
class DeliverVisit(VisitAction):
    """Record the visit as delivered (inputs delivered_on, prep, visit, write_up, over_reason)."""

    verb: ClassVar[str] = "visit.deliver"
    title: ClassVar[str] = "Record delivery"


@dataclass(frozen=True)
class WriteReport(VisitAction):
    """Record that the visit's report is written."""

    verb: ClassVar[str] = "visit.report"
    title: ClassVar[str] = "Report written"


@dataclass(frozen=True)
class CancelVisit(VisitAction):
    """Cancel the visit (input reason)."""

    verb: ClassVar[str] = "visit.cancel"
    title: ClassVar[str] = "Cancel the visit"


ACTIONS: dict[str, type[CardAction]] = {
    action.verb: action
    for action in (
        ShowLeft, ShowPlan, ShowSchool, ShowUpcoming, ShowMyUpcoming, ShowCaseload, ShowHelp,
        ShowVisit, ShowVisits, ProposeVisit, ConfirmVisit, SuggestVisitDate, DeliverVisit,
        WriteReport, CancelVisit,
    )
}


def parse_action(data: object) -> CardAction:
    """The typed action carried by a card's data; InvalidAction for anything else."""
    if not isinstance(data, dict):
        raise InvalidAction("the card sent no data")
    verb = data.get("verb")
    action = ACTIONS.get(verb) if isinstance(verb, str) else None
    if action is None:
        raise InvalidAction(f"unknown card action {verb!r}")
    return action.parse(data)
