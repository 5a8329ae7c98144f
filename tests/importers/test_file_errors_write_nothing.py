"""Every importer: a file unreadable as a whole raises ImportFileError and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from eecore.domain.errors import ImportFileError
from eecore.importers import import_early_years, import_gias, import_people
from eecore.store.uow import UnitOfWork
from tests.importers.helpers import GIAS_COLUMNS, csv_text, gias_file, gias_row, write


async def _counts(uow: UnitOfWork) -> tuple[int, int]:
    async with uow:
        return await uow.establishments.count(), await uow.people.count()


async def test_file_errors_write_nothing(uow: UnitOfWork, tmp_path: Path) -> None:
    good = [gias_row("104300", "St Mary’s"), gias_row("104301", "Good Two")]

    utf16 = gias_file(tmp_path, good, encoding="utf-16", name="utf16.csv")
    with pytest.raises(ImportFileError, match=r"utf16\.csv is not a UTF-8 or Windows-1252 CSV"):
        await import_gias(uow, utf16, "336")

    no_urn = gias_file(tmp_path, good, columns=[c for c in GIAS_COLUMNS if c != "URN"])
    with pytest.raises(ImportFileError, match="no 'URN' column"):
        await import_gias(uow, no_urn, "336")

    # A bad character after the good rows: the good rows are not written either.
    broken = tmp_path / "broken.csv"
    text = csv_text(GIAS_COLUMNS, [*good, gias_row("104302", "B#d")]).encode("cp1252")
    broken.write_bytes(text.replace(b"B#d", b"B\x81d"))
    with pytest.raises(ImportFileError, match=r"broken\.csv is not"):
        await import_gias(uow, broken, "336")

    ofsted = write(
        tmp_path / "ofsted.csv",
        "Title\r\nProvider URN,Provider type,Provider name,Local authority\r\n"
        "EY1,Childminder,REDACTED,Wolverhampton\r\n",
        "utf-16",
    )
    with pytest.raises(ImportFileError, match=r"ofsted\.csv is not"):
        await import_early_years(uow, ofsted, "Wolverhampton")

    people = write(
        tmp_path / "people.csv",
        "name,email,entra_object_id,roles,establishment,caseload\r\n"
        "Siân,sian@example.org,,admin,,\r\n",
        "cp1252",
    )
    with pytest.raises(ImportFileError, match=r"people\.csv is not a UTF-8 CSV"):
        await import_people(uow, people)

    with pytest.raises(ImportFileError, match="does not exist"):
        await import_people(uow, tmp_path / "missing.csv")

    assert await _counts(uow) == (0, 0)

    # The same rows in a readable file do land, so the errors above were about the files.
    report = await import_gias(uow, gias_file(tmp_path, good), "336")
    assert report.created == 2
    assert await _counts(uow) == (2, 0)
