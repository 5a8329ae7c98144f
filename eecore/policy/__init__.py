"""The shipped policy file and its loader: read and validate a Policy, or say what is wrong."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from eecore.domain.calendar import AcademicYear, Calendar, HalfTerm, check_window, parse_year_label
from eecore.domain.days import ZERO, days, show, total
from eecore.domain.errors import CalendarError, InvalidDays, PolicyError
from eecore.domain.policy import (
    AUDIENCES,
    Activity,
    Category,
    DayCost,
    Kind,
    Plan,
    PlanItem,
    Policy,
)

DEFAULT_POLICY = "wolverhampton-2021-24.toml"


def default_policy_path() -> Path:
    """Where the shipped Wolverhampton policy file is."""
    return Path(str(resources.files("eecore.policy").joinpath(DEFAULT_POLICY)))


def load_policy(path: str | Path | None = None) -> Policy:
    """Load and validate a policy file (the shipped one when no path is given)."""
    policy_path = Path(path) if path else default_policy_path()
    raw = _read_toml(policy_path)
    return _PolicyReader(policy_path, raw).read()


def load_calendar(path: str | Path) -> Calendar:
    """Load and validate a file of academic years."""
    calendar_path = Path(path)
    raw = _read_toml(calendar_path)
    years_table = raw.get("years")
    if not isinstance(years_table, dict) or not years_table:
        raise PolicyError(f"{calendar_path}: [years]: no academic years defined")
    years = []
    for label, entry in years_table.items():
        where = f"{calendar_path}: years.{label!r}"
        try:
            parse_year_label(label)
            if not isinstance(entry, dict):
                raise CalendarError("must be a table of half-terms")
            half_terms = []
            for half_term_id in ("autumn1", "autumn2", "spring1", "spring2", "summer1", "summer2"):
                dates = entry.get(half_term_id)
                if not isinstance(dates, dict):
                    raise CalendarError(f"{half_term_id} is missing")
                first, last = dates.get("first"), dates.get("last")
                if not isinstance(first, date) or not isinstance(last, date):
                    raise CalendarError(f"{half_term_id} needs first and last dates (YYYY-MM-DD)")
                half_terms.append(HalfTerm(half_term_id, first, last))
            unknown = set(entry) - {"note", "provisional", *(h.id for h in half_terms)}
            if unknown:
                raise CalendarError(f"unknown half-term {sorted(unknown)[0]!r}")
            years.append(
                AcademicYear(
                    label=label,
                    half_terms=tuple(half_terms),
                    provisional=bool(entry.get("provisional", False)),
                    note=str(entry.get("note", "")),
                )
            )
        except CalendarError as exc:
            raise PolicyError(f"{where}: {exc}") from None
    return Calendar(tuple(sorted(years, key=lambda y: y.label)))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise PolicyError(f"{path}: no such policy file (check EEBOT_POLICY)") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise PolicyError(f"{path}: cannot be read: {exc.strerror}") from None


class _PolicyReader:
    """Turns the raw TOML tables into domain values, naming file and entry in every error."""

    def __init__(self, path: Path, raw: Mapping[str, Any]) -> None:
        self.path = path
        self.raw = raw

    def fail(self, entry: str, problem: str) -> PolicyError:
        return PolicyError(f"{self.path}: {entry}: {problem}")

    def table(self, entry: str, value: Any) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(entry, "must be a table")
        return value

    def days(self, entry: str, value: Any) -> Decimal:
        if not isinstance(value, int | float | str) or isinstance(value, bool):
            raise self.fail(entry, f"{value!r} is not a number of days")
        try:
            return days(value)
        except InvalidDays as exc:
            raise self.fail(entry, str(exc)) from None

    def read(self) -> Policy:
        header = self.table("[policy]", self.raw.get("policy"))
        calendar_name = header.get("calendar")
        if not isinstance(calendar_name, str):
            raise self.fail("[policy]", "calendar (the file of academic years) is missing")
        calendar = load_calendar(self.path.parent / calendar_name)
        pride_table = self.table("[pride]", self.raw.get("pride", {}))
        pride = {str(k): str(v) for k, v in pride_table.items()}
        categories = self.read_categories()
        activities = self.read_activities(pride)
        kinds = self.read_kinds(categories, activities)
        return Policy(
            name=str(header.get("name", "")),
            council=str(header.get("council", "")),
            source=str(header.get("source", "")),
            pride=pride,
            categories=categories,
            kinds=kinds,
            activities=activities,
            calendar=calendar,
            path=str(self.path),
        )

    def read_categories(self) -> dict[str, Category]:
        table = self.table("[categories]", self.raw.get("categories"))
        categories = {}
        for category_id, entry in table.items():
            entry = self.table(f"categories.{category_id}", entry)
            support = entry.get("support")
            if support not in ("low", "medium", "high"):
                raise self.fail(f"categories.{category_id}", "support must be low, medium or high")
            categories[category_id] = Category(
                category_id, support, str(entry.get("label", category_id))
            )
        if not categories:
            raise self.fail("[categories]", "no categories defined")
        return categories

    def read_activities(self, pride: Mapping[str, str]) -> dict[str, Activity]:
        table = self.table("[activities]", self.raw.get("activities"))
        activities = {}
        for activity_id, entry in table.items():
            where = f"activities.{activity_id}"
            entry = self.table(where, entry)
            if not entry.get("name"):
                raise self.fail(where, "name is missing")
            values = tuple(str(v) for v in entry.get("pride", ()))
            for value in values:
                if value not in pride:
                    raise self.fail(where, f"unknown PRIDE value {value!r}")
            costs = {}
            for audience, cost in self.table(f"{where}.cost", entry.get("cost", {})).items():
                if audience not in AUDIENCES:
                    raise self.fail(f"{where}.cost", f"unknown audience {audience!r}")
                costs[audience] = self.cost(f"{where}.cost.{audience}", cost)
            activities[activity_id] = Activity(
                id=activity_id,
                name=str(entry["name"]),
                replaces=str(entry.get("replaces", "")),
                pride=values,
                who=str(entry.get("who", "")),
                duration=str(entry.get("duration", "")),
                location=tuple(str(v) for v in entry.get("location", ())),
                rule=str(entry.get("rule", "")),
                costs=costs,
            )
        return activities

    def cost(self, where: str, value: Any) -> DayCost:
        table = self.table(where, value)
        unknown = set(table) - {"prep", "visit", "write_up"}
        if unknown:
            raise self.fail(
                where, f"unknown part {sorted(unknown)[0]!r}: use prep, visit, write_up"
            )
        return DayCost(
            prep=self.days(f"{where}.prep", table.get("prep", 0)),
            visit=self.days(f"{where}.visit", table.get("visit", 0)),
            write_up=self.days(f"{where}.write_up", table.get("write_up", 0)),
        )

    def read_kinds(
        self, categories: Mapping[str, Category], activities: Mapping[str, Activity]
    ) -> dict[str, Kind]:
        table = self.table("[kinds]", self.raw.get("kinds"))
        plans_table = self.table("[plans]", self.raw.get("plans"))
        kinds = {}
        for kind_id, entry in table.items():
            where = f"kinds.{kind_id}"
            entry = self.table(where, entry)
            audience = entry.get("audience")
            if audience not in AUDIENCES:
                raise self.fail(where, "audience must be school or setting")
            categorised = bool(entry.get("categorised", False))
            plans_name = entry.get("plans")
            if not isinstance(plans_name, str) or plans_name not in plans_table:
                raise self.fail(where, f"plans {plans_name!r} is not under [plans]")
            plans: dict[str, Plan] = {}
            allocations: dict[str, Decimal] = {}
            if categorised:
                by_category = self.table(f"{where}.days", entry.get("days"))
                for category_id in categories:
                    if category_id not in by_category:
                        raise self.fail(f"{where}.days", f"no days for category {category_id}")
                for category_id, value in by_category.items():
                    if category_id not in categories:
                        raise self.fail(f"{where}.days", f"unknown category {category_id!r}")
                    allocations[category_id] = self.days(f"{where}.days.{category_id}", value)
                plan_set = self.table(f"plans.{plans_name}", plans_table[plans_name])
                for category_id, allocation in allocations.items():
                    plan_where = f"plans.{plans_name}.{category_id}"
                    if category_id not in plan_set:
                        raise self.fail(plan_where, "no plan for this category")
                    plans[category_id] = self.plan(
                        plan_where, plan_set[category_id], allocation, audience, activities
                    )
            else:
                allocation = self.days(f"{where}.days", entry.get("days"))
                plans[""] = self.plan(
                    f"plans.{plans_name}", plans_table[plans_name], allocation, audience, activities
                )
            kinds[kind_id] = Kind(
                id=kind_id,
                label=str(entry.get("label", kind_id)),
                audience=audience,
                categorised=categorised,
                examples=tuple(str(v) for v in entry.get("examples", ())),
                basis=str(entry.get("basis", "")),
                allocations=allocations,
                plans=plans,
            )
        return kinds

    def plan(
        self,
        where: str,
        value: Any,
        allocation: Decimal,
        audience: str,
        activities: Mapping[str, Activity],
    ) -> Plan:
        table = self.table(where, value)
        raw_items = table.get("items", [])
        if not isinstance(raw_items, list):
            raise self.fail(where, "items must be a list")
        items = []
        for number, raw in enumerate(raw_items, start=1):
            item_where = f"{where} item {number}"
            raw = self.table(item_where, raw)
            activity_id = raw.get("activity")
            activity = activities.get(str(activity_id))
            if activity is None:
                raise self.fail(item_where, f"unknown activity {activity_id!r}")
            window = str(raw.get("half_term", ""))
            try:
                check_window(window)
            except CalendarError as exc:
                raise self.fail(item_where, str(exc)) from None
            if "days" in raw:
                cost = DayCost(visit=self.days(f"{item_where}.days", raw["days"]))
            elif audience in activity.costs:
                cost = activity.costs[audience]
            else:
                raise self.fail(
                    item_where, f"{activity.name} has no {audience} cost: give days for it here"
                )
            month = raw.get("month")
            if month is not None and (
                isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12
            ):
                raise self.fail(item_where, f"month {month!r} is not 1 to 12")
            items.append(
                PlanItem(activity.id, window, cost, month, str(raw.get("note", "")))
            )
        unplanned = self.days(f"{where}.unplanned_days", table.get("unplanned_days", 0))
        plan = Plan(
            id=where.removeprefix("plans."),
            allocation=allocation,
            items=tuple(items),
            unplanned_days=unplanned,
            note=str(table.get("note", "")),
        )
        planned = plan.planned_days
        if planned > allocation:
            raise self.fail(
                where,
                f"the plan costs {show(planned)} days, more than its allocation of "
                f"{show(allocation)}",
            )
        if total((planned, unplanned)) != allocation:
            left = allocation - planned
            raise self.fail(
                where,
                f"the plan costs {show(planned)} of {show(allocation)} days: state the other "
                f"{show(left)} as unplanned_days (it says {show(unplanned or ZERO)})",
            )
        return plan
