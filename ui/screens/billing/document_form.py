"""The money documents that cover a period of the client's account (superbills, statements).

The period opens on this year's first day and today; the rest is ``PdfForm``'s.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from practice.services.common.dates import parse_day
from ui.screens.billing.forms import DATE_HINT
from ui.widgets.organisation_form import line
from ui.widgets.pdf_form import PASSWORD, PdfForm

if TYPE_CHECKING:
    from ui.context import AppContext


class PeriodDocumentForm(PdfForm):
    """A document for a period of the client's account (a superbill, a statement).

    The period opens on this year's first day and today; the password comes last.

    Args:
        context: The application context.
        title: The form's title.
        client_id: Whose document.
        file_name: The file name offered.
        labels: The names of the first and last day's fields.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, title: str, client_id: int, file_name: str,
                 labels: tuple[str, str], parent: QWidget | None = None) -> None:
        super().__init__(context, title, client_id, file_name, parent)
        today = date.today()
        self.labels = labels
        self.first_day = line(labels[0], date(today.year, 1, 1).isoformat(),
                              placeholder=DATE_HINT)
        self.last_day = line(labels[1], today.isoformat(), placeholder=DATE_HINT)
        self.add_field(labels[0], self.first_day)
        self.add_field(labels[1], self.last_day)
        self.add_field(PASSWORD, self.password)
        self.start()

    def period(self) -> tuple[date, date]:
        """The first and last days typed (both required)."""
        start = parse_day(self.first_day.text(), self.labels[0], required=True)
        end = parse_day(self.last_day.text(), self.labels[1], required=True)
        assert start is not None and end is not None  # required above
        return start, end

    def check_fields(self) -> None:
        """The period must be two dates."""
        self.period()
