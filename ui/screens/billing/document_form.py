"""The base of every money document's form: its fields, a password, where to save it.

Superbills, estimates, receipts and statements share it: the form checks its fields, asks
where the PDF goes (a name that says nothing of the client), then the core draws, writes,
keeps and logs the document on the worker.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QLineEdit, QWidget

from practice.errors import PracticeError
from practice.services.common.dates import parse_day
from ui.screens.billing.forms import DATE_HINT
from ui.widgets.organisation_form import line
from ui.widgets.record_form import RecordForm

if TYPE_CHECKING:
    from ui.context import AppContext

PASSWORD = "Password for the PDF"
PASSWORD_HINT = "Leave blank for no password."


def ask_pdf_path(parent: QWidget, title: str, name: str) -> Path | None:
    """Ask where a PDF goes (the home folder and a name that says nothing of the client)."""
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(Path.home() / name),
                                                  "PDF files (*.pdf)")
    return Path(chosen) if chosen else None


class DocumentForm(RecordForm):
    """A money document's form: its fields, a password, and where to save it, asked on Save.

    Args:
        context: The application context.
        title: The form's title.
        client_id: Whose document.
        file_name: The file name offered.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, title: str, client_id: int, file_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, title, parent)
        self.client_id, self.file_name = client_id, file_name
        self.out: Path | None = None
        self.password = line(PASSWORD, placeholder=PASSWORD_HINT)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.save_button.setText("Save as PDF…")

    def check_fields(self) -> None:
        """Read every field once (raising what the core would), before asking for a file."""
        raise NotImplementedError

    def save(self) -> None:
        """Check the fields, ask where to save the PDF, then issue it on the worker."""
        self.clear_problems()
        try:
            self.check_fields()
        except PracticeError as error:
            self.show_problem(error.message)
            return
        out = ask_pdf_path(self, f"Save the {self.windowTitle().lower()} (PDF)",
                           self.file_name)
        if out is None:
            return  # the therapist changed her mind: the form stays as it was
        self.out = out
        super().save()

    def secret(self) -> str | None:
        """The password typed, or None for an unprotected file."""
        return self.password.text() or None


class PeriodDocumentForm(DocumentForm):
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
