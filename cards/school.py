"""The school card: a school's or setting's profile at a glance."""

from __future__ import annotations

from typing import Any

from microsoft_teams.cards import CardElement, Fact, FactSet

from cards.actions import ShowLeft, ShowPlan
from cards.render import button, card, full_day, joined, text, title
from eecore.domain.establishments import CLOSED
from eecore.domain.views import SchoolProfile

SCHOOL_KINDS = frozenset({"la_school", "academy"})
"""Kinds led by a head; every other kind (settings, childminders, wrap-around) by a manager."""


def category_fact(profile: SchoolProfile) -> str:
    """The category and since when, 'Not categorised yet', or none for kinds without one."""
    if profile.category:
        since = f" since {full_day(profile.category_since)}" if profile.category_since else ""
        return f"{profile.category}{since}"
    return "Not categorised yet" if profile.categorised else "None for this kind"


def ofsted_fact(profile: SchoolProfile) -> str:
    """The last Ofsted outcome and its date, or 'not known'."""
    if not profile.ofsted_outcome:
        return "not known"
    if profile.ofsted_date is None:
        return profile.ofsted_outcome
    return f"{profile.ofsted_outcome} ({full_day(profile.ofsted_date)})"


def school_card(profile: SchoolProfile) -> dict[str, Any]:
    """A school's kind, phase, category, advisors, head and last Ofsted outcome, with buttons."""
    facts = [Fact(title="Category", value=category_fact(profile))]
    if profile.category and profile.category_agreed_by:
        facts.append(Fact(title="Agreed by", value=profile.category_agreed_by))
    advisors = ", ".join(profile.advisors) or "none allocated"
    facts.append(Fact(title="Advisors" if len(profile.advisors) > 1 else "Advisor", value=advisors))
    leader = "Head" if profile.kind in SCHOOL_KINDS else "Manager"
    facts.append(Fact(title=leader, value=profile.head or "not known"))
    facts.append(Fact(title="Ofsted", value=ofsted_fact(profile)))
    body: list[CardElement] = [
        title(profile.name),
        text(joined(f"URN {profile.urn}", profile.kind_label, profile.phase), subtle=True,
             spacing="None"),
    ]
    if profile.status == CLOSED:
        body.append(text("Closed", bold=True, colour="Attention"))
    body.append(FactSet(facts=facts, spacing="Medium"))
    return card(
        body,
        [button(ShowLeft(profile.urn)), button(ShowPlan(profile.urn))],
        summary=f"{profile.name} ({profile.urn})",
    )
