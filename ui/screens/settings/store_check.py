"""Settings: check the store now, as ``practice verify`` does, and say what was found.

Unlocking already checks the audit trail and the search indexes; this reads everything:
every page's seal, the database's structure, the audit trail, each note's times and each
search index against its records. A damaged store is said in words that lead to the
backups; an index out of step is rebuilt and said so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from practice.errors import StoreDamaged
from ui.context import AppContext

if TYPE_CHECKING:
    from practice.store.store import VerifyReport
    from ui.operations import Job

EXPLANATION = ("Reads the whole store: every page's seal, its structure, the audit trail and "
               "the search indexes. Nothing is changed unless a search index has to be "
               "rebuilt from your notes.")


def describe_check(report: VerifyReport) -> str:
    """Say what a check found, in plain words."""
    return (f"The store checked out: every page passed its seal and the structure check, "
            f"the audit trail's {report.audit_entries} entries are intact, and "
            f"{report.search_indexes} search indexes match your records.")


class StoreCheckPanel(QGroupBox):
    """"Check the store now" and what the last check found.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Checking the store", parent)
        self.context = context
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        self.check_button = QPushButton("Check the store now")
        self.check_button.setAccessibleName("Check the store now")
        self.check_button.clicked.connect(self.check_now)
        self.result = QLabel("")
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Store check result")
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.check_button)
        layout.addWidget(self.result)

    def check_now(self) -> None:
        """Check the open store on the worker, with progress after a moment."""
        store = self.context.store
        if store is None:
            return

        def work(_job: Job) -> VerifyReport:
            return store.verify()

        self.check_button.setEnabled(False)
        self.result.setText("Checking…")
        self.context.ops.run(work, on_success=self._checked, on_failure=self._failed,
                             label="Checking your store…", parent=self)

    def clear(self) -> None:
        """Forget the last result."""
        self.result.clear()
        self.check_button.setEnabled(True)

    def _checked(self, report: VerifyReport) -> None:
        self.check_button.setEnabled(True)
        self.result.setText(describe_check(report))

    def _failed(self, error: BaseException) -> None:
        self.check_button.setEnabled(True)
        if isinstance(error, StoreDamaged):  # a rebuilt search index is said this way too
            self.result.setText(error.message)
            return
        from ui.errors import show_error

        self.result.setText("The check could not finish.")
        show_error(self, error)
