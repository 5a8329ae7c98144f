"""Finding an establishment from what a person typed: URN, name, part of it, or a near miss."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

_URN = re.compile(r"^(?:EY|SC)?\d{5,8}$", re.IGNORECASE)
_SYNONYMS = (
    (re.compile(r"\bsaint\b"), "st"),
    (re.compile(r"\bst\."), "st"),
    (re.compile(r"\bc\s*of\s*e\b|\bcofe\b|\bce\b"), "church of england"),
    (re.compile(r"&"), " and "),
)
FUZZY_ACCEPT = 85
FUZZY_SUGGEST = 50
# Words most names share; a near miss is judged on the words that tell schools apart.
GENERIC_WORDS = frozenset(
    [
        "school",
        "primary",
        "nursery",
        "infant",
        "junior",
        "academy",
        "the",
        "of",
        "and",
        "church",
        "england",
        "st",
        "catholic",
        "high",
        "college",
        "centre",
        "aided",
    ]
)


def looks_like_urn(text: str) -> bool:
    """True for a DfE URN (digits) or an Ofsted provider URN such as EY123456."""
    return bool(_URN.match(text.strip()))


def normalise(name: str) -> str:
    """A name reduced for comparison: lower case, no apostrophes or punctuation, common synonyms."""
    text = name.lower().replace("’", "'").replace("‘", "'")
    for pattern, replacement in _SYNONYMS:
        text = pattern.sub(replacement, text)
    text = text.replace("'", "")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class NameMatch:
    """What a query matched: one URN, several candidates, or none with suggestions."""

    urn: str | None = None
    candidates: tuple[tuple[str, str], ...] = ()
    suggestions: tuple[str, ...] = field(default_factory=tuple)


def _word_score(words: list[str], tokens: list[str]) -> float:
    """How well the words of a query match a name's words, each to its closest, on average."""
    telling = [w for w in words if w not in GENERIC_WORDS] or words
    if not tokens:
        return 0.0
    return sum(max(fuzz.ratio(w, t) for t in tokens) for w in telling) / len(telling)


def match_name(query: str, names: Sequence[tuple[str, str]]) -> NameMatch:
    """Match a query against (URN, name) pairs: URN, exact name, all words, then fuzzy."""
    wanted = query.strip()
    if not wanted:
        return NameMatch()
    if looks_like_urn(wanted):
        for urn, _ in names:
            if urn.upper() == wanted.upper():
                return NameMatch(urn=urn)
    key = normalise(wanted)
    normalised = [(urn, name, normalise(name)) for urn, name in names]

    exact = [(urn, name) for urn, name, norm in normalised if norm == key]
    if len(exact) == 1:
        return NameMatch(urn=exact[0][0])
    if exact:
        return NameMatch(candidates=tuple(exact))

    words = key.split()
    containing = [
        (urn, name)
        for urn, name, norm in normalised
        if words and all(any(token.startswith(w) for token in norm.split()) for w in words)
    ]
    if len(containing) == 1:
        return NameMatch(urn=containing[0][0])
    if containing:
        return NameMatch(candidates=tuple(containing))

    scored = sorted(
        (
            (_word_score(words, norm.split()), index)
            for index, (_, _, norm) in enumerate(normalised)
        ),
        reverse=True,
    )
    good = [(score, index) for score, index in scored[:5] if score >= FUZZY_SUGGEST]
    if good:
        best_score, best_index = good[0]
        runner_up = good[1][0] if len(good) > 1 else 0
        if best_score >= FUZZY_ACCEPT and best_score - runner_up >= 5:
            return NameMatch(urn=normalised[best_index][0])
    return NameMatch(suggestions=tuple(normalised[index][1] for _, index in good[:3]))
