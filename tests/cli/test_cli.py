"""The eebot command line, run in-process against a real database on each backend."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from bot.cli import main
from eecore.store.database import Database


@pytest.fixture
def cli_env(
    empty_database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_env: None
) -> Iterator[dict[str, str]]:
    """Environment for running eebot against the test database, from an empty folder."""
    monkeypatch.chdir(tmp_path)
    yield {"EEBOT_DATABASE_URL": empty_database.url, "EEBOT_TODAY": "2026-12-03"}


def eebot(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def every_command(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from every_command(command, (*prefix, name))


@pytest.mark.parametrize("command", [(), *every_command(main)], ids=" ".join)
def test_every_command_has_help(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_serve_help_states_the_default_port() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert "EEBOT_PORT, else 3978" in result.output


def test_policy_prints_the_allocation_table(clean_env: None) -> None:
    result = CliRunner().invoke(main, ["policy"])
    assert result.exit_code == 0
    assert "LA maintained school" in result.output
    assert "14.5" in result.output and "12.5" in result.output
    assert "2026/27 (provisional)" in result.output


def test_policy_json_holds_every_kind_and_plan(clean_env: None) -> None:
    document = json.loads(CliRunner().invoke(main, ["policy", "--json"]).output)
    kinds = {kind["id"]: kind for kind in document["kinds"]}
    assert kinds["la_school"]["allocated_days"] == {"A": 5, "AS": 7, "B1": 9.5, "B2": 14.5, "C": 19}
    assert kinds["academy"]["allocated_days"] == {"all": 1}
    assert [y["label"] for y in document["academic_years"]] == ["2025/26", "2026/27"]


def test_another_councils_policy_file_that_is_missing_is_named(
    clean_env: None, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere.toml"
    result = CliRunner().invoke(main, ["policy"], env={"EEBOT_POLICY": str(missing)})
    assert result.exit_code == 1
    assert str(missing) in result.output and "Traceback" not in result.output


def test_demo_then_left_json_answers_with_every_field(cli_env: dict[str, str]) -> None:
    assert eebot(cli_env, "db", "upgrade").exit_code == 0
    loaded = eebot(cli_env, "demo")
    assert loaded.exit_code == 0, loaded.output
    assert "establishments" in loaded.output

    result = eebot(cli_env, "left", "Whitgreave", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    for field in (
        "urn",
        "name",
        "kind",
        "category",
        "academic_year",
        "allocated_days",
        "delivered_days",
        "booked_days",
        "planned_days",
        "remaining_days",
        "unplanned_days",
        "upcoming",
    ):
        assert field in answer
    assert answer["urn"] == "104297" and answer["category"] == "B1"
    assert answer["academic_year"] == "2026/27"
    assert answer["allocated_days"] == 9.5
    assert answer["remaining_days"] == answer["allocated_days"] - answer["delivered_days"]
    assert answer["unplanned_days"] == (
        answer["allocated_days"]
        - answer["delivered_days"]
        - answer["booked_days"]
        - answer["planned_days"]
    )
    assert answer["upcoming"], "the demo books and plans activities still to come"
    for item in answer["upcoming"]:
        assert set(item) >= {"activity", "half_term", "date", "status", "days"}
        assert isinstance(item["days"], int | float)


def test_demo_twice_adds_nothing_twice(cli_env: dict[str, str]) -> None:
    eebot(cli_env, "db", "upgrade")
    eebot(cli_env, "demo")
    first = json.loads(eebot(cli_env, "plan", "104297", "--json").output)
    again = eebot(cli_env, "demo", "--if-empty")
    assert "already has establishments" in again.output
    eebot(cli_env, "demo")
    second = json.loads(eebot(cli_env, "plan", "104297", "--json").output)
    assert first == second


def test_plan_shows_the_year_by_half_term(cli_env: dict[str, str]) -> None:
    eebot(cli_env, "db", "upgrade")
    eebot(cli_env, "demo")
    result = eebot(cli_env, "plan", "st luke's")
    assert result.exit_code == 0
    for heading in ("Autumn 1", "Autumn 2", "Spring 1", "Summer 2"):
        assert heading in result.output
    document = json.loads(eebot(cli_env, "plan", "104372", "--json").output)
    assert sum(a["planned_days"] for a in document["activities"]) == 19


def test_a_name_matching_several_lists_them_and_fails(cli_env: dict[str, str]) -> None:
    eebot(cli_env, "db", "upgrade")
    eebot(cli_env, "demo")
    result = eebot(cli_env, "left", "Eastfield")
    assert result.exit_code != 0
    assert "104280" in result.output and "104342" in result.output


def test_no_match_suggests_the_closest_names(cli_env: dict[str, str]) -> None:
    eebot(cli_env, "db", "upgrade")
    eebot(cli_env, "demo")
    result = eebot(cli_env, "left", "Whitgreve Primary Scool")
    assert result.exit_code == 0, "a near miss of one school is taken as that school"
    result = eebot(cli_env, "left", "Blakenhall Infants")
    assert result.exit_code != 0
    assert "did you mean" in result.output
    assert "Traceback" not in result.output


def test_category_is_recorded_and_an_unknown_one_changes_nothing(
    cli_env: dict[str, str],
) -> None:
    eebot(cli_env, "db", "upgrade")
    eebot(cli_env, "demo")
    bad = eebot(cli_env, "category", "104297", "D", "--reason", "test")
    assert bad.exit_code == 1
    assert "unknown category 'D'" in bad.output
    assert json.loads(eebot(cli_env, "left", "104297", "--json").output)["category"] == "B1"

    good = eebot(
        cli_env,
        "category",
        "104297",
        "c",
        "--reason",
        "safeguarding concerns",
        "--by",
        "Megan Bowen",
    )
    assert good.exit_code == 0, good.output
    assert "category C (was B1)" in good.output
    answer = json.loads(eebot(cli_env, "left", "104297", "--json").output)
    assert answer["category"] == "C" and answer["allocated_days"] == 19


def test_a_school_that_does_not_exist_is_one_line(cli_env: dict[str, str]) -> None:
    eebot(cli_env, "db", "upgrade")
    result = eebot(cli_env, "left", "999999")
    assert result.exit_code != 0
    assert result.output.count("\n") == 1 and "Traceback" not in result.output


def test_an_unreachable_database_is_one_line_and_says_how_to_fix_it(
    clean_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    env = {"EEBOT_DATABASE_URL": "postgresql://eebot:secret@127.0.0.1:1/eebot"}
    result = CliRunner().invoke(main, ["left", "104297"], env=env)
    assert result.exit_code == 1
    assert "cannot reach the database" in result.output
    assert "EEBOT_DATABASE_URL" in result.output
    assert "secret" not in result.output and "Traceback" not in result.output
    assert result.output.count("\n") == 1


def test_a_database_url_of_an_unsupported_kind_is_refused(
    clean_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["left", "1"], env={"EEBOT_DATABASE_URL": "mysql://x@y/z"})
    assert result.exit_code == 1
    assert "sqlite and postgresql" in result.output


def test_import_gias_reports_counts_and_rejected_lines(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    from tests.importers.helpers import GIAS_COLUMNS, csv_text, gias_row, write

    rows = [
        gias_row("104297", "Whitgreave Primary School"),
        gias_row("104372", "St Luke’s Church of England Aided Primary School"),
        gias_row("abc", "Broken Row School"),
        gias_row("103800", "Dudley School", **{"LA (code)": "332"}),
    ]
    path = write(tmp_path / "edubasealldata20261201.csv", csv_text(GIAS_COLUMNS, rows), "cp1252")
    eebot(cli_env, "db", "upgrade")
    result = eebot(cli_env, "import", "gias", str(path), "--la", "336", "--json")
    assert result.exit_code == 3, "rows were rejected"
    report = json.loads(result.output)
    assert (report["read"], report["created"], report["skipped"], report["rejected"]) == (
        4,
        2,
        1,
        1,
    )
    assert report["rejections"][0]["line"] == 4
    assert json.loads(eebot(cli_env, "left", "st luke’s", "--json").output)["urn"] == "104372"
    again = eebot(cli_env, "import", "gias", str(path), "--la", "336")
    assert "created 0" in again.output and "unchanged 2" in again.output


def test_import_of_a_missing_file_is_one_line(cli_env: dict[str, str], tmp_path: Path) -> None:
    eebot(cli_env, "db", "upgrade")
    result = eebot(cli_env, "import", "gias", str(tmp_path / "nope.csv"), "--la", "336")
    assert result.exit_code == 1
    assert "nope.csv" in result.output and result.output.count("\n") == 1


def test_eebot_policy_points_at_another_councils_file(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    from eecore.policy import default_policy_path

    shipped = default_policy_path()
    council = tmp_path / "council"
    council.mkdir()
    (council / "academic-years.toml").write_text(
        (shipped.parent / "academic-years.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    text = shipped.read_text(encoding="utf-8")
    text = text.replace("days = { A = 5, AS = 7", "days = { A = 6, AS = 7", 1)
    text = text.replace(
        '{ activity = "focused_support", half_term = "unscheduled", days = 1.0, '
        'note = "agreed by HT and SIA" }',
        '{ activity = "focused_support", half_term = "unscheduled", days = 2.0, '
        'note = "agreed by HT and SIA" }',
        1,
    )
    (council / "policy.toml").write_text(text, encoding="utf-8")
    env = {**cli_env, "EEBOT_POLICY": str(council / "policy.toml")}
    eebot(env, "db", "upgrade")
    eebot(env, "demo")
    answer = json.loads(eebot(env, "left", "104297", "--json").output)
    assert answer["category"] == "B1" and answer["allocated_days"] == 9.5
    eebot(env, "category", "104297", "A", "--reason", "securely good", "--by", "Megan Bowen")
    assert json.loads(eebot(env, "left", "104297", "--json").output)["allocated_days"] == 6
