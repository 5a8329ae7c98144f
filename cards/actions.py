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


ACTIONS: dict[str, type[CardAction]] = {
    action.verb: action
    for action in (
        ShowLeft, ShowPlan, ShowSchool, ShowUpcoming, ShowMyUpcoming, ShowCaseload, ShowHelp
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
