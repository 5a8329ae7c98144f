"""Finding establishments from what people type."""

from __future__ import annotations

from eecore.domain.errors import AmbiguousSchool, UnknownSchool
from eecore.domain.establishments import Establishment
from eecore.domain.names import match_name
from eecore.store.uow import UnitOfWork


async def resolve(uow: UnitOfWork, query: str) -> Establishment:
    """The one establishment a query names (URN, exact name, words of the name, near miss).

    Raises AmbiguousSchool listing the matches, or UnknownSchool with the closest names.
    Must be called inside an open unit of work.
    """
    wanted = query.strip()
    if not wanted:
        raise UnknownSchool(query)
    direct = await uow.establishments.get(wanted.upper())
    if direct is not None:
        return direct
    names = await uow.establishments.names(open_only=False)
    match = match_name(wanted, names)
    if match.urn is not None:
        found = await uow.establishments.get(match.urn)
        assert found is not None
        return found
    if match.candidates:
        raise AmbiguousSchool(wanted, match.candidates)
    raise UnknownSchool(wanted, match.suggestions)
