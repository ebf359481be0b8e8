"""A form that writes one client's PDF: its fields, then where to save it and a password.

Money documents (superbills, estimates, receipts, statements) and the accounting of
disclosures share it: the form checks its fields, asks where the PDF goes (a name that
says nothing of the client), then the core draws and writes it on the worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QLineEdit, QWidget

from practice.errors import PracticeError
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


class PdfForm(RecordForm):
    """A form that writes one client's PDF: its fields, a password, and where to save it.

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
