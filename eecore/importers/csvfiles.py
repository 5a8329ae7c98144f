"""Reading import CSV files: decoding, finding the header, rows with their physical line numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from eecore.domain.errors import ImportFileError
from eecore.importers.report import Parsed

UTF8 = ("utf-8-sig",)
UTF8_OR_CP1252 = ("utf-8-sig", "cp1252")
_NAMES = {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252"}


def read_text(path: Path, *, encodings: Sequence[str], fix: str) -> str:
    """The whole file as text, decoded strictly with the first of `encodings` that fits.

    Raises ImportFileError when the file is missing, unreadable, empty, holds NUL bytes (UTF-16,
    a spreadsheet saved as .xlsx) or fits none of the encodings; `fix` says how to save it right.
    """
    if not path.exists():
        raise ImportFileError(f"{path} does not exist: check the file name and folder")
    if not path.is_file():
        raise ImportFileError(f"{path} is not a file: give the path of the CSV file itself")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileError(f"cannot read {path}: {error.strerror or error}") from None
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise ImportFileError(f"{path.name} is empty: {fix}")
    wanted = " or ".join(_NAMES.get(e, e) for e in encodings)
    if b"\x00" not in data:
        for encoding in encodings:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise ImportFileError(f"{path.name} is not a {wanted} CSV{_looks_like(data)}: {fix}")


def _looks_like(data: bytes) -> str:
    """' (it looks like UTF-16)', or '' when detection has no confident guess."""
    if data.startswith(b"PK\x03\x04"):
        return " (it looks like an Excel workbook)"
    best = from_bytes(data[:65536]).best()
    if best is None:
        return ""
    return f" (it looks like {best.encoding.upper().replace('_', '-')})"


def records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the physical line (1-based) it starts on; blank lines give []."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileError(
            f"line {start} is not valid CSV ({error}): check for an unclosed quote there"
        ) from None


def is_blank(cells: Sequence[str]) -> bool:
    return not any(cell.strip() for cell in cells)


class Table:
    """A CSV file's header and the records after it."""

    def __init__(
        self, file_name: str, header_line: int, header: Sequence[str],
        rows: Iterator[tuple[int, list[str]]],
    ) -> None:
        self.file_name = file_name
        self.header_line = header_line
        self.header = [cell.strip().lstrip("\ufeff").strip() for cell in header]
        self.width = len(self.header)
        self._index: dict[str, int] = {}
        for position, name in enumerate(self.header):
            self._index.setdefault(name.lower(), position)
        self._rows = rows

    def has(self, column: str) -> bool:
        return column.lower() in self._index

    def require(self, columns: Sequence[str], fix: str) -> None:
        """Raise ImportFileError naming every required column the header lacks."""
        missing = [column for column in columns if not self.has(column)]
        if missing:
            named = ", ".join(repr(column) for column in missing)
            plural = "columns" if len(missing) > 1 else "column"
            raise ImportFileError(
                f"{self.file_name} has no {named} {plural} in its header "
                f"(line {self.header_line}): {fix}"
            )

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Non-blank data rows with their line numbers (rows may have the wrong width)."""
        for line, cells in self._rows:
            if not is_blank(cells):
                yield line, cells

    def records(self, parsed: Parsed[Any]) -> Iterator[tuple[int, list[str]]]:
        """The rows that can be read column by column, with their line numbers. Every row counts
        as read in `parsed`; one of the wrong width is rejected there, with its line."""
        for line, cells in self.rows():
            parsed.read += 1
            wrong = self.wrong_width(cells)
            if wrong:
                parsed.reject(line, wrong)
                continue
            yield line, cells

    def wrong_width(self, cells: Sequence[str]) -> str | None:
        """Why a row cannot be read column by column, or None when it has the header's width."""
        if len(cells) == self.width:
            return None
        return f"has {len(cells)} fields where the header has {self.width}"

    def cell(self, cells: Sequence[str], column: str) -> str:
        """A row's value in a column, stripped; '' when the file has no such column."""
        position = self._index.get(column.lower())
        if position is None or position >= len(cells):
            return ""
        return cells[position].strip()


def table(
    text: str, file_name: str, *, fix: str,
    is_header: Callable[[list[str]], bool] | None = None, within: int = 1,
) -> Table:
    """The table in `text`: its header is the first non-blank record, or, with `is_header`, the
    first record within the first `within` lines that passes it (ImportFileError if none does)."""
    found = records(text)
    for line, cells in found:
        if is_header is None:
            if is_blank(cells):
                continue
            return Table(file_name, line, cells, found)
        if line > within:
            break
        if is_header(cells):
            return Table(file_name, line, cells, found)
    if is_header is None:
        raise ImportFileError(f"{file_name} has no header row: {fix}")
    raise ImportFileError(f"{file_name} has no header row in its first {within} lines: {fix}")


def parse_date(text: str, formats: Sequence[str], column: str) -> date | None:
    """A date written in one of `formats`, or None when blank; ValueError says which column."""
    if not text:
        return None
    for form in formats:
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    shown = " or ".join(form.replace("%d", "dd").replace("%m", "mm").replace("%Y", "yyyy")
                        for form in formats)
    raise ValueError(f"{column} {text!r} is not a date ({shown})")
