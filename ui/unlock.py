"""The unlock screen: passphrase, or recovery key then a new passphrase. It shows no client data.

A wrong passphrase is answered under the field (cleared and focused again), never with a
dialog. Opening runs on the worker, since the key derivation takes about half a second.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from practice.errors import PracticeError
from ui.context import AppContext
from ui.errors import show_error
from ui.operations import Job
from ui.widgets.passphrase import PassphraseFields, secret_field

if TYPE_CHECKING:
    from practice.store.store import Store

COLUMN_WIDTH = 520  # a readable line; the rest of the window stays empty

RECOVERED = (
    "The recovery key opened your store. Choose a new passphrase now: from here on it "
    "replaces the one you forgot. Your recovery key stays the same."
)


class UnlockScreen(QWidget):
    """Asks for the passphrase (or the recovery key) and emits the open store.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    unlocked = Signal(object)  # the open Store
    opening = Signal()  # a passphrase or recovery key was submitted; the store opens next

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._recovered: Store | None = None
        self.forms = QStackedWidget()
        self.forms.addWidget(self._build_passphrase_form())
        self.forms.addWidget(self._build_recovery_form())
        self.forms.addWidget(self._build_new_passphrase_form())
        column = QWidget()
        column.setMaximumWidth(COLUMN_WIDTH)
        layout = QVBoxLayout(column)
        layout.addWidget(QLabel("<h2>Practice is locked</h2>"))
        self.where = QLabel(f"Store: {context.store_path}")
        self.where.setAccessibleName("Store location")
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.where)
        if context.demo:
            from ui.demo import DEMO_PASSPHRASE

            layout.addWidget(QLabel(f"Demo practice passphrase: {DEMO_PASSPHRASE}"))
        layout.addWidget(self.forms)
        outer = QGridLayout(self)
        outer.addWidget(column, 1, 1)
        outer.setRowStretch(0, 1)
        outer.setRowStretch(2, 2)
        outer.setColumnStretch(0, 1)
        outer.setColumnStretch(2, 1)
        self.setAccessibleName("Unlock Practice")

    # --- building ----------------------------------------------------------------

    def _build_passphrase_form(self) -> QWidget:
        self.passphrase = secret_field("Passphrase")
        self.unlock_button = _button("Unlock", "Unlock with the passphrase")
        self.message = _message("Unlock message")
        self.use_recovery = _button("Forgot it? Use the recovery key", "Use the recovery key")
        self.use_recovery.setFlat(True)
        self.passphrase.returnPressed.connect(self.submit_passphrase)
        self.unlock_button.clicked.connect(self.submit_passphrase)
        self.use_recovery.clicked.connect(self.show_recovery)
        return _form(("Passphrase:", self.passphrase), self.message, self.unlock_button,
                     self.use_recovery)

    def _build_recovery_form(self) -> QWidget:
        self.recovery_field = QLineEdit()
        self.recovery_field.setAccessibleName("Recovery key")
        self.recovery_field.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.recovery_button = _button("Unlock", "Unlock with the recovery key")
        self.recovery_message = _message("Recovery key message")
        self.back_button = _button("Back to the passphrase", "Back to the passphrase")
        self.back_button.setFlat(True)
        self.recovery_field.returnPressed.connect(self.submit_recovery_key)
        self.recovery_button.clicked.connect(self.submit_recovery_key)
        self.back_button.clicked.connect(lambda: self.show_passphrase(""))
        return _form(("Recovery key:", self.recovery_field), self.recovery_message,
                     self.recovery_button, self.back_button)

    def _build_new_passphrase_form(self) -> QWidget:
        self.new_passphrase = PassphraseFields("New passphrase")
        self.set_button = _button("Set the new passphrase", "Set the new passphrase")
        self.new_message = _message("New passphrase message")
        self.cancel_recovery = _button("Cancel and lock again", "Cancel and lock again")
        self.cancel_recovery.setFlat(True)
        explanation = QLabel(RECOVERED)
        explanation.setWordWrap(True)
        self.new_passphrase.confirm.returnPressed.connect(self.submit_new_passphrase)
        self.set_button.clicked.connect(self.submit_new_passphrase)
        self.cancel_recovery.clicked.connect(self._abandon_recovery)
        return _form(explanation, self.new_passphrase, self.new_message, self.set_button,
                     self.cancel_recovery)

    # --- what the controller calls -------------------------------------------------

    def show_passphrase(self, message: str) -> None:
        """Show the passphrase form with ``message`` under the field.

        Args:
            message: Plain words (why the store is locked, or why a try failed).
        """
        self.forms.setCurrentIndex(0)
        self.where.setText(f"Store: {self.context.store_path}")
        self.message.setText(message)
        self.passphrase.clear()
        self.set_busy(False)
        self.passphrase.setFocus()

    def try_automatic(self, work: Callable[[Job], Store], waiting: str,
                      label: str | None = None) -> None:
        """Open the store without the passphrase (keychain, demo), falling back to the form.

        Args:
            work: Opens the store on the worker; a PracticeError's message is shown.
            waiting: What to say meanwhile.
            label: What a progress dialog says if the work takes a while (it shows the
                progress the work reports, and a Cancel button); None for no dialog.
        """
        self.show_passphrase(waiting)
        self.set_busy(True)
        self.context.ops.run(work, on_success=self._opened, on_failure=self._automatic_failed,
                             label=label, parent=self)

    def clear(self) -> None:
        """Empty every field and close a store opened by the recovery key but not finished."""
        self.passphrase.clear()
        self.recovery_field.clear()
        self.new_passphrase.clear()
        self._abandon_recovery()

    # --- passphrase ------------------------------------------------------------------

    def submit_passphrase(self) -> None:
        """Try the typed passphrase."""
        text = self.passphrase.text()
        if not text:
            self.message.setText("Type your passphrase, then press Enter.")
            return
        from practice.store.credentials import Passphrase
        from practice.store.store import Store

        path = self.context.store_path
        self.set_busy(True)
        self.opening.emit()
        self.context.ops.run(lambda _job: Store.open(path, Passphrase(text)),
                             on_success=self._opened, on_failure=self._passphrase_failed,
                             parent=self)

    def _opened(self, store: Store) -> None:
        self.passphrase.clear()
        self.message.clear()
        self.set_busy(False)
        self.unlocked.emit(store)

    def _passphrase_failed(self, error: BaseException) -> None:
        self.set_busy(False)
        self._explain(error, self.message)
        self.passphrase.clear()
        self.passphrase.setFocus()

    def _automatic_failed(self, error: BaseException) -> None:
        self.set_busy(False)
        self._explain(error, self.message)
        self.passphrase.setFocus()

    # --- recovery key ----------------------------------------------------------------

    def show_recovery(self) -> None:
        """Switch to the recovery-key form."""
        self.forms.setCurrentIndex(1)
        self.recovery_message.clear()
        self.recovery_field.setFocus()

    def submit_recovery_key(self) -> None:
        """Try the typed recovery key."""
        from practice.store.credentials import RecoveryKey
        from practice.store.store import Store

        text, path = self.recovery_field.text(), self.context.store_path
        self.set_busy(True)
        self.opening.emit()
        self.context.ops.run(lambda _job: Store.open(path, RecoveryKey(text)),
                             on_success=self._recovered_with_key,
                             on_failure=self._recovery_failed, parent=self)

    def _recovered_with_key(self, store: Store) -> None:
        self.set_busy(False)
        self._recovered = store
        self.recovery_field.clear()
        self.forms.setCurrentIndex(2)
        self.new_message.clear()
        self.new_passphrase.new.setFocus()

    def _recovery_failed(self, error: BaseException) -> None:
        # The key stays in the field: a misread character is easier to fix than retype.
        self.set_busy(False)
        self._explain(error, self.recovery_message)
        self.recovery_field.setFocus()

    def submit_new_passphrase(self) -> None:
        """Replace the forgotten passphrase, then open the workspace."""
        store = self._recovered
        problem = self.new_passphrase.problem()
        if store is None:
            return
        if problem is not None:
            self.new_message.setText(problem)
            return
        new, kdf = self.new_passphrase.text(), self.context.kdf
        self.set_busy(True)
        self.context.ops.run(lambda _job: store.change_passphrase(new, kdf=kdf),
                             on_success=lambda _none: self._passphrase_replaced(store),
                             on_failure=self._new_passphrase_failed, parent=self)

    def _passphrase_replaced(self, store: Store) -> None:
        self._recovered = None
        self.new_passphrase.clear()
        self._opened(store)

    def _new_passphrase_failed(self, error: BaseException) -> None:
        self.set_busy(False)
        self._explain(error, self.new_message)

    def _abandon_recovery(self) -> None:
        store, self._recovered = self._recovered, None
        if store is not None:
            self.context.ops.run(lambda _job: store.close(), on_success=lambda _none: None)
            self.show_passphrase("")

    # --- helpers -----------------------------------------------------------------------

    def _explain(self, error: BaseException, label: QLabel) -> None:
        if isinstance(error, PracticeError):
            label.setText(error.message)
        else:
            label.setText("Practice could not open the store because of a bug.")
            show_error(self, error)

    def set_busy(self, busy: bool) -> None:
        """Disable (or enable again) the form on show while work runs.

        Args:
            busy: True while waiting for the worker.
        """
        page = self.forms.currentWidget()
        if page is None:
            return
        for child in page.findChildren(QWidget):
            if isinstance(child, QLineEdit | QPushButton):
                child.setEnabled(not busy)


def has_device_slot(path: Path) -> bool:
    """Tell whether this store's key file lets a keychain-held key open it.

    Args:
        path: The store's folder.

    Returns:
        True when a device slot exists (an unreadable key file counts as no: the
        passphrase form will then say what is wrong).
    """
    from practice.store.keyfile import DEVICE, KeyFileStore
    from practice.store.layout import StoreLayout

    try:
        return DEVICE in KeyFileStore(StoreLayout(path).key_file).read().slots
    except (PracticeError, OSError, ValueError):
        return False


def _message(name: str) -> QLabel:
    label = QLabel("")
    label.setWordWrap(True)
    label.setAccessibleName(name)
    return label


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    return button


def _form(*rows: QWidget | tuple[str, QWidget]) -> QWidget:
    page = QWidget()
    form = QFormLayout(page)
    for row in rows:
        if isinstance(row, tuple):
            form.addRow(*row)
        else:
            form.addRow(row)
    return page
