"""Reading a spreadsheet's CSV as hostile input: bounded, decoded carefully, split reliably."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from practice.errors import ValidationError

# A caseload of thousands of clients is a few megabytes; anything far larger is not one.
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_CELL = 2_000
# Spreadsheets on Windows save "CSV" in the system code page unless told to use UTF-8.
_ENCODINGS = ("utf-8-sig", "cp1252")


@dataclass(frozen=True)
class Table:
    """A CSV file's header and rows, as text, with how it was read."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    encoding: str
    delimiter: str


def read_table(path: Path) -> Table:
    """Read a CSV file exported from a spreadsheet.

    Accepts UTF-8 with or without a byte-order mark and the Windows code page, separated by
    commas or semicolons (as spreadsheets in many locales write it).

    Args:
        path: The file.

    Returns:
        The header and the non-empty rows.

    Raises:
        ValidationError: The file cannot be read as a caseload; the message says why, never
            what the file holds.
    """
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ValidationError(
                f"The file is too large to be a caseload ({size // (1024 * 1024)} MB; "
                f"at most {MAX_BYTES // (1024 * 1024)} MB). Export only the clients' sheet.")
        data = path.read_bytes()
    except OSError as error:
        raise ValidationError(f"The file could not be read ({error.strerror or 'no access'}).",
                              ) from None
    if not data.strip():
        raise ValidationError("The file is empty.")
    if b"\0" in data:
        raise ValidationError("The file is not a CSV file (it holds binary data). In your "
                              "spreadsheet, use Save As and choose CSV.")
    text, encoding = _decode(data)
    delimiter = _delimiter(text)
    try:
        parsed = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                                 strict=True))
    except csv.Error:
        raise ValidationError("The file is not well-formed CSV (a quotation mark is not "
                              "closed). Save it again from the spreadsheet as CSV.") from None
    rows = [tuple(cell.strip() for cell in row) for row in parsed if any(c.strip() for c in row)]
    if len(rows) < 2:
        raise ValidationError("The file has a header but no clients below it.")
    if len(rows) - 1 > MAX_ROWS:
        raise ValidationError(f"The file has more than {MAX_ROWS:,} rows; split it first.")
    if any(len(cell) > MAX_CELL for row in rows for cell in row):
        raise ValidationError(f"A cell holds more than {MAX_CELL:,} characters; a caseload "
                              "sheet has names, dates and contacts only.")
    header, body = rows[0], rows[1:]
    return Table(header=header, rows=tuple(body), encoding=encoding, delimiter=delimiter)


def _decode(data: bytes) -> tuple[str, str]:
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ValidationError("The file's text is in an encoding Practice cannot read. Save it "
                          "from the spreadsheet as \"CSV UTF-8\".")


def _delimiter(text: str) -> str:
    # The header line decides: a semicolon-separated file has no commas in its header, and
    # csv.Sniffer guesses wrong on short files with commas inside quoted addresses.
    first = text.lstrip("\ufeff").splitlines()[0] if text else ""
    return ";" if first.count(";") > first.count(",") else ","
