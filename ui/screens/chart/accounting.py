"""The client's accounting of disclosures (45 CFR 164.528), from the chart.

A client may ask to whom their information went over the last six years. The chart's
"Letters & disclosures" tab lists the log; "Accounting of disclosures…" writes it as the
PDF the client receives, under the name they go by or their legal name, optionally
protected with a password. Giving the client their own accounting is not itself a
disclosure that needs accounting for, so nothing is logged, as on the command line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QWidget

from ui.widgets.pdf_form import PASSWORD, PdfForm
from ui.widgets.record_form import Work

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from ui.context import AppContext

TITLE = "Accounting of disclosures"
EXPLANATION = ("Every disclosure of this client's information over the last six years: to "
               "whom, when, what and why. Written as a PDF for the client.")


class AccountingForm(PdfForm):
    """The name to issue the accounting under and a password; Save asks where it goes.

    Args:
        context: The application context.
        client_id: The client asking.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, client_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, TITLE, client_id, "accounting-of-disclosures.pdf", parent)
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        self.fields.addRow(explanation)
        self.legal_name = QCheckBox("Issue it under the client's legal name")
        self.legal_name.setAccessibleName("Legal name")
        self.add_field("Name", self.legal_name)
        self.add_field(PASSWORD, self.password)
        self.start()

    def check_fields(self) -> None:
        """Nothing to read before asking where to save: the core says what is missing."""

    def work(self) -> Work:
        """Draw the accounting and write it (the core says what is missing, if anything)."""
        from practice.services.letters import export_pdf
        from practice.services.letters.disclosures import disclosure_report

        client_id, legal, out = self.client_id, self.legal_name.isChecked(), self.out
        password, today = self.secret(), date.today()
        assert out is not None  # asked in save()

        def write(sessions: sessionmaker[Session]) -> Path:
            pdf = disclosure_report(sessions, client_id, today=today, use_legal_name=legal)
            export_pdf(pdf, out, password)
            return out

        return write


def accounting_button(context: AppContext, client_id: Callable[[], int | None],
                      parent: QWidget, on_written: Callable[[Path], None]) -> QPushButton:
    """The "Accounting of disclosures…" button, opening the form for the shown client.

    Args:
        context: The application context.
        client_id: Reads the chart's client when clicked.
        parent: The chart (owns the form).
        on_written: Told where the PDF was written.

    Returns:
        The button, to place beside the disclosure log.
    """
    button = QPushButton("Accounting of disclosures…", parent)
    button.setAccessibleName(TITLE)

    def open_form() -> None:
        shown = client_id()
        if shown is not None and context.store is not None:
            form = AccountingForm(context, shown, parent)
            form.saved.connect(lambda path: on_written(Path(str(path))))
            form.finished.connect(lambda _result: form.deleteLater())

    button.clicked.connect(open_form)
    return button
