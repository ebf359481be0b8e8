"""Every row explained before anything is written, then the good rows written at once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from practice.errors import ValidationError
from practice.models.clients import Client
from practice.services.caseload_import.columns import FIELD_LABELS, Field
from practice.services.caseload_import.reading import Table
from practice.services.clients import ClientDetails, check_details, create_clients
from practice.services.common.dates import parse_day
from practice.text.keys import fold

# What a spreadsheet would run as a formula when the cell is opened again ("=cmd|...").
_FORMULA_START = ("=", "@", "\t", "\r")
_PHONE_CHARS = frozenset("0123456789 +-().x/")


@dataclass(frozen=True)
class RowPreview:
    """One row of the file as it would be imported, or why it cannot be.

    ``line`` is the row's line number as the spreadsheet shows it (the header is line 1).
    """

    line: int
    details: ClientDetails | None
    problems: tuple[str, ...]
    duplicate_of: int | None = None
    repeats_line: int | None = None

    @property
    def is_good(self) -> bool:
        """Whether the row can be imported as it is."""
        return self.details is not None and not self.problems

    @property
    def is_duplicate(self) -> bool:
        """Whether the row looks like a client already kept, or an earlier row."""
        return self.duplicate_of is not None or self.repeats_line is not None


@dataclass(frozen=True)
class Preview:
    """The whole file, row by row."""

    rows: tuple[RowPreview, ...]

    @property
    def good(self) -> tuple[RowPreview, ...]:
        """The rows that can be imported."""
        return tuple(row for row in self.rows if row.is_good)

    @property
    def bad(self) -> tuple[RowPreview, ...]:
        """The rows that cannot, each with its reasons."""
        return tuple(row for row in self.rows if not row.is_good)

    @property
    def duplicates(self) -> tuple[RowPreview, ...]:
        """The good rows that look like someone already known."""
        return tuple(row for row in self.good if row.is_duplicate)


def _looks_like_formula(value: str, field: Field) -> bool:
    if value.startswith(_FORMULA_START):
        return True
    if value.startswith(("+", "-")):
        # "+1 504 555 0100" is a phone number; "+cmd|..." or "-2+3" elsewhere is not data.
        return not (field == "phone" and set(value) <= _PHONE_CHARS)
    return False


def _row(line: int, cells: tuple[str, ...], mapping: Mapping[Field, int], today: date,
         ) -> RowPreview:
    problems: list[str] = []

    def cell(field: Field) -> str | None:
        index = mapping.get(field)
        if index is None or index >= len(cells) or not cells[index]:
            return None
        value = cells[index]
        if _looks_like_formula(value, field):
            problems.append(f"{FIELD_LABELS[field]} looks like a spreadsheet formula "
                            "(it starts with = + - or @); it was not read.")
            return None
        return value

    first, last, full = cell("first_name"), cell("last_name"), cell("full_name")
    legal = full or " ".join(part for part in (first, last) if part)
    birth: date | None = None
    try:
        birth = parse_day(cell("date_of_birth"), "Date of birth")
    except ValidationError as refused:
        problems.append(refused.message)
    details = ClientDetails(
        legal_name=legal, chosen_name=cell("preferred_name"), pronouns=cell("pronouns"),
        date_of_birth=birth, state=cell("state"), phone=cell("phone"), email=cell("email"),
        address=cell("address"))
    if not legal:
        problems.append("Name is missing (no full name, or first and last name).")
    clean: ClientDetails | None = None
    if not problems:
        try:
            clean = check_details(details, today)
        except ValidationError as refused:
            problems.append(refused.message)
    return RowPreview(line=line, details=clean, problems=tuple(problems))


def _known(sessions: sessionmaker[Session]) -> dict[tuple[str, date | None], int]:
    with sessions() as s:
        rows = s.execute(select(Client.id, Client.legal_name, Client.chosen_name,
                                Client.date_of_birth))
        known: dict[tuple[str, date | None], int] = {}
        for client_id, legal, chosen, born in rows:
            for name in (legal, chosen):
                if name:
                    known.setdefault((fold(name), born), client_id)
        return known


def preview(sessions: sessionmaker[Session], table: Table, mapping: Mapping[Field, int],
            *, today: date | None = None) -> Preview:
    """Explain what importing the table would do; write nothing.

    Args:
        sessions: The store's sessionmaker (read only, for likely duplicates).
        table: The file as read by ``read_table``.
        mapping: Which column holds each field (``guess_mapping``, adjusted by the therapist).
        today: The date dates of birth are checked against (today by default).

    Returns:
        Every row: its client, or its problems in plain words; likely duplicates flagged
        (the same name and date of birth as a client already kept, or as an earlier row).

    Raises:
        ValidationError: No column gives a name.
    """
    if not ({"full_name", "first_name", "last_name"} & set(mapping)):
        raise ValidationError("Choose the column that holds the name (full name, or first "
                              "and last name).")
    day = today or date.today()
    known = _known(sessions)
    seen: dict[tuple[str, date | None], int] = {}
    rows: list[RowPreview] = []
    for offset, cells in enumerate(table.rows):
        row = _row(offset + 2, cells, mapping, day)
        if row.details is not None:
            key = (fold(row.details.legal_name), row.details.date_of_birth)
            row = RowPreview(row.line, row.details, row.problems,
                             duplicate_of=known.get(key), repeats_line=seen.get(key))
            seen.setdefault(key, row.line)
        rows.append(row)
    return Preview(rows=tuple(rows))


def import_rows(sessions: sessionmaker[Session], checked: Preview, *, skip_bad: bool = False,
                skip_duplicates: bool = False) -> tuple[int, ...]:
    """Write the previewed clients in one transaction (each creation audited), or nothing.

    Args:
        sessions: The store's sessionmaker.
        checked: The preview the therapist confirmed.
        skip_bad: Import the good rows even though some rows have problems.
        skip_duplicates: Leave out the rows flagged as likely duplicates.

    Returns:
        The new clients' ids.

    Raises:
        ValidationError: Some rows have problems and ``skip_bad`` was not given, or no row
            is left to import; nothing was written.
    """
    if checked.bad and not skip_bad:
        raise ValidationError(f"{len(checked.bad)} of {len(checked.rows)} rows have problems; "
                              "nothing was imported. Correct them, or import only the good "
                              "rows.")
    chosen = [row.details for row in checked.good
              if row.details is not None and not (skip_duplicates and row.is_duplicate)]
    if not chosen:
        raise ValidationError("No row is left to import.")
    return create_clients(sessions, chosen)
