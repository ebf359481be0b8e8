"""Issued care-coordination letters (their exact PDF) and the disclosure log kept with them.

Both tables are append-only: an issued letter is what was sent, so a correction is a new
letter that supersedes it, and a disclosure is a fact of the past. The store refuses UPDATE
and DELETE on them for anyone writing SQL past the services (``LETTERS_DDL``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, text
from sqlalchemy.orm import Mapped, mapped_column

from practice.models.base import Base
from practice.models.releases import SCOPES

# A letter is a page or two; the logo and signature images are at most 2 MB each.
MAX_LETTER_BYTES = 20 * 1024 * 1024


def _only_known_scopes(column: str) -> str:
    """SQL that holds when ``column`` is a non-empty comma list of known scopes.

    No scope name contains another, so erasing each known name and the commas leaves nothing
    exactly when every element is known.
    """
    erased = column
    for scope in SCOPES:
        erased = f"replace({erased}, '{scope}', '')"
    return f"length({column}) > 0 AND length(replace({erased}, ',', '')) = 0"


class Letter(Base):
    """A letter as issued: the exact PDF bytes sent, never edited (store triggers)."""

    __tablename__ = "letters"
    __table_args__ = (
        CheckConstraint(
            f"size_bytes = length(pdf) AND size_bytes BETWEEN 1 AND {MAX_LETTER_BYTES}",
            name="size",
        ),
        CheckConstraint("length(pdf_sha256) = 64", name="sha256_present"),
        CheckConstraint("length(trim(template_key)) > 0", name="template_present"),
        CheckConstraint("length(trim(purpose)) > 0", name="purpose_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    # The client's release the letter went out under (joint members' are on the disclosures).
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id"))
    template_key: Mapped[str] = mapped_column(String(64))
    letter_date: Mapped[date]
    purpose: Mapped[str] = mapped_column(String(500))
    legal_name_used: Mapped[bool]
    # A correction names the letter it replaces; each letter is corrected at most once.
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"), unique=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    size_bytes: Mapped[int]
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime]


# Exactly one of: a release it went out under, or a copy of the record to the client herself.
RELEASE_OR_CLIENT_COPY = (
    "(copy_to_client = 0 AND release_id IS NOT NULL) OR (copy_to_client = 1 AND "
    "release_id IS NULL AND provider_id IS NULL AND letter_id IS NULL)"
)


class Disclosure(Base):
    """One disclosure of one client's information to one recipient: a row of the accounting.

    The recipient is copied as it read on the day, so the accounting still says who received
    the information after the provider's record changes. Scopes are a column rather than child
    rows, so that nothing can be added to a disclosure after it was recorded.

    A row is either a disclosure under a release, or (``copy_to_client``) a copy of the
    client's own record given at their request (45 CFR 164.524): no release, no provider, no
    letter, and scopes that may be empty when the copy held none of them (identity,
    releases and letters only).
    """

    __tablename__ = "disclosures"
    __table_args__ = (
        CheckConstraint(f"(copy_to_client = 1 AND scopes = '') OR ({_only_known_scopes('scopes')})",
                        name="scopes_known"),
        CheckConstraint("length(trim(recipient)) > 0", name="recipient_present"),
        CheckConstraint("length(trim(purpose)) > 0", name="purpose_present"),
        CheckConstraint(RELEASE_OR_CLIENT_COPY, name="release_or_client_copy"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(500))
    recipient_address: Mapped[str] = mapped_column(String(1000), default="")
    disclosed_on: Mapped[date] = mapped_column(index=True)
    # Sorted, comma-separated release scopes, e.g. "attendance,diagnosis".
    scopes: Mapped[str] = mapped_column(String(120))
    purpose: Mapped[str] = mapped_column(String(500))
    release_id: Mapped[int | None] = mapped_column(ForeignKey("releases.id"))
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"), index=True)
    recorded_at: Mapped[datetime]
    copy_to_client: Mapped[bool] = mapped_column(default=False, server_default=text("0"))


# --- what the store itself refuses (to be copied literally into the migration) ---------------

LETTER_FIXED_MESSAGE = "an issued letter is never changed or deleted; issue a correction instead"
DISCLOSURE_FIXED_MESSAGE = "a disclosure record is never changed or deleted"


def _refuse(table: str, event: str, message: str) -> str:
    # Table names and messages are constants of this module, never input.
    return (
        f"CREATE TRIGGER trg_{table}_no_{event.lower()} BEFORE {event} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )


LETTERS_DDL: tuple[str, ...] = (
    _refuse("letters", "UPDATE", LETTER_FIXED_MESSAGE),
    _refuse("letters", "DELETE", LETTER_FIXED_MESSAGE),
    _refuse("disclosures", "UPDATE", DISCLOSURE_FIXED_MESSAGE),
    _refuse("disclosures", "DELETE", DISCLOSURE_FIXED_MESSAGE),
)
