"""Early years importer: Ofsted's childcare providers MI into group settings and childminders."""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import date
from pathlib import Path

from eecore.domain.errors import EebotError
from eecore.domain.establishments import OPEN, Establishment
from eecore.importers.csvfiles import UTF8_OR_CP1252, Table, parse_date, read_text, table
from eecore.importers.gias import length_problems, save_establishments
from eecore.importers.report import ImportReport, Parsed
from eecore.store.uow import UnitOfWork

log = logging.getLogger(__name__)

URN = "Provider URN"
TYPE = "Provider type"
NAME = "Provider name"
LA = "Local authority"
STATUS = "Provider status"
REGISTERED = "Registration date"
OUTCOME = "Most recent full: Overall effectiveness"
INSPECTED = "Most recent full: Inspection date"
REQUIRED = (URN, TYPE, NAME, LA)

FIX = (
    "use Ofsted's 'Childcare providers and inspections: management information' provider-level "
    "CSV, whose header row starts with 'Provider URN'"
)
HEADER_WITHIN = 20
DATE_FORMATS = ("%d/%m/%Y",)
BLANK = {"", "null", "-", "n/a"}
PHASE = "Early years"

KINDS = {
    "childminder": "childminder",
    "home childcarer": "childminder",
    "childcare on non-domestic premises": "pvi",
    "childcare on domestic premises": "pvi",
}
_URN = re.compile(r"[A-Z]{0,4}[0-9]+")


def kind_of(provider_type: str) -> str | None:
    """Our kind for an Ofsted provider type, or None for providers the service does not serve."""
    return KINDS.get(provider_type.strip().lower())


def _is_header(cells: list[str]) -> bool:
    return bool(cells) and cells[0].strip().lstrip("\ufeff").strip().lower() == URN.lower()


def parse_early_years(path: Path, la_name: str) -> Parsed[Establishment]:
    """One LA's active childcare providers in an Ofsted MI file, without touching the database.

    Raises ImportFileError for a file that cannot be read at all.
    """
    text = read_text(path, encodings=UTF8_OR_CP1252, fix=FIX)
    return parse_early_years_text(text, la_name, file_name=path.name)


def parse_early_years_text(
    text: str, la_name: str, *, file_name: str = "the Ofsted file"
) -> Parsed[Establishment]:
    """As parse_early_years, from already-decoded text."""
    wanted_la = " ".join(la_name.split()).lower()
    if not wanted_la:
        raise EebotError("no local authority given: name the LA as Ofsted does, e.g. Wolverhampton")
    sheet = table(text, file_name, fix=FIX, is_header=_is_header, within=HEADER_WITHIN)
    sheet.require(REQUIRED, FIX)
    has_status = sheet.has(STATUS)
    parsed: Parsed[Establishment] = Parsed()
    for line, cells in sheet.records(parsed):
        if " ".join(sheet.cell(cells, LA).split()).lower() != wanted_la:
            parsed.skip("other local authority")
            continue
        if has_status:
            status = sheet.cell(cells, STATUS)
            if status.lower() != "active":
                urn = sheet.cell(cells, URN).strip().upper()
                parsed.skip_closed(urn, status.lower() or "no status given")
                continue
        provider_type = sheet.cell(cells, TYPE)
        kind = kind_of(provider_type)
        if kind is None:
            parsed.skip(f"not served: {provider_type or 'no type given'}")
            continue
        establishment, problems = _establishment(sheet, cells, kind)
        unique = [f"{URN} {establishment.urn}"] if establishment is not None else []
        parsed.keep(line, establishment, problems, unique=unique)
    return parsed


def _establishment(
    sheet: Table, cells: list[str], kind: str
) -> tuple[Establishment | None, list[str]]:
    """The provider on one row, and every reason it cannot be imported."""
    problems: list[str] = []
    urn = sheet.cell(cells, URN).upper()
    if not urn:
        problems.append(f"{URN} is missing")
    elif not _URN.fullmatch(urn):
        problems.append(
            f"{URN} {urn!r} is not a URN (digits, or letters then digits like EY123456)"
        )
    name = " ".join(sheet.cell(cells, NAME).split())
    if name.upper() == "REDACTED" or (kind == "childminder" and not name):
        name = f"Childminder {urn}"
    elif not name:
        problems.append(f"{NAME} is missing")
    establishment = Establishment(
        urn=urn,
        name=name,
        kind=kind,
        phase=PHASE,
        la_name=" ".join(sheet.cell(cells, LA).split()),
        status=OPEN,
        opened_on=_date(sheet.cell(cells, REGISTERED), REGISTERED, problems),
        ofsted_outcome=_optional(sheet.cell(cells, OUTCOME)),
        ofsted_date=_date(sheet.cell(cells, INSPECTED), INSPECTED, problems),
        source="ofsted",
    )
    problems.extend(length_problems(establishment))
    return (None if problems else establishment), problems


def _optional(text: str) -> str:
    return "" if text.lower() in BLANK else text


def _date(text: str, column: str, problems: list[str]) -> date | None:
    try:
        return parse_date(_optional(text), DATE_FORMATS, column)
    except ValueError as error:
        problems.append(str(error))
        return None


async def import_early_years(uow: UnitOfWork, path: Path, la_name: str) -> ImportReport:
    """Import one LA's active childminders and group settings from Ofsted's MI; safe to rerun.

    The whole file is read and checked before anything is written; all good rows are then
    written and committed together.
    """
    parsed = await asyncio.to_thread(parse_early_years, path, la_name)  # file I/O off the loop
    report = ImportReport.from_parsed(f"Ofsted early years {path.name}", parsed)
    await save_establishments(uow, parsed, report)
    log.info("%s", report.summary())
    return report
