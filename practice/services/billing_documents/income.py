"""The year's income by month, for the accountant: CSV and PDF, with no one's name in it.

An accountant needs what was charged, received, refunded and written off each month and
over the year; nothing about who was seen or why. So the summary holds sums only: no
client name, number or initials, no code, no diagnosis. Each entry counts in the month of
its own date: a charge on its session's date, an adjustment on the day it was made (it
changes what was charged), a payment when received, a refund when given back, a
write-off when decided.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.orm import Session, sessionmaker

from practice.billing.money import Money
from practice.errors import ValidationError
from practice.models.billing import Charge, ChargeAdjustment, Payment, Refund, WriteOff
from practice.store.audit import record

FIRST_YEAR, LAST_YEAR = 1900, 2999
BAD_YEAR = "The year is four digits, such as 2026."
NOTHING_IN_YEAR = ("Nothing was charged, received, refunded or written off in {year}, so there "
                   "is no income summary to write. Check the year.")
BAD_SUFFIX = "Name the income summary FILE.csv or FILE.pdf."
COLUMNS = ("month", "charged", "received", "refunded", "written_off", "net_received")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True, slots=True)
class IncomeMonth:
    """One month's sums.

    Attributes:
        month: 1 to 12.
        charged: Charges by session date, plus adjustments (up or down) by their date.
        received: Payments received.
        refunded: Payments given back.
        written_off: Charges decided not to be collected.
    """

    month: int
    charged: Money
    received: Money
    refunded: Money
    written_off: Money

    @property
    def net_received(self) -> Money:
        """What the practice kept: received less refunded."""
        return self.received - self.refunded


@dataclass(frozen=True, slots=True)
class IncomeYear:
    """A year's months and totals.

    Attributes:
        year: The calendar year.
        months: Twelve months, January first (a month with nothing holds zeros).
    """

    year: int
    months: tuple[IncomeMonth, ...]

    @property
    def total(self) -> IncomeMonth:
        """The year's sums (``month`` 0)."""
        def add(field: str) -> Money:
            return Money(sum(getattr(m, field).cents for m in self.months))

        return IncomeMonth(0, add("charged"), add("received"), add("refunded"),
                           add("written_off"))


def check_year(year: int) -> int:
    """Refuse a year that cannot be a year of practice, before the store is read.

    Args:
        year: Such as 2026.

    Returns:
        The year.

    Raises:
        ValidationError: Not a four-digit year.
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(BAD_YEAR)
    return year


def _by_month(s: Session, day: Any, cents: Any, start: date, end: date,
              *joins: tuple[Any, Any]) -> list[int]:
    query = select(day, cents)
    for target, on in joins:
        query = query.join(target, on)
    sums = [0] * 12
    for on, amount in s.execute(query.where(day >= start, day <= end)):
        sums[on.month - 1] += amount
    return sums


def gather_income(sessions: sessionmaker[Session], year: int) -> IncomeYear:
    """Sum the ledger by month for one calendar year.

    Args:
        sessions: The store's sessionmaker.
        year: The year.

    Returns:
        The twelve months.

    Raises:
        ValidationError: Not a year, or nothing at all in it.
    """
    check_year(year)
    start, end = date(year, 1, 1), date(year, 12, 31)
    signed = case((ChargeAdjustment.direction == "increase", ChargeAdjustment.amount_cents),
                  else_=-ChargeAdjustment.amount_cents)
    with sessions.begin() as s:
        charged = _by_month(s, Charge.service_date, Charge.amount_cents, start, end)
        adjusted = _by_month(s, ChargeAdjustment.adjusted_on, signed, start, end)
        received = _by_month(s, Payment.received_on, Payment.amount_cents, start, end)
        refunded = _by_month(s, Refund.refunded_on, Refund.amount_cents, start, end)
        written = _by_month(s, WriteOff.written_off_on, WriteOff.amount_cents, start, end)
    if not any((*charged, *adjusted, *received, *refunded, *written)):
        raise ValidationError(NOTHING_IN_YEAR.format(year=year))
    return IncomeYear(year, tuple(
        IncomeMonth(i + 1, Money(charged[i] + adjusted[i]), Money(received[i]),
                    Money(refunded[i]), Money(written[i])) for i in range(12)))


def _cells(label: str, month: IncomeMonth) -> list[str]:
    return [label, *(str(m) for m in (month.charged, month.received, month.refunded,
                                      month.written_off, month.net_received))]


def _shown(label: str, month: IncomeMonth) -> list[str]:
    return [label, *(m.display() for m in (month.charged, month.received, month.refunded,
                                           month.written_off, month.net_received))]


def income_csv(summary: IncomeYear) -> str:
    """The summary as CSV: a header, one row a month (``2026-01``), then the year's total.

    Args:
        summary: From ``gather_income``.

    Returns:
        The text, amounts as plain decimals (``1500.00``).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for month in summary.months:
        writer.writerow(_cells(f"{summary.year}-{month.month:02d}", month))
    writer.writerow(_cells(f"{summary.year} total", summary.total))
    return out.getvalue()


def render_income(summary: IncomeYear, practice_name: str, address: tuple[str, ...]) -> bytes:
    """The summary as a one-page PDF under the practice's name.

    Args:
        summary: From ``gather_income``.
        practice_name: The practice, as its letterhead names it.
        address: The practice's address lines.

    Returns:
        The PDF.

    Raises:
        UndrawableText: The practice's name or address holds characters the font cannot draw.
    """
    from reportlab.platypus import Spacer

    from practice.documents.fonts import ensure_fonts
    from practice.documents.glyphs import check_drawable
    from practice.documents.layout import build_pdf, letterhead_flowables, notice, para, styles
    from practice.documents.model import Letterhead
    from practice.services.billing_documents.render import _table

    # Paragraphs resolve their fonts when made, before build_pdf would register them.
    ensure_fonts()
    # The only typed text on the page.
    check_drawable({"Practice name": practice_name, "Practice address": "\n".join(address)})
    style = styles()
    rows = [_shown(MONTHS[m.month - 1], m) for m in summary.months]
    story = [
        *letterhead_flowables(Letterhead(practice_name, address, "")),
        para(f"Income summary for {summary.year}", style.title),
        para("Sums by month, in US dollars. Each entry counts in the month of its own date: "
             "charges on the session's date (with adjustments on the day they were made), "
             "payments when received, refunds when given back, write-offs when decided.",
             style.body),
        Spacer(0, 6),
        _table(("Month", "Charged", "Received", "Refunded", "Written off", "Net received"),
               (1.3, 1.05, 1.05, 1.05, 1.0, 1.05), rows, right_from=1,
               total=_shown(f"Total {summary.year}", summary.total)),
        Spacer(0, 10),
        notice("Prepared for the practice's accountant. It holds sums only: no client names, "
               "no clinical detail."),
    ]
    return build_pdf(story, title=f"Income summary {summary.year}", author=practice_name,
                     running_header=f"Income summary {summary.year}")


def write_income(sessions: sessionmaker[Session], year: int, out: Path) -> IncomeYear:
    """Write the year's income summary to ``FILE.csv`` or ``FILE.pdf`` (whole or not at all).

    The export is audited (the year and the format; the file's name stays out).

    Args:
        sessions: The store's sessionmaker.
        year: The year.
        out: The file, its suffix choosing the format.

    Returns:
        The summary written.

    Raises:
        ValidationError: Not a year, nothing in it, or a name not ending in .csv or .pdf.
        LetterError: The file cannot be written there.
    """
    from practice.services.letters import export_pdf
    from practice.services.settings import load_profile

    suffix = out.suffix.lower()
    if suffix not in (".csv", ".pdf"):
        raise ValidationError(BAD_SUFFIX)
    summary = gather_income(sessions, year)
    if suffix == ".pdf":
        profile = load_profile(sessions)
        export_pdf(render_income(summary, profile.practice_name or profile.therapist_name,
                                 profile.address_lines), out)
    else:
        _write_text(out, income_csv(summary))
    with sessions.begin() as s:
        record(s, "billing.income_summary", year=year, format=suffix[1:])
    return summary


def _write_text(out: Path, text: str) -> None:
    from practice.letters.errors import LetterError
    from practice.store.atomic import write_atomically

    if not out.parent.is_dir():
        raise LetterError("The folder chosen for the file does not exist.")
    if out.is_dir():
        raise LetterError("Choose a file name, not a folder.")
    try:
        write_atomically(out, text.encode("utf-8"))
    except OSError as error:
        raise LetterError(f"The file could not be written ({error.strerror}).") from error
