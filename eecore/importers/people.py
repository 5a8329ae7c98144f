"""People importer: a CSV of staff, heads and managers with their roles and caseloads."""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from eecore.domain.people import Person, Role, RoleGrant, parse_role
from eecore.importers.csvfiles import UTF8, read_text, table
from eecore.importers.report import ImportReport, Parsed
from eecore.store.uow import UnitOfWork

log = logging.getLogger(__name__)

COLUMNS = ("name", "email", "entra_object_id", "roles", "establishment", "caseload")
FIX = (
    "save it from Excel as 'CSV UTF-8 (Comma delimited)' with the header "
    + ",".join(COLUMNS)
)
NAME_LENGTH = 200
EMAIL_LENGTH = 254
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_BATCH = 500


@dataclass(frozen=True)
class PersonEntry:
    """One good row of a people file: who, and the roles and caseload they should have."""

    name: str
    email: str = ""
    """Lower-case, or '' when not given."""
    entra_object_id: str = ""
    """Lower-case, or '' when not given."""
    roles: frozenset[RoleGrant] = frozenset()
    caseload: frozenset[str] = frozenset()

    @property
    def urns(self) -> set[str]:
        """Every establishment the row names, which must all be in the database."""
        return {g.urn for g in self.roles if g.urn} | set(self.caseload)


def parse_people(path: Path) -> Parsed[PersonEntry]:
    """The rows of a people file, checked as far as can be without the database.

    Raises ImportFileError for a file that cannot be read at all.
    """
    text = read_text(path, encodings=UTF8, fix=FIX)
    return parse_people_text(text, file_name=path.name)


def parse_people_text(text: str, *, file_name: str = "the people file") -> Parsed[PersonEntry]:
    """As parse_people, from already-decoded text."""
    sheet = table(text, file_name, fix=FIX)
    sheet.require(COLUMNS, FIX)
    parsed: Parsed[PersonEntry] = Parsed()
    for line, cells in sheet.records(parsed):
        values = {column: sheet.cell(cells, column) for column in COLUMNS}
        entry, problems = entry_of(values)
        parsed.keep(line, entry, problems, unique=(entry.email, entry.entra_object_id))
    return parsed


def entry_of(values: dict[str, str]) -> tuple[PersonEntry, list[str]]:
    """A row's person, and every reason the row cannot be imported (none: the entry is good)."""
    problems: list[str] = []
    name = " ".join(values.get("name", "").split())
    email = values.get("email", "").strip().lower()
    object_id = values.get("entra_object_id", "").strip().lower()
    establishment = values.get("establishment", "").strip().upper()
    if not name:
        problems.append("name is missing")
    elif len(name) > NAME_LENGTH:
        problems.append(f"name is {len(name)} characters long (at most {NAME_LENGTH})")
    if not email and not object_id:
        problems.append("give an email or an entra_object_id")
    if email and not _EMAIL.fullmatch(email):
        problems.append(f"email {email!r} is not an email address")
    elif len(email) > EMAIL_LENGTH:
        problems.append(f"email is {len(email)} characters long (at most {EMAIL_LENGTH})")
    if object_id and not _GUID.fullmatch(object_id):
        problems.append(
            f"entra_object_id {object_id!r} is not an Entra object id "
            "(like 0a1b2c3d-0000-4000-8000-1234567890ab)"
        )
    roles: set[Role] = set()
    for text in _split(values.get("roles", "")):
        try:
            roles.add(parse_role(text))
        except ValueError as error:
            problems.append(str(error))
    leads = sorted(role.value for role in roles if role.needs_establishment)
    if leads and not establishment:
        problems.append(f"role {' and '.join(leads)} needs the establishment's URN")
    if establishment and not leads:
        problems.append(f"establishment {establishment} given, but no head or manager role")
    caseload = frozenset(urn.upper() for urn in _split(values.get("caseload", "")))
    if caseload and not any(role.is_advisor for role in roles):
        advisors = ", ".join(role.value for role in Role if role.is_advisor)
        problems.append(f"caseload given, but no advisor role ({advisors})")
    grants = frozenset(
        RoleGrant(role, establishment if role.needs_establishment else None) for role in roles
    )
    entry = PersonEntry(name, email, object_id, grants, caseload)
    return entry, problems


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _person(entry: PersonEntry, stored: Person | None) -> Person:
    """The person to save: the row's name, roles and caseload; ids the row leaves out are kept."""
    return Person(
        id=stored.id if stored else None,
        name=entry.name,
        email=entry.email or (stored.email if stored else ""),
        entra_object_id=entry.entra_object_id or (stored.entra_object_id if stored else ""),
        roles=set(entry.roles),
        caseload=set(entry.caseload),
    )


def _same(stored: Person, person: Person) -> bool:
    return (
        stored.name, stored.email.lower(), stored.entra_object_id.lower(), stored.roles,
        stored.caseload,
    ) == (
        person.name, person.email.lower(), person.entra_object_id.lower(), person.roles,
        person.caseload,
    )


async def import_people(uow: UnitOfWork, path: Path) -> ImportReport:
    """Create or update people by Entra object id, else email, replacing roles and caseloads.

    Every row is checked, against the database too, before any is written; all good rows are
    then written and committed together.
    """
    parsed = await asyncio.to_thread(parse_people, path)  # file I/O off the loop
    report = ImportReport.from_parsed(f"people {path.name}", parsed)
    if not parsed.rows:
        log.info("%s", report.summary())
        return report
    async with uow:
        wanted = sorted(set().union(*(entry.urns for _, entry in parsed.rows)))
        known: set[str] = set()
        for start in range(0, len(wanted), _BATCH):
            known.update(await uow.establishments.get_many(wanted[start : start + _BATCH]))
        claimed: dict[int, int] = {}
        to_save: list[Person] = []
        for line, entry in parsed.rows:
            missing = sorted(entry.urns - known)
            if missing:
                report.reject(
                    line,
                    f"no establishment with URN {', '.join(missing)}: check the URN, "
                    "or import GIAS or Ofsted first",
                )
                continue
            stored, conflict = await _stored(uow, entry)
            if conflict:
                report.reject(line, conflict)
                continue
            if stored is not None and stored.id is not None:
                if stored.id in claimed:
                    report.reject(line, f"same person as line {claimed[stored.id]}")
                    continue
                claimed[stored.id] = line
            person = _person(entry, stored)
            if stored is None:
                report.created += 1
            elif _same(stored, person):
                report.unchanged += 1
                continue
            else:
                report.updated += 1
            to_save.append(person)
        for person in to_save:
            await uow.people.save(person)
        await uow.commit()
    log.info("%s", report.summary())
    return report


async def _stored(uow: UnitOfWork, entry: PersonEntry) -> tuple[Person | None, str]:
    """The stored person a row is about (by Entra object id, else email), or why it is ambiguous."""
    by_email = await uow.people.by_email(entry.email) if entry.email else None
    by_id = (
        await uow.people.by_entra_object_id(entry.entra_object_id)
        if entry.entra_object_id else None
    )
    if by_id is not None:
        if by_email is not None and by_email.id != by_id.id:
            return None, (
                f"email {entry.email} belongs to {by_email.name}, but entra_object_id "
                f"{entry.entra_object_id} to {by_id.name}"
            )
        return by_id, ""
    if (
        by_email is not None and entry.entra_object_id and by_email.entra_object_id
        and by_email.entra_object_id.lower() != entry.entra_object_id
    ):
        return None, (
            f"email {entry.email} belongs to {by_email.name}, who has a different "
            "entra_object_id: check which of the two is right"
        )
    return by_email, ""
