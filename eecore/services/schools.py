"""Establishment read models: a school's profile and a paged search for the message extension."""

from __future__ import annotations

from datetime import date

from eecore.domain.access import check_can_see
from eecore.domain.categories import category_on
from eecore.domain.names import match_name, normalise
from eecore.domain.people import Person
from eecore.domain.policy import Policy
from eecore.domain.views import SchoolHit, SchoolProfile
from eecore.services.establishments import resolve
from eecore.store.uow import UnitOfWork


async def school_profile(
    uow: UnitOfWork,
    policy: Policy,
    school: str,
    today: date,
    viewer: Person | None = None,
    *,
    check_access: bool = False,
) -> SchoolProfile:
    """The profile of one establishment: kind, phase, category and since when, advisor, head."""
    async with uow:
        establishment = await resolve(uow, school)
        if viewer is not None:
            check_can_see(viewer, establishment.urn, establishment.name)
        kind = policy.kind(establishment.kind)
        history = await uow.categories.history(establishment.urn)
        current = category_on(history, today) if kind.categorised else None
        advisors = await uow.people.advisors_of(establishment.urn)
        heads = await uow.people.heads_of(establishment.urn)
        return SchoolProfile(
            urn=establishment.urn,
            name=establishment.name,
            kind=kind.id,
            kind_label=kind.label,
            phase=establishment.phase,
            la_name=establishment.la_name,
            status=establishment.status,
            category=current.category if current else None,
            category_since=current.effective_from if current else None,
            category_agreed_by=current.agreed_by if current else "",
            categorised=kind.categorised,
            advisors=tuple(sorted(p.name for p in advisors)),
            head=", ".join(sorted(p.name for p in heads)) or establishment.head_name,
            ofsted_outcome=establishment.ofsted_outcome,
            ofsted_date=establishment.ofsted_date,
        )


async def search_schools(
    uow: UnitOfWork, policy: Policy, query: str, today: date, *, skip: int = 0, count: int = 10
) -> list[SchoolHit]:
    """Open establishments whose URN or name matches a query, best first, one page at a time."""
    async with uow:
        names = await uow.establishments.names()
        wanted = query.strip()
        if not wanted:
            ordered = [urn for urn, _ in names]
        else:
            key = normalise(wanted)
            starts = [urn for urn, name in names if urn.upper().startswith(wanted.upper())]
            words = [
                urn
                for urn, name in names
                if urn not in starts
                and key
                and all(
                    any(token.startswith(w) for token in normalise(name).split())
                    for w in key.split()
                )
            ]
            ordered = starts + words
            if not ordered:
                match = match_name(wanted, names)
                lookup = {name: urn for urn, name in names}
                ordered = (
                    [match.urn]
                    if match.urn
                    else [lookup[n] for n in match.suggestions if n in lookup]
                )
        page = ordered[max(skip, 0) : max(skip, 0) + max(min(count, 25), 1)]
        found = await uow.establishments.get_many(page)
        histories = await uow.categories.histories(page)
        hits = []
        for urn in page:
            establishment = found[urn]
            kind = policy.kind(establishment.kind)
            current = category_on(histories.get(urn, []), today) if kind.categorised else None
            hits.append(
                SchoolHit(
                    urn=urn,
                    name=establishment.name,
                    kind_label=kind.label,
                    phase=establishment.phase,
                    category=current.category if current else None,
                )
            )
        return hits
