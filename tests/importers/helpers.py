"""Builders for small import files, written with explicit encodings."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

GIAS_COLUMNS = (
    "URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName",
    "TypeOfEstablishment (name)", "EstablishmentStatus (name)", "OpenDate",
    "PhaseOfEducation (name)", "HeadTitle (name)", "HeadFirstName", "HeadLastName",
    "OfstedLastInsp", "OfstedRating (name)",
)


def gias_row(urn: str, name: str, **overrides: str) -> dict[str, str]:
    """An open Wolverhampton community primary school, with any fields overridden."""
    row = {
        "URN": urn,
        "LA (code)": "336",
        "LA (name)": "Wolverhampton",
        "EstablishmentNumber": "2000",
        "EstablishmentName": name,
        "TypeOfEstablishment (name)": "Community school",
        "EstablishmentStatus (name)": "Open",
        "OpenDate": "",
        "PhaseOfEducation (name)": "Primary",
        "HeadTitle (name)": "Mrs",
        "HeadFirstName": "Jane",
        "HeadLastName": "Smith",
        "OfstedLastInsp": "14-03-2023",
        "OfstedRating (name)": "Good",
    }
    row.update(overrides)
    return row


def csv_text(columns: Sequence[str], rows: Sequence[dict[str, str] | Sequence[str]],
             *, quote_all: bool = True, before: Sequence[Sequence[str]] = ()) -> str:
    """CSV text with CRLF line ends: optional title lines, the header, then the rows."""
    out = io.StringIO()
    writer = csv.writer(
        out, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL, lineterminator="\r\n"
    )
    for title in before:
        writer.writerow(title)
    writer.writerow(columns)
    for row in rows:
        if isinstance(row, dict):
            writer.writerow([row.get(column, "") for column in columns])
        else:
            writer.writerow(row)
    return out.getvalue()


def write(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def gias_file(tmp_path: Path, rows: Sequence[dict[str, str] | Sequence[str]], *,
              encoding: str = "cp1252", columns: Sequence[str] = GIAS_COLUMNS,
              name: str = "edubasealldata20250422.csv") -> Path:
    return write(tmp_path / name, csv_text(columns, rows), encoding)
