"""What several handlers share: which school a person means when they give no name."""

from __future__ import annotations

from bot.context import Context
from eecore.domain.errors import EebotError


def school_asked_for(context: Context, argument: str, usage: str) -> str:
    """The school named, or a head's or manager's own establishment when none is named."""
    if argument.strip():
        return argument.strip()
    own = context.own_establishment
    if own is not None:
        return own
    raise EebotError(f"which school? Try: {usage}")
