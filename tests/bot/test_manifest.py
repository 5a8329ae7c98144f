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
    titles = [c["title"] for c in document["bots"][0]["commandLists"][0]["commands"]]
    assert titles[:3] == ["help", "left", "school"]
    assert document["composeExtensions"][0]["commands"][0]["id"] == SEARCH_COMMAND


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
