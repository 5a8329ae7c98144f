"""People and roles: parsing a role as people write it, and what a person's roles mean."""

from __future__ import annotations

import pytest

from eecore.domain.people import Person, Role, RoleGrant, parse_role


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("sia", Role.SIA),
        ("SIA", Role.SIA),
        (" ssia ", Role.SSIA),
        ("HOS", Role.HOS),
        ("Head of Service", Role.HOS),
        ("head-of-service", Role.HOS),
        ("Senior School Improvement Advisor", Role.SSIA),
        ("school improvement advisor", Role.SIA),
        ("eyfs officer", Role.EYFS_OFFICER),
        ("EYFS_OFFICER", Role.EYFS_OFFICER),
        ("eyfs-officer", Role.EYFS_OFFICER),
        ("EYFS", Role.EYFS_OFFICER),
        ("Headteacher", Role.HEAD),
        ("HT", Role.HEAD),
        ("head", Role.HEAD),
        ("Setting Manager", Role.MANAGER),
        ("manager", Role.MANAGER),
        ("Consultation group member", Role.CONSULTATION),
        ("Administrator", Role.ADMIN),
        ("admin", Role.ADMIN),
    ],
)
def test_a_role_is_read_from_its_code_label_or_alias_in_any_case(text: str, role: Role) -> None:
    assert parse_role(text) is role


@pytest.mark.parametrize("text", ["teacher", "", "sia lead"])
def test_an_unknown_role_is_refused_listing_the_roles(text: str) -> None:
    with pytest.raises(ValueError, match="unknown role") as caught:
        parse_role(text)
    assert "hos, ssia, sia, eyfs_officer, head, manager, consultation, admin" in str(caught.value)


def test_roles_have_labels() -> None:
    assert Role.HOS.label == "Head of Service"
    assert Role.EYFS_OFFICER.label == "EYFS officer"


def test_advisors_are_the_hos_ssia_sia_and_eyfs_officers() -> None:
    assert {r for r in Role if r.is_advisor} == {Role.HOS, Role.SSIA, Role.SIA, Role.EYFS_OFFICER}
    assert {r for r in Role if r.needs_establishment} == {Role.HEAD, Role.MANAGER}


def test_a_person_with_an_advisor_role_is_an_advisor() -> None:
    person = Person("Sam Advisor", roles={RoleGrant(Role.ADMIN), RoleGrant(Role.SIA)})
    assert person.is_advisor
    assert person.has(Role.SIA)
    assert not person.has(Role.HOS)


def test_a_head_or_admin_is_not_an_advisor() -> None:
    person = Person("Pat Head", roles={RoleGrant(Role.HEAD, "104000"), RoleGrant(Role.ADMIN)})
    assert not person.is_advisor
    assert not Person("Nobody").is_advisor


def test_a_person_leads_the_establishments_they_are_head_or_manager_of() -> None:
    person = Person(
        "Alex Lead",
        roles={
            RoleGrant(Role.HEAD, "104000"),
            RoleGrant(Role.HEAD, "104001"),
            RoleGrant(Role.MANAGER, "EY123456"),
            RoleGrant(Role.SIA, "104999"),
            RoleGrant(Role.HEAD, None),
        },
    )
    assert person.led_establishments == {"104000", "104001", "EY123456"}


def test_a_person_without_head_or_manager_roles_leads_nothing() -> None:
    person = Person("Sam Advisor", roles={RoleGrant(Role.SIA)}, caseload={"104000"})
    assert person.led_establishments == set()
