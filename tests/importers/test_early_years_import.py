"""Ofsted early years import: title lines, redacted childminders, LA filter and upserts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from eecore.domain.errors import EebotError, ImportFileError
from eecore.domain.establishments import Establishment
from eecore.importers import import_early_years, parse_early_years
from eecore.importers.early_years import kind_of
from eecore.store.uow import UnitOfWork
from tests.importers.helpers import csv_text, write

COLUMNS = (
    "Provider URN", "Provider type", "Provider subtype", "Provider name", "Provider status",
    "Registration date", "Local authority", "Region",
    "Most recent full: Inspection date", "Most recent full: Overall effectiveness",
)
TITLES = (
    ("Childcare providers and inspections: management information",),
    ("Data as at 31 March 2025",),
    ("Source: Ofsted",),
)


def provider(urn: str, name: str, provider_type: str = "Childcare on non-domestic premises",
             **overrides: str) -> dict[str, str]:
    row = {
        "Provider URN": urn,
        "Provider type": provider_type,
        "Provider subtype": "Full day care",
        "Provider name": name,
        "Provider status": "Active",
        "Registration date": "03/06/2014",
        "Local authority": "Wolverhampton",
        "Region": "West Midlands",
        "Most recent full: Inspection date": "21/11/2022",
        "Most recent full: Overall effectiveness": "Good",
    }
    row.update(overrides)
    return row


def ofsted_file(tmp_path: Path, rows: Sequence[dict[str, str] | Sequence[str]], *,
                encoding: str = "utf-8-sig", columns: Sequence[str] = COLUMNS,
                titles: Sequence[Sequence[str]] = TITLES) -> Path:
    text = csv_text(columns, rows, quote_all=False, before=titles)
    return write(tmp_path / "childcare_providers_mi.csv", text, encoding)


def _rows(path: Path) -> dict[str, Establishment]:
    return {e.urn: e for _, e in parse_early_years(path, "Wolverhampton").rows}


@pytest.mark.parametrize(
    ("provider_type", "kind"),
    [
        ("Childminder", "childminder"),
        ("Home childcarer", "childminder"),
        ("Childcare on non-domestic premises", "pvi"),
        ("childcare on domestic premises", "pvi"),
        ("Childcare Register only", None),
    ],
)
def test_kind_of(provider_type: str, kind: str | None) -> None:
    assert kind_of(provider_type) == kind


def test_three_title_lines_redacted_childminder_and_fields(tmp_path: Path) -> None:
    path = ofsted_file(
        tmp_path,
        [
            provider(" ey123456 ", "REDACTED", "Childminder", **{"Provider subtype": ""}),
            provider("2500001", "Little Stars Nursery", **{"Local authority": "WOLVERHAMPTON"}),
        ],
    )
    rows = _rows(path)
    assert rows["EY123456"] == Establishment(
        urn="EY123456", name="Childminder EY123456", kind="childminder", phase="Early years",
        la_name="Wolverhampton", status="open", opened_on=date(2014, 6, 3),
        ofsted_outcome="Good", ofsted_date=date(2022, 11, 21), source="ofsted",
    )
    assert rows["2500001"].name == "Little Stars Nursery"
    assert rows["2500001"].kind == "pvi"


def test_la_filter_status_and_type_skips(tmp_path: Path) -> None:
    path = ofsted_file(
        tmp_path,
        [
            provider("EY100001", "Kept Nursery"),
            provider("EY100002", "Dudley Nursery", **{"Local authority": "Dudley"}),
            provider("EY100003", "Gone Nursery", **{"Provider status": "Resigned"}),
            provider("EY100004", "Odd One", "Childcare on domestic premises",
                     **{"Provider status": "Suspended"}),
            provider("EY100005", "Register Only", "Childcare Register only"),
        ],
    )
    parsed = parse_early_years(path, " wolverhampton ")
    assert [e.urn for _, e in parsed.rows] == ["EY100001"]
    assert parsed.read == 5
    assert dict(parsed.skipped) == {
        "other local authority": 1,
        "resigned": 1,
        "suspended": 1,
        "not served: Childcare Register only": 1,
    }


def test_without_status_or_inspection_columns_every_provider_is_kept(tmp_path: Path) -> None:
    columns = ("Provider URN", "Provider type", "Provider name", "Local authority")
    path = ofsted_file(
        tmp_path,
        [["EY100001", "Childminder", "REDACTED", "Wolverhampton"],
         ["EY100002", "Home childcarer", "", "Wolverhampton"]],
        columns=columns, titles=TITLES[:2],
    )
    rows = _rows(path)
    assert rows["EY100002"].name == "Childminder EY100002"
    assert (rows["EY100001"].ofsted_outcome, rows["EY100001"].ofsted_date) == ("", None)


def test_bad_rows_are_rejected_with_lines_counting_titles(tmp_path: Path) -> None:
    path = ofsted_file(
        tmp_path,
        [
            provider("EY100001", "Good Nursery"),                                    # line 5
            provider("EY100002", "Bad Date", **{"Registration date": "2014-06-03"}),  # line 6
            provider("EY-1", "Bad URN"),                                             # line 7
            provider("EY100003", ""),                                                # line 8
            provider("EY100004", "Null Inspection",
                     **{"Most recent full: Inspection date": "NULL",
                        "Most recent full: Overall effectiveness": "NULL"}),          # line 9
        ],
    )
    parsed = parse_early_years(path, "Wolverhampton")
    assert [(line, e.urn) for line, e in parsed.rows] == [(5, "EY100001"), (9, "EY100004")]
    assert parsed.rows[1][1].ofsted_date is None
    assert parsed.rows[1][1].ofsted_outcome == ""
    assert [(r.line, r.reason) for r in parsed.rejections] == [
        (6, "Registration date '2014-06-03' is not a date (dd/mm/yyyy)"),
        (7, "Provider URN 'EY-1' is not a URN (digits, or letters then digits like EY123456)"),
        (8, "Provider name is missing"),
    ]


def test_cp1252_file_decodes(tmp_path: Path) -> None:
    path = ofsted_file(tmp_path, [provider("EY100001", "Tots’ Café")], encoding="cp1252")
    assert b"Tots\x92 Caf\xe9" in path.read_bytes()
    assert _rows(path)["EY100001"].name == "Tots’ Café"


def test_no_header_in_first_20_lines_is_a_file_error(tmp_path: Path) -> None:
    titles = [(f"note {n}",) for n in range(20)]
    path = ofsted_file(tmp_path, [provider("EY100001", "A")], titles=titles)
    with pytest.raises(ImportFileError, match="no header row in its first 20 lines"):
        parse_early_years(path, "Wolverhampton")


def test_missing_column_is_named(tmp_path: Path) -> None:
    columns = [c for c in COLUMNS if c != "Local authority"]
    path = ofsted_file(tmp_path, [provider("EY100001", "A")], columns=columns)
    with pytest.raises(ImportFileError, match="no 'Local authority' column"):
        parse_early_years(path, "Wolverhampton")


def test_utf16_is_a_file_error(tmp_path: Path) -> None:
    path = ofsted_file(tmp_path, [provider("EY100001", "A")], encoding="utf-16")
    with pytest.raises(ImportFileError, match="not a UTF-8 or Windows-1252 CSV"):
        parse_early_years(path, "Wolverhampton")


def test_blank_la_name_is_refused(tmp_path: Path) -> None:
    path = ofsted_file(tmp_path, [provider("EY100001", "A")])
    with pytest.raises(EebotError, match="no local authority given"):
        parse_early_years(path, " ")


async def test_import_then_rerun_then_edit(uow: UnitOfWork, tmp_path: Path) -> None:
    rows = [
        provider("EY123456", "REDACTED", "Childminder"),
        provider("2500001", "Little Stars Nursery"),
        provider("EY100002", "Dudley Nursery", **{"Local authority": "Dudley"}),
        provider("EY100003", "Bad", **{"Registration date": "yesterday"}),
    ]
    first = await import_early_years(uow, ofsted_file(tmp_path, rows), "Wolverhampton")
    assert (first.read, first.created, first.skipped, first.rejected) == (4, 2, 1, 1)
    assert [r.line for r in first.rejections] == [8]
    async with uow:
        childminder = await uow.establishments.get("EY123456")
    assert childminder is not None
    assert (childminder.name, childminder.kind, childminder.source) == (
        "Childminder EY123456", "childminder", "ofsted",
    )

    again = await import_early_years(uow, ofsted_file(tmp_path, rows), "Wolverhampton")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)

    rows[1] = provider("2500001", "Little Stars Nursery", **{
        "Most recent full: Overall effectiveness": "Outstanding",
    })
    edited = await import_early_years(uow, ofsted_file(tmp_path, rows), "Wolverhampton")
    assert (edited.created, edited.updated, edited.unchanged) == (0, 1, 1)
    async with uow:
        nursery = await uow.establishments.get("2500001")
        assert await uow.establishments.count() == 2
    assert nursery is not None and nursery.ofsted_outcome == "Outstanding"
