"""The Teams app package: manifest.json and its two icons, zipped for upload to Teams."""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from typing import Any

from bot.router import Router

MANIFEST_VERSION = "1.22"
SCHEMA = (
    f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}/"
    "MicrosoftTeams.schema.json"
)
ACCENT = "#5B2C83"
SEARCH_COMMAND = "searchSchools"
MOST_COMMANDS = 10
"""Teams lists at most 10 commands a scope: each scope gets the ones most used there, and every
command is listed in one scope at least (all of them work typed, everywhere)."""
PERSONAL_COMMANDS = (
    "help", "left", "week", "visits", "propose", "deliver", "cancel", "caseload", "upcoming",
    "reminders",
)
"""In a personal chat: one's own work (the school and plan cards open from `left`'s buttons)."""
SHARED_COMMANDS = (
    "help", "left", "school", "plan", "upcoming", "caseload", "week", "propose", "visits",
    "deliver",
)
"""In a group chat or channel: what a team asks about a school together."""


def manifest(
    router: Router, *, app_id: str, domain: str, version: str, council: str, website: str
) -> dict[str, Any]:
    """The app manifest: the bot in every scope, its commands, and the school search."""

    def listed(names: tuple[str, ...]) -> list[dict[str, str]]:
        return [
            {"title": name, "description": router.commands[name].help[:128]}
            for name in names[:MOST_COMMANDS]
        ]

    return {
        "$schema": SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": version,
        "id": app_id,
        "developer": {
            "name": council,
            "websiteUrl": website,
            "privacyUrl": f"{website.rstrip('/')}/privacy",
            "termsOfUseUrl": f"{website.rstrip('/')}/terms",
        },
        "name": {"short": "eebot", "full": "eebot: school improvement support"},
        "description": {
            "short": "Support days, visits and categories for schools and settings",
            "full": (
                "eebot carries the council's Education Excellence Strategy into Teams: what's "
                "left of each school's and setting's support days, the year's plan by "
                "half-term, upcoming visits and TAS meetings, and an advisor's caseload."
            ),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": ACCENT,
        "bots": [
            {
                "botId": app_id,
                "scopes": ["personal", "team", "groupChat"],
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [
                    {"scopes": ["personal"], "commands": listed(PERSONAL_COMMANDS)},
                    {"scopes": ["team", "groupChat"], "commands": listed(SHARED_COMMANDS)},
                ],
            }
        ],
        "composeExtensions": [
            {
                "botId": app_id,
                "commands": [
                    {
                        "id": SEARCH_COMMAND,
                        "type": "query",
                        "title": "Schools",
                        "description": "Find a school or setting by name or URN",
                        "initialRun": False,
                        "parameters": [
                            {
                                "name": "query",
                                "title": "School or URN",
                                "description": "A school's name or URN",
                                "inputType": "text",
                            }
                        ],
                    }
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [domain],
    }


def _png(size: int, pixel: tuple[int, int, int, int], inset: int = 0) -> bytes:
    """A square RGBA PNG: one colour, with a transparent border of `inset` pixels."""
    rows = bytearray()
    for y in range(size):
        rows.append(0)
        for x in range(size):
            inside = inset <= x < size - inset and inset <= y < size - inset
            rows.extend(pixel if inside else (0, 0, 0, 0))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def icons() -> dict[str, bytes]:
    """The colour icon (192×192) and the outline icon (32×32, white on transparent)."""
    red, green, blue = (int(ACCENT[i : i + 2], 16) for i in (1, 3, 5))
    return {
        "color.png": _png(192, (red, green, blue, 255)),
        "outline.png": _png(32, (255, 255, 255, 255), inset=4),
    }


def package(app_manifest: dict[str, Any]) -> bytes:
    """The zip Teams takes: manifest.json and the two icons at the top level."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(app_manifest, indent=2))
        for name, content in icons().items():
            archive.writestr(name, content)
    return buffer.getvalue()
