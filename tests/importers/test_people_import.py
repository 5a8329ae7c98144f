"""People import: roles, head establishments and caseloads, rejections and upserts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from eecore.domain.errors import ImportFileError
from eecore.domain.establishments import Establishment
from eecore.domain.people import Person, Role, RoleGrant
from eecore.importers import import_people, parse_people
from eecore.importers.people import COLUMNS
from eecore.store.uow import UnitOfWork
from tests.importers.helpers import csv_text, write

ADVISOR_ID = "0a1b2c3d-0000-4000-8000-1234567890ab"
ADMIN_ID = "9f8e7d6c-1111-4000-8000-ba0987654321"
URNS = ("104300", "104301", "EY123456")


def people_file(tmp_path: Path, rows: Sequence[Sequence[str]], *, encoding: str = "utf-8-sig",
                columns: Sequence[str] = COLUMNS, name: str = "people.csv") -> Path:
    return write(tmp_path / name, csv_text(columns, rows, quote_all=False), encoding)


async def _seed(uow: UnitOfWork) -> None:
    async with uow:
        for urn in URNS:
            establishment = Establishment(urn=urn, name=f"School {urn}", kind="la_school")
            await uow.establishments.save(establishment)
        await uow.commit()


async def _person(uow: UnitOfWork, email: str) -> Person:
    async with uow:
        person = await uow.people.by_email(email)
    assert person is not None, email
    return person


# --- parsing --------------------------------------------------------------------------------


def test_parse_roles_labels_establishment_and_caseload(tmp_path: Path) -> None:
    path = people_file(
        tmp_path,
        [
            ["Ann Advisor", "Ann.Advisor@Wolverhampton.gov.uk", ADVISOR_ID.upper(),
             "SIA; EYFS officer", "", "104300;ey123456; "],
            ["Hal Head", "hal@school.org", "", "Headteacher", " 104301 ", ""],
        ],
    )
    parsed = parse_people(path)
    assert parsed.rejections == []
    (_, advisor), (_, head) = parsed.rows
    assert advisor.email == "ann.advisor@wolverhampton.gov.uk"
    assert advisor.entra_object_id == ADVISOR_ID
    assert advisor.roles == {RoleGrant(Role.SIA), RoleGrant(Role.EYFS_OFFICER)}
    assert advisor.caseload == {"104300", "EY123456"}
    assert head.roles == {RoleGrant(Role.HEAD, "104301")}
    assert head.urns == {"104301"}


def test_parse_rejects_bad_rows_with_lines_and_reasons(tmp_path: Path) -> None:
    path = people_file(
        tmp_path,
        [
            ["Good", "good@example.org", "", "admin", "", ""],                   # line 2
            ["Unknown Role", "u@example.org", "", "sia;wizard", "", ""],          # line 3
            ["No Establishment", "h@example.org", "", "head", "", ""],            # line 4
            ["Caseload No Advisor", "c@example.org", "", "admin", "", "104300"],  # line 5
            ["Bad Email", "nobody.example.org", "", "admin", "", ""],             # line 6
            ["", "noname@example.org", "", "admin", "", ""],                      # line 7
            ["No Ids", "", "", "admin", "", ""],                                  # line 8
            ["Bad Id", "", "not-a-guid", "admin", "", ""],                        # line 9
            ["Stray Establishment", "s@example.org", "", "sia", "104300", ""],    # line 10
            ["Good Again", "GOOD@example.org", "", "admin", "", ""],              # line 11
            ["Short Row", "short@example.org"],                                   # line 12
        ],
    )
    parsed = parse_people(path)
    assert [line for line, _ in parsed.rows] == [2]
    reasons = {r.line: r.reason for r in parsed.rejections}
    assert reasons[3].startswith("unknown role 'wizard': use one of hos, ssia, sia")
    assert reasons[4] == "role head needs the establishment's URN"
    assert reasons[5] == "caseload given, but no advisor role (hos, ssia, sia, eyfs_officer)"
    assert reasons[6] == "email 'nobody.example.org' is not an email address"
    assert reasons[7] == "name is missing"
    assert reasons[8] == "give an email or an entra_object_id"
    assert reasons[9].startswith("entra_object_id 'not-a-guid' is not an Entra object id")
    assert reasons[10] == "establishment 104300 given, but no head or manager role"
    assert reasons[11] == "good@example.org is also on line 2"
    assert reasons[12] == "has 2 fields where the header has 6"
    assert parsed.read == 11


def test_missing_column_is_named(tmp_path: Path) -> None:
    columns = [c for c in COLUMNS if c != "caseload"]
    path = people_file(tmp_path, [["A", "a@example.org", "", "sia", ""]], columns=columns)
    with pytest.raises(ImportFileError, match="no 'caseload' column"):
        parse_people(path)


def test_header_is_case_insensitive(tmp_path: Path) -> None:
    columns = [c.upper() for c in COLUMNS]
    path = people_file(tmp_path, [["A", "a@example.org", "", "sia", "", ""]], columns=columns)
    assert len(parse_people(path).rows) == 1


def test_windows_1252_file_is_a_file_error(tmp_path: Path) -> None:
    path = people_file(tmp_path, [["Siân O’Brien", "s@example.org", "", "sia", "", ""]],
                       encoding="cp1252")
    with pytest.raises(ImportFileError, match=r"people\.csv is not a UTF-8 CSV.*CSV UTF-8"):
        parse_people(path)


def test_utf8_name_decodes(tmp_path: Path) -> None:
    path = people_file(tmp_path, [["Siân O’Brien", "s@example.org", "", "sia", "", ""]])
    [(_, entry)] = parse_people(path).rows
    assert entry.name == "Siân O’Brien"


# --- writing --------------------------------------------------------------------------------


async def test_import_people_roles_head_and_caseload(uow: UnitOfWork, tmp_path: Path) -> None:
    await _seed(uow)
    rows = [
        ["Ann Advisor", "ann@wolverhampton.gov.uk", ADVISOR_ID, "sia", "", "104300;EY123456"],
        ["Hal Head", "hal@school.org", "", "head", "104301", ""],
        ["Ada Admin", "", ADMIN_ID, "admin;consultation", "", ""],
        ["Wiz", "wiz@example.org", "", "wizard", "", ""],
        ["Lost Advisor", "lost@example.org", "", "ssia", "", "104300;999999"],
        ["Lost Head", "losthead@example.org", "", "manager", "EY000000", ""],
    ]
    path = people_file(tmp_path, rows)

    report = await import_people(uow, path)
    assert (report.read, report.created, report.updated, report.unchanged) == (6, 3, 0, 0)
    assert report.rejected == 3
    assert [r.line for r in report.rejections] == [5, 6, 7]
    assert report.rejections[0].reason.startswith("unknown role 'wizard'")
    assert report.rejections[1].reason.startswith("no establishment with URN 999999")
    assert report.rejections[2].reason.startswith("no establishment with URN EY000000")

    advisor = await _person(uow, "ann@wolverhampton.gov.uk")
    assert advisor.entra_object_id == ADVISOR_ID
    assert advisor.roles == {RoleGrant(Role.SIA)}
    assert advisor.caseload == {"104300", "EY123456"}
    head = await _person(uow, "hal@school.org")
    assert head.roles == {RoleGrant(Role.HEAD, "104301")}
    async with uow:
        admin = await uow.people.by_entra_object_id(ADMIN_ID)
        assert await uow.people.by_email("wiz@example.org") is None
        assert await uow.people.by_email("lost@example.org") is None
        assert await uow.people.count() == 3
    assert admin is not None
    assert admin.roles == {RoleGrant(Role.ADMIN), RoleGrant(Role.CONSULTATION)}

    again = await import_people(uow, path)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 3)

    rows[0] = ["Ann Advisor", "ann@wolverhampton.gov.uk", ADVISOR_ID, "ssia", "", "104301"]
    edited = await import_people(uow, people_file(tmp_path, rows[:3]))
    assert (edited.created, edited.updated, edited.unchanged) == (0, 1, 2)
    advisor = await _person(uow, "ann@wolverhampton.gov.uk")
    assert advisor.roles == {RoleGrant(Role.SSIA)}
    assert advisor.caseload == {"104301"}


async def test_upsert_by_email_case_insensitive_then_by_entra_id(
    uow: UnitOfWork, tmp_path: Path
) -> None:
    await _seed(uow)
    await import_people(uow, people_file(tmp_path, [["Hal Head", "hal@school.org", "", "head",
                                                     "104301", ""]]))
    # Same email in another case, now with an Entra id and a new name.
    report = await import_people(uow, people_file(tmp_path, [
        ["Hal Headteacher", "HAL@School.org", ADVISOR_ID, "head", "104301", ""],
    ]))
    assert (report.created, report.updated) == (0, 1)
    # Matched by Entra id; leaving email blank keeps the stored one.
    report = await import_people(uow, people_file(tmp_path, [
        ["Hal Headteacher", "", ADVISOR_ID.upper(), "manager", "EY123456", ""],
    ]))
    assert (report.created, report.updated) == (0, 1)
    hal = await _person(uow, "hal@school.org")
    assert (hal.name, hal.entra_object_id) == ("Hal Headteacher", ADVISOR_ID)
    assert hal.roles == {RoleGrant(Role.MANAGER, "EY123456")}
    async with uow:
        assert await uow.people.count() == 1


async def test_conflicting_ids_are_rejected(uow: UnitOfWork, tmp_path: Path) -> None:
    await _seed(uow)
    await import_people(uow, people_file(tmp_path, [
        ["Ann", "ann@example.org", ADVISOR_ID, "sia", "", ""],
        ["Bob", "bob@example.org", ADMIN_ID, "admin", "", ""],
    ]))
    report = await import_people(uow, people_file(tmp_path, [
        ["Ann", "bob@example.org", ADVISOR_ID, "sia", "", ""],
        ["Bobby", "carol@example.org", ADMIN_ID, "admin", "", ""],
    ]))
    assert (report.rejected, report.updated) == (1, 1)
    [rejection] = report.rejections
    assert (rejection.line, rejection.reason) == (
        2, f"email bob@example.org belongs to Bob, but entra_object_id {ADVISOR_ID} to Ann"
    )

    report = await import_people(uow, people_file(tmp_path, [
        ["Ann", "ANN@example.org", "", "sia", "", ""],
        ["Ann", "", ADVISOR_ID, "sia", "", ""],
    ]))
    assert (report.rejected, report.unchanged) == (1, 1)
    assert [(r.line, r.reason) for r in report.rejections] == [(3, "same person as line 2")]

    report = await import_people(uow, people_file(tmp_path, [
        ["Bob", "carol@example.org", "11111111-2222-4333-8444-555555555555", "admin", "", ""],
    ]))
    [rejection] = report.rejections
    assert rejection.reason.startswith(
        "email carol@example.org belongs to Bobby, who has a different entra_object_id"
    )
    bob = await _person(uow, "carol@example.org")
    assert (bob.name, bob.entra_object_id) == ("Bobby", ADMIN_ID)
    async with uow:
        assert await uow.people.by_email("bob@example.org") is None
