"""GIAS import: decoding, filtering, rejections with line numbers, and idempotent upserts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eecore.domain.errors import EebotError, ImportFileError
from eecore.domain.establishments import Establishment
from eecore.importers import import_gias, parse_gias
from eecore.importers.gias import FIELD_LENGTHS, head_name, kind_of
from eecore.store.tables import EstablishmentRow
from eecore.store.uow import UnitOfWork
from tests.importers.helpers import GIAS_COLUMNS, csv_text, gias_file, gias_row, write

ST_MARYS = "St Mary’s Catholic Primary School"


def _rows(path: Path, la_code: str = "336") -> dict[str, Establishment]:
    return {e.urn: e for _, e in parse_gias(path, la_code).rows}


# --- decoding -------------------------------------------------------------------------------


def test_cp1252_curly_apostrophe_decodes(tmp_path: Path) -> None:
    path = gias_file(tmp_path, [gias_row("104300", ST_MARYS)], encoding="cp1252")
    assert b"St Mary\x92s" in path.read_bytes()
    assert _rows(path)["104300"].name == ST_MARYS


def test_utf8_with_bom_decodes(tmp_path: Path) -> None:
    path = gias_file(tmp_path, [gias_row("104300", ST_MARYS)], encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert _rows(path)["104300"].name == ST_MARYS


def test_utf8_without_bom_decodes(tmp_path: Path) -> None:
    path = gias_file(tmp_path, [gias_row("104300", "Ysgol Gymraeg Dŵr")], encoding="utf-8")
    assert _rows(path)["104300"].name == "Ysgol Gymraeg Dŵr"


def test_utf16_is_a_file_error(tmp_path: Path) -> None:
    path = gias_file(tmp_path, [gias_row("104300", ST_MARYS)], encoding="utf-16")
    with pytest.raises(ImportFileError, match="not a UTF-8 or Windows-1252 CSV"):
        parse_gias(path, "336")


def test_bytes_that_fit_neither_encoding_are_a_file_error(tmp_path: Path) -> None:
    # 0x81 is undefined in Windows-1252 and not valid UTF-8 on its own.
    text = csv_text(GIAS_COLUMNS, [gias_row("104300", "Bad")]).encode("ascii")
    path = tmp_path / "bad.csv"
    path.write_bytes(text.replace(b"Bad", b"B\x81d"))
    with pytest.raises(ImportFileError, match=r"bad\.csv is not a UTF-8 or Windows-1252 CSV"):
        parse_gias(path, "336")


def test_missing_file_is_a_file_error(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="does not exist"):
        parse_gias(tmp_path / "nope.csv", "336")


def test_empty_file_is_a_file_error(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.csv", "\r\n", "cp1252")
    with pytest.raises(ImportFileError, match=r"empty\.csv is empty"):
        parse_gias(path, "336")


def test_missing_required_column_is_named(tmp_path: Path) -> None:
    columns = [c for c in GIAS_COLUMNS if c != "EstablishmentStatus (name)"]
    path = gias_file(tmp_path, [gias_row("104300", "A")], columns=columns)
    with pytest.raises(ImportFileError, match=r"no 'EstablishmentStatus \(name\)' column"):
        parse_gias(path, "336")


def test_file_error_is_one_line(tmp_path: Path) -> None:
    columns = [c for c in GIAS_COLUMNS if c not in ("URN", "EstablishmentName")]
    path = gias_file(tmp_path, [gias_row("104300", "A")], columns=columns)
    with pytest.raises(ImportFileError) as caught:
        parse_gias(path, "336")
    message = str(caught.value)
    assert "\n" not in message
    assert "'URN', 'EstablishmentName' columns" in message
    assert "Get Information about Schools" in message


def test_la_code_must_be_a_number(tmp_path: Path) -> None:
    path = gias_file(tmp_path, [gias_row("104300", "A")])
    with pytest.raises(EebotError, match="LA code 'Wolverhampton' is not a number"):
        parse_gias(path, "Wolverhampton")


# --- mapping and filtering ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_name", "kind"),
    [
        ("Academy converter", "academy"),
        ("Academy sponsor led", "academy"),
        ("Academy special converter", "academy"),
        ("Free schools", "academy"),
        ("Free schools special", "academy"),
        ("FREE SCHOOLS ALTERNATIVE PROVISION", "academy"),
        ("University technical college", "academy"),
        ("Studio schools", "academy"),
        ("Community school", "la_school"),
        ("voluntary aided school", "la_school"),
        ("Voluntary controlled school", "la_school"),
        ("Foundation school", "la_school"),
        ("Local authority nursery school", "la_school"),
        ("Community special school", "la_school"),
        ("Foundation special school", "la_school"),
        ("Pupil referral unit", "la_school"),
        ("Other independent school", None),
        ("Further education", None),
        ("Non-maintained special school", None),
        ("Welsh establishment", None),
        ("Online provider", None),
    ],
)
def test_kind_of(type_name: str, kind: str | None) -> None:
    assert kind_of(type_name) == kind


def test_head_name_skips_empty_parts() -> None:
    assert head_name("Mrs", "Jane", "Smith") == "Mrs Jane Smith"
    assert head_name("", "Jane", "Smith") == "Jane Smith"
    assert head_name("Not applicable", " ", "Smith") == "Smith"
    assert head_name("", "", "") == ""


def test_fields_are_mapped(tmp_path: Path) -> None:
    path = gias_file(
        tmp_path,
        [
            gias_row("104300", "  Low   Hill Nursery School ", OpenDate="01-09-1975",
                     **{"PhaseOfEducation (name)": "Nursery",
                        "TypeOfEstablishment (name)": "Local authority nursery school"}),
            gias_row("140001", "Moreton School", **{
                "TypeOfEstablishment (name)": "Academy sponsor led",
                "EstablishmentStatus (name)": "Open, but proposed to close",
                "PhaseOfEducation (name)": "Not applicable",
                "HeadTitle (name)": "", "HeadFirstName": "Sam", "HeadLastName": "Jones",
                "OfstedLastInsp": "", "OfstedRating (name)": "",
            }),
        ],
    )
    rows = _rows(path)
    assert rows["104300"] == Establishment(
        urn="104300", name="Low Hill Nursery School", kind="la_school", phase="Nursery",
        la_code="336", la_name="Wolverhampton", status="open", head_name="Mrs Jane Smith",
        opened_on=date(1975, 9, 1), ofsted_outcome="Good", ofsted_date=date(2023, 3, 14),
        source="gias",
    )
    academy = rows["140001"]
    assert (academy.kind, academy.phase, academy.status) == ("academy", "", "open")
    assert academy.head_name == "Sam Jones"
    assert (academy.ofsted_outcome, academy.ofsted_date) == ("", None)


def test_works_without_ofsted_columns(tmp_path: Path) -> None:
    columns = [c for c in GIAS_COLUMNS if not c.startswith("Ofsted")]
    path = gias_file(tmp_path, [gias_row("104300", "A")], columns=columns)
    establishment = _rows(path)["104300"]
    assert (establishment.ofsted_outcome, establishment.ofsted_date) == ("", None)


def test_other_la_closed_and_not_served_rows_are_skipped_with_reasons(tmp_path: Path) -> None:
    path = gias_file(
        tmp_path,
        [
            gias_row("104300", "Kept"),
            gias_row("103800", "Dudley School", **{"LA (code)": "332", "LA (name)": "Dudley"}),
            gias_row("103801", "Sandwell School", **{"LA (code)": "333"}),
            gias_row("104301", "Gone School", **{"EstablishmentStatus (name)": "Closed"}),
            gias_row("150000", "New School", **{"EstablishmentStatus (name)": "Proposed to open"}),
            gias_row("104302", "Tettenhall College",
                     **{"TypeOfEstablishment (name)": "Other independent school"}),
            gias_row("104303", "City of Wolverhampton College",
                     **{"TypeOfEstablishment (name)": "Further education"}),
        ],
    )
    parsed = parse_gias(path, "336")
    assert [e.urn for _, e in parsed.rows] == ["104300"]
    assert parsed.read == 7
    assert dict(parsed.skipped) == {
        "other local authority": 2,
        "closed": 1,
        "proposed to open": 1,
        "not served: Other independent school": 1,
        "not served: Further education": 1,
    }
    assert parsed.rejections == []


def test_bad_rows_are_rejected_with_their_physical_line(tmp_path: Path) -> None:
    path = gias_file(
        tmp_path,
        [
            gias_row("104300", "Good One"),                        # line 2
            gias_row("abc", "Bad URN"),                            # line 3
            gias_row("104301", "Two\r\nLine Name"),                # lines 4-5
            gias_row("104302", "Bad Date", OpenDate="2020-09-01"),  # line 6
            ["104303", "336", "Wolverhampton", "Too short"],        # line 7
            gias_row("", "No URN"),                                # line 8
            gias_row("104304", ""),                                # line 9
            gias_row("104305", "Bad Inspection", OfstedLastInsp="31-02-2023"),  # line 10
            gias_row("104300", "Good One Again"),                  # line 11
            gias_row("104306", "Good Two"),                        # line 12
        ],
    )
    parsed = parse_gias(path, "336")
    assert [(line, e.urn) for line, e in parsed.rows] == [
        (2, "104300"), (4, "104301"), (12, "104306"),
    ]
    assert parsed.rows[1][1].name == "Two Line Name"
    reasons = {r.line: r.reason for r in parsed.rejections}
    assert set(reasons) == {3, 6, 7, 8, 9, 10, 11}
    assert reasons[3] == "URN 'abc' is not a number"
    assert reasons[6] == "OpenDate '2020-09-01' is not a date (dd-mm-yyyy)"
    assert reasons[7] == f"has 4 fields where the header has {len(GIAS_COLUMNS)}"
    assert reasons[8] == "URN is missing"
    assert reasons[9] == "EstablishmentName is missing"
    assert reasons[10] == "OfstedLastInsp '31-02-2023' is not a date (dd-mm-yyyy)"
    assert reasons[11] == "URN 104300 is also on line 2"
    assert parsed.read == 10


def test_every_problem_on_a_row_is_reported(tmp_path: Path) -> None:
    path = gias_file(tmp_path, [gias_row("x1", "", OpenDate="1/13/2020")])
    [rejection] = parse_gias(path, "336").rejections
    assert rejection.line == 2
    assert rejection.reason == (
        "URN 'x1' is not a number; EstablishmentName is missing; "
        "OpenDate '1/13/2020' is not a date (dd-mm-yyyy)"
    )


def test_too_long_name_is_rejected_not_truncated(tmp_path: Path) -> None:
    path = gias_file(tmp_path, [gias_row("104300", "A" * 201)])
    [rejection] = parse_gias(path, "336").rejections
    assert rejection.reason == "name is 201 characters long (at most 200)"


def test_field_lengths_match_the_table() -> None:
    columns = EstablishmentRow.__table__.columns  # type: ignore[attr-defined]
    assert {name: columns[name].type.length for name in FIELD_LENGTHS} == FIELD_LENGTHS


# --- writing --------------------------------------------------------------------------------


async def _count(uow: UnitOfWork) -> int:
    async with uow:
        return await uow.establishments.count()


async def test_import_creates_then_rerun_is_unchanged_then_edit_updates(
    uow: UnitOfWork, tmp_path: Path
) -> None:
    rows = [
        gias_row("104300", ST_MARYS),
        gias_row("104301", "Bushbury Hill Primary School"),
        gias_row("140001", "Moreton School", **{"TypeOfEstablishment (name)": "Academy converter"}),
        gias_row("103800", "Dudley School", **{"LA (code)": "332"}),
    ]
    path = gias_file(tmp_path, rows)

    first = await import_gias(uow, path, "336")
    assert (first.read, first.created, first.updated, first.unchanged) == (4, 3, 0, 0)
    assert (first.skipped, first.rejected) == (1, 0)
    assert first.skip_reasons == {"other local authority": 1}
    async with uow:
        stored = await uow.establishments.get("104300")
        academy = await uow.establishments.get("140001")
    assert stored is not None and academy is not None
    assert stored.name == ST_MARYS
    assert (stored.kind, stored.head_name, stored.source) == ("la_school", "Mrs Jane Smith", "gias")
    assert stored.ofsted_date == date(2023, 3, 14)
    assert academy.kind == "academy"

    again = await import_gias(uow, path, "336")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)

    rows[1] = gias_row("104301", "Bushbury Hill Primary Academy")
    edited = await import_gias(uow, gias_file(tmp_path, rows), "336")
    assert (edited.created, edited.updated, edited.unchanged) == (0, 1, 2)
    async with uow:
        renamed = await uow.establishments.get("104301")
    assert renamed is not None and renamed.name == "Bushbury Hill Primary Academy"
    assert await _count(uow) == 3


async def test_bad_rows_are_rejected_while_good_rows_land(uow: UnitOfWork, tmp_path: Path) -> None:
    path = gias_file(
        tmp_path,
        [
            gias_row("104300", "Good One"),
            gias_row("abc", "Bad URN"),
            gias_row("104302", "Bad Date", OpenDate="2020-09-01"),
            gias_row("104303", "Good Two"),
        ],
    )
    report = await import_gias(uow, path, "336")
    assert (report.read, report.created, report.rejected) == (4, 2, 2)
    assert [(r.line, r.reason) for r in report.rejections] == [
        (3, "URN 'abc' is not a number"),
        (4, "OpenDate '2020-09-01' is not a date (dd-mm-yyyy)"),
    ]
    async with uow:
        assert await uow.establishments.get("104302") is None
        assert set(await uow.establishments.get_many(["104300", "104303"])) == {"104300", "104303"}


async def test_a_school_that_has_closed_since_the_last_import_is_marked_closed(
    uow: UnitOfWork, tmp_path: Path
) -> None:
    await import_gias(
        uow, gias_file(tmp_path, [gias_row("104300", ST_MARYS), gias_row("104302", "Graiseley")]),
        "336",
    )
    closing = [
        gias_row("104300", ST_MARYS, **{"EstablishmentStatus (name)": "Closed"}),
        gias_row("104302", "Graiseley"),
        gias_row("104399", "Never Seen", **{"EstablishmentStatus (name)": "Closed"}),
    ]
    report = await import_gias(uow, gias_file(tmp_path, closing), "336")
    assert (report.updated, report.unchanged, report.skipped) == (1, 1, 1)
    assert report.skip_reasons == {"closed": 1}
    async with uow:
        closed = await uow.establishments.get("104300")
        names = await uow.establishments.names()
        assert await uow.establishments.get("104399") is None
    assert closed is not None and closed.status == "closed"
    assert [urn for urn, _ in names] == ["104302"]
    again = await import_gias(uow, gias_file(tmp_path, closing), "336")
    assert (again.updated, again.skipped) == (0, 2)
