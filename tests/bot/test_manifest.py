"""The Teams app package: a manifest that Microsoft's schema accepts, and the icons it names."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.handlers import build_router
from bot.manifest import SEARCH_COMMAND, manifest

SCHEMA = Path(__file__).parent / "fixtures" / "teams-manifest-v1.22.schema.json"
APP_ID = "11111111-1111-1111-1111-111111111111"


def test_the_manifest_is_valid_for_its_schema_version() -> None:
    document = manifest(
        build_router(),
        app_id=APP_ID,
        domain="eebot.example.gov.uk",
        version="1.0.0",
        council="City of Wolverhampton Council",
        website="https://www.wolverhampton.gov.uk",
    )
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(document)
    assert len(document["name"]["short"]) <= 30 and len(document["description"]["short"]) <= 80
    assert document["composeExtensions"][0]["commands"][0]["id"] == SEARCH_COMMAND


def test_every_command_is_listed_in_some_scope_and_no_list_is_over_ten() -> None:
    router = build_router()
    document = manifest(
        router, app_id=APP_ID, domain="eebot.example.gov.uk", version="1.0.0",
        council="City of Wolverhampton Council", website="https://www.wolverhampton.gov.uk",
    )
    lists = {
        tuple(entry["scopes"]): [c["title"] for c in entry["commands"]]
        for entry in document["bots"][0]["commandLists"]
    }
    assert set(lists) == {("personal",), ("team", "groupChat")}
    assert all(len(titles) <= 10 for titles in lists.values())
    assert lists[("personal",)][:3] == ["help", "left", "week"]
    assert lists[("team", "groupChat")][:3] == ["help", "left", "school"]
    listed = {title for titles in lists.values() for title in titles}
    assert listed == set(router.commands)  # nothing listed that isn't there, nothing left out
    for entry in document["bots"][0]["commandLists"]:
        for command in entry["commands"]:
            assert command["description"] == router.commands[command["title"]].help[:128]


def png_size(content: bytes) -> tuple[int, int]:
    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", content[16:24])
    return width, height


def test_eebot_manifest_writes_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_env: None
) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "app.zip"
    result = CliRunner().invoke(
        main,
        ["manifest", "--domain", "eebot.example.gov.uk", "--out", str(out)],
        env={"EEBOT_APP_ID": APP_ID},
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        document = json.loads(archive.read("manifest.json"))
        assert document["id"] == APP_ID and document["bots"][0]["botId"] == APP_ID
        assert png_size(archive.read("color.png")) == (192, 192)
        assert png_size(archive.read("outline.png")) == (32, 32)


def test_eebot_manifest_needs_the_app_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_env: None
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["manifest", "--domain", "x.example"])
    assert result.exit_code == 1 and "EEBOT_APP_ID" in result.output
