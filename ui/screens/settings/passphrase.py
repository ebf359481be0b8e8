"""Settings: changing the passphrase (the current one is asked for first)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QPushButton, QWidget

from practice.errors import PracticeError
from ui.context import AppContext
from ui.errors import show_error
from ui.operations import Job
from ui.widgets.passphrase import PassphraseFields, secret_field


class PassphrasePanel(QGroupBox):
    """Current passphrase, new one twice, Change.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Passphrase", parent)
        self.context = context
        self.current = secret_field("Current passphrase")
        self.fields = PassphraseFields("New passphrase")
        self.change_button = QPushButton("Change passphrase")
        self.change_button.setAccessibleName("Change passphrase")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Passphrase change message")
        form = QFormLayout(self)
        form.addRow("Current passphrase:", self.current)
        form.addRow(self.fields)
        form.addRow(self.change_button)
        form.addRow(self.message)
        self.change_button.clicked.connect(self.change)

    def change(self) -> None:
        """Check the current passphrase, then set the new one (both on the worker)."""
        store = self.context.store
        problem = self.fields.problem()
        if store is None:
            return
        if not self.current.text():
            self.message.setText("Type your current passphrase first.")
            return
        if problem is not None:
            self.message.setText(problem)
            return
        current, new, kdf = self.current.text(), self.fields.text(), self.context.kdf

        def work(_job: Job) -> None:
            store.keyfile.open_with_passphrase(current)  # WrongPassphrase if it is not
            store.change_passphrase(new, kdf=kdf)

        self.change_button.setEnabled(False)
        self.context.ops.run(work, on_success=self._changed, on_failure=self._failed,
                             parent=self)

    def clear(self) -> None:
        """Empty every field."""
        self.current.clear()
        self.fields.clear()
        self.message.clear()
        self.change_button.setEnabled(True)

    def _changed(self, _none: None) -> None:
        self.clear()
        self.message.setText("Your passphrase is changed. Use the new one from now on.")

    def _failed(self, error: BaseException) -> None:
        self.change_button.setEnabled(True)
        self.current.clear()
        self.current.setFocus()
        if isinstance(error, PracticeError):
            self.message.setText(error.message)
        else:
            show_error(self, error)
