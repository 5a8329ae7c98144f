"""Import reports: what an import read, wrote, skipped and rejected, and why."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Rejection:
    """A row that was not imported: its physical line in the file (1-based) and why."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class Parsed(Generic[T]):
    """A file turned into good rows, before anything is written.

    `rows` pairs each good row with its line number; `read` counts every data row looked at.
    """

    rows: list[tuple[int, T]] = field(default_factory=list)
    read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    rejections: list[Rejection] = field(default_factory=list)
    closed: dict[str, str] = field(default_factory=dict)
    """URNs the register shows as no longer open, with the reason they were skipped: any of
    them already stored as open is marked closed."""
    _kept_at: dict[str, int] = field(default_factory=dict, repr=False)
    """The line each unique value of a kept row came from."""

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1

    def skip_closed(self, urn: str, reason: str) -> None:
        """Skip a row of an establishment that is no longer open, remembering its URN."""
        self.skip(reason)
        if urn:
            self.closed[urn] = reason

    def reject(self, line: int, reason: str) -> None:
        self.rejections.append(Rejection(line, reason))

    def keep(
        self, line: int, row: T | None, problems: list[str], *, unique: Sequence[str] = ()
    ) -> None:
        """Keep a good row, or reject it with every problem it has. A value in `unique` that an
        earlier kept row had is a problem too ('URN 104297 is also on line 12')."""
        values = [value for value in unique if value]
        problems = problems + [
            f"{value} is also on line {self._kept_at[value]}"
            for value in values
            if value in self._kept_at
        ]
        if row is None or problems:
            self.reject(line, "; ".join(problems))
            return
        for value in values:
            self._kept_at[value] = line
        self.rows.append((line, row))


@dataclass
class ImportReport:
    """The outcome of one import; read = created + updated + unchanged + skipped + rejected."""

    source: str
    """What was imported, e.g. 'GIAS edubasealldata20250422.csv'."""
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rejected: int = 0
    skip_reasons: dict[str, int] = field(default_factory=dict)
    """How many rows were skipped for each reason, e.g. {'other local authority': 24012}."""
    rejections: list[Rejection] = field(default_factory=list)
    """Each rejected row's line number and reason, in file order."""

    @classmethod
    def from_parsed(cls, source: str, parsed: Parsed[T]) -> ImportReport:
        """A report with the parse's counts filled in; the writer adds created/updated/unchanged."""
        return cls(
            source=source,
            read=parsed.read,
            skipped=sum(parsed.skipped.values()),
            rejected=len(parsed.rejections),
            skip_reasons=dict(parsed.skipped.most_common()),
            rejections=sorted(parsed.rejections, key=lambda r: r.line),
        )

    def reject(self, line: int, reason: str) -> None:
        """Reject a row found bad only at write time (e.g. an unknown URN), keeping line order."""
        self.rejections.append(Rejection(line, reason))
        self.rejections.sort(key=lambda r: r.line)
        self.rejected = len(self.rejections)

    def summary(self) -> str:
        """One paragraph for a person: the counts, then why rows were skipped or rejected."""
        text = (
            f"{self.source}: read {self.read}, created {self.created}, updated {self.updated}, "
            f"unchanged {self.unchanged}, skipped {self.skipped}, rejected {self.rejected}."
        )
        if self.skip_reasons:
            reasons = "; ".join(f"{reason} {count}" for reason, count in self.skip_reasons.items())
            text += f" Skipped: {reasons}."
        if self.rejections:
            shown = self.rejections[:5]
            listed = "; ".join(str(r) for r in shown)
            hidden = len(self.rejections) - len(shown)
            more = f"; and {hidden} more" if hidden else ""
            text += f" Rejected: {listed}{more}."
        return text

    def as_dict(self) -> dict[str, object]:
        """The report as JSON-ready data."""
        return {
            "source": self.source,
            "read": self.read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "rejected": self.rejected,
            "skip_reasons": dict(self.skip_reasons),
            "rejections": [{"line": r.line, "reason": r.reason} for r in self.rejections],
        }
