"""GIAS importer: the DfE 'Get Information about Schools' extract into one LA's open schools."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from eecore.domain.errors import EebotError
from eecore.domain.establishments import CLOSED, OPEN, Establishment
from eecore.importers.csvfiles import UTF8_OR_CP1252, Table, parse_date, read_text, table
from eecore.importers.report import ImportReport, Parsed
from eecore.store.uow import UnitOfWork

log = logging.getLogger(__name__)

URN = "URN"
LA_CODE = "LA (code)"
LA_NAME = "LA (name)"
NAME = "EstablishmentName"
TYPE = "TypeOfEstablishment (name)"
STATUS = "EstablishmentStatus (name)"
PHASE = "PhaseOfEducation (name)"
HEAD_TITLE = "HeadTitle (name)"
HEAD_FIRST = "HeadFirstName"
HEAD_LAST = "HeadLastName"
OPEN_DATE = "OpenDate"
OFSTED_RATING = "OfstedRating (name)"
OFSTED_DATE = "OfstedLastInsp"
REQUIRED = (URN, LA_CODE, NAME, TYPE, STATUS)

FIX = (
    "download the establishment fields CSV (edubasealldataYYYYMMDD.csv) from Get Information "
    "about Schools and import it as downloaded, without opening and saving it in Excel"
)
DATE_FORMATS = ("%d-%m-%Y",)
NOT_GIVEN = {"not applicable", "not recorded", "n/a"}

OPEN_STATUSES = {"open", "open, but proposed to close"}
ACADEMY_TYPES = {"university technical college", "studio schools"}
LA_MAINTAINED_TYPES = {
    "community school",
    "voluntary aided school",
    "voluntary controlled school",
    "foundation school",
    "local authority nursery school",
    "community special school",
    "foundation special school",
    "pupil referral unit",
}

FIELD_LENGTHS = {
    "urn": 20, "name": 200, "phase": 60, "la_code": 10, "la_name": 100, "head_name": 200,
    "ofsted_outcome": 100,
}
"""The establishment table's column widths: a longer value is rejected, not truncated."""

_BATCH = 500


def kind_of(type_name: str) -> str | None:
    """Our kind for a GIAS TypeOfEstablishment, or None for those the service does not serve."""
    wanted = type_name.strip().lower()
    if "academy" in wanted or "free school" in wanted or wanted in ACADEMY_TYPES:
        return "academy"
    if wanted in LA_MAINTAINED_TYPES:
        return "la_school"
    return None


def head_name(title: str, first: str, last: str) -> str:
    """'Mrs Jane Smith' from the parts GIAS gives, leaving out empty and 'Not applicable' parts."""
    parts = (title, first, last)
    return " ".join(p for p in (part.strip() for part in parts) if p and p.lower() not in NOT_GIVEN)


def length_problems(establishment: Establishment) -> list[str]:
    """Why an establishment's text would not fit the database, one reason per field."""
    problems = []
    for name, limit in FIELD_LENGTHS.items():
        value = str(getattr(establishment, name))
        if len(value) > limit:
            problems.append(f"{name} is {len(value)} characters long (at most {limit})")
    return problems


def parse_gias(path: Path, la_code: str) -> Parsed[Establishment]:
    """The open, served establishments of one LA in a GIAS extract, without touching the database.

    Raises ImportFileError for a file that cannot be read at all.
    """
    text = read_text(path, encodings=UTF8_OR_CP1252, fix=FIX)
    return parse_gias_text(text, la_code, file_name=path.name)


def parse_gias_text(
    text: str, la_code: str, *, file_name: str = "the GIAS file"
) -> Parsed[Establishment]:
    """As parse_gias, from already-decoded text."""
    wanted_la = la_code.strip()
    if not (wanted_la.isascii() and wanted_la.isdigit()):
        raise EebotError(
            f"LA code {la_code!r} is not a number: give the DfE LA code, e.g. 336 for Wolverhampton"
        )
    sheet = table(text, file_name, fix=FIX)
    sheet.require(REQUIRED, FIX)
    parsed: Parsed[Establishment] = Parsed()
    for line, cells in sheet.records(parsed):
        if sheet.cell(cells, LA_CODE) != wanted_la:
            parsed.skip("other local authority")
            continue
        status = sheet.cell(cells, STATUS)
        if status.lower() not in OPEN_STATUSES:
            parsed.skip_closed(sheet.cell(cells, URN), status.lower() or "no status given")
            continue
        type_name = sheet.cell(cells, TYPE)
        kind = kind_of(type_name)
        if kind is None:
            parsed.skip(f"not served: {type_name or 'no type given'}")
            continue
        establishment, problems = _establishment(sheet, cells, kind, wanted_la)
        unique = [f"URN {establishment.urn}"] if establishment is not None else []
        parsed.keep(line, establishment, problems, unique=unique)
    return parsed


def _establishment(
    sheet: Table, cells: list[str], kind: str, la_code: str
) -> tuple[Establishment | None, list[str]]:
    """The establishment on one row, and every reason it cannot be imported."""
    problems: list[str] = []
    urn = sheet.cell(cells, URN)
    if not urn:
        problems.append("URN is missing")
    elif not (urn.isascii() and urn.isdigit()):
        problems.append(f"URN {urn!r} is not a number")
    name = " ".join(sheet.cell(cells, NAME).split())
    if not name:
        problems.append(f"{NAME} is missing")
    opened_on = _date(sheet.cell(cells, OPEN_DATE), OPEN_DATE, problems)
    ofsted_date = _date(sheet.cell(cells, OFSTED_DATE), OFSTED_DATE, problems)
    phase = sheet.cell(cells, PHASE)
    establishment = Establishment(
        urn=urn,
        name=name,
        kind=kind,
        phase="" if phase.lower() in NOT_GIVEN else phase,
        la_code=la_code,
        la_name=sheet.cell(cells, LA_NAME),
        status=OPEN,
        head_name=head_name(
            sheet.cell(cells, HEAD_TITLE), sheet.cell(cells, HEAD_FIRST),
            sheet.cell(cells, HEAD_LAST),
        ),
        opened_on=opened_on,
        ofsted_outcome=sheet.cell(cells, OFSTED_RATING),
        ofsted_date=ofsted_date,
        source="gias",
    )
    problems.extend(length_problems(establishment))
    return (None if problems else establishment), problems


def _date(text: str, column: str, problems: list[str]) -> date | None:
    try:
        return parse_date(text, DATE_FORMATS, column)
    except ValueError as error:
        problems.append(str(error))
        return None


async def save_establishments(
    uow: UnitOfWork, parsed: Parsed[Establishment], report: ImportReport
) -> None:
    """Upsert the parsed establishments by URN in one transaction, counting what changed.

    An establishment already stored as open that the register now shows as closed is marked
    closed (counted as updated, not skipped), so a re-import keeps the list of open schools true.
    """
    if not parsed.rows and not parsed.closed:
        return
    async with uow:
        existing: dict[str, Establishment] = {}
        for batch in _batches([e.urn for _, e in parsed.rows]):
            existing.update(await uow.establishments.get_many(batch))
        for _, establishment in parsed.rows:
            stored = existing.get(establishment.urn)
            if stored is None:
                report.created += 1
            elif stored.same_register_details(establishment):
                report.unchanged += 1
                continue
            else:
                report.updated += 1
            await uow.establishments.save(establishment)
        await _close(uow, parsed.closed, report)
        await uow.commit()


async def _close(uow: UnitOfWork, closed: dict[str, str], report: ImportReport) -> None:
    for batch in _batches(list(closed)):
        for urn, stored in (await uow.establishments.get_many(batch)).items():
            if stored.status == CLOSED:
                continue
            stored.status = CLOSED
            await uow.establishments.save(stored)
            reason = closed[urn]
            report.updated += 1
            report.skipped -= 1
            report.skip_reasons[reason] -= 1
            if not report.skip_reasons[reason]:
                del report.skip_reasons[reason]


def _batches(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _BATCH):
        yield items[start : start + _BATCH]


async def import_gias(uow: UnitOfWork, path: Path, la_code: str) -> ImportReport:
    """Import one LA's open schools and academies from a GIAS extract; safe to rerun.

    The whole file is read and checked before anything is written; all good rows are then
    written and committed together.
    """
    parsed = await asyncio.to_thread(parse_gias, path, la_code)  # file I/O off the loop
    report = ImportReport.from_parsed(f"GIAS {path.name}", parsed)
    await save_establishments(uow, parsed, report)
    log.info("%s", report.summary())
    return report
