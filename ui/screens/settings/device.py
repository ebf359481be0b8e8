"""Settings: whether this computer's keychain may unlock the store."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from practice.errors import PracticeError
from ui.context import AppContext
from ui.errors import show_error
from ui.operations import Job


@dataclass(frozen=True)
class DeviceState:
    """Whether the store is remembered here, and whether it could be."""

    remembered: bool
    available: bool
    explanation: str


class DevicePanel(QGroupBox):
    """Remember on this device: on/off (offered only where a real keychain exists).

    Args:
        context: The application context.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("This computer", parent)
        self.context = context
        self.remember = QCheckBox("Remember this store on this computer")
        self.remember.setAccessibleName("Remember this store on this computer")
        self.remember.setEnabled(False)
        self.explanation = QLabel("")
        self.explanation.setWordWrap(True)
        self.explanation.setAccessibleName("Keychain status")
        layout = QVBoxLayout(self)
        layout.addWidget(self.remember)
        layout.addWidget(self.explanation)
        self.remember.clicked.connect(self._toggled)
        self._check_when_seen = False

    def load(self) -> None:
        """Ask the keychain whether it can remember the store, once this panel is seen.

        The panel sits at the foot of Settings; asking at once would import ``keyring``
        (about 16 MB, and it may wake D-Bus) for every visit to Settings, though most
        visits never scroll this far. The first paint of the panel starts the question.
        """
        if self.context.store is None:
            return
        self.explanation.setText("Checking for a system keychain…")
        self._check_when_seen = True
        if self.isVisible() and not self.visibleRegion().isEmpty():
            self._ask_keychain()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        """Draw the panel; the first time it is seen after a load, ask the keychain."""
        super().paintEvent(event)
        if self._check_when_seen:
            # After the paint: the question is queued on the worker, never drawn here.
            self._check_when_seen = False
            QTimer.singleShot(0, self._ask_keychain)

    def _ask_keychain(self) -> None:
        self._check_when_seen = False
        store = self.context.store
        if store is None:
            return
        keychain = self.context.keychain

        def work(_job: Job) -> DeviceState:
            from practice.store.keyfile import DEVICE

            status = keychain.get().status()
            return DeviceState(DEVICE in store.keyfile.slots, status.available,
                               status.explanation)

        self.context.ops.run(work, on_success=self._show, parent=self)

    def clear(self) -> None:
        """Show nothing until the next load."""
        self._check_when_seen = False
        self.remember.setEnabled(False)
        self.explanation.clear()

    def _show(self, state: DeviceState) -> None:
        self.remember.setChecked(state.remembered)
        # A remembered store can always be forgotten, keychain or not.
        self.remember.setVisible(state.available or state.remembered)
        self.remember.setEnabled(state.available or state.remembered)
        self.explanation.setText("" if state.available else state.explanation)

    def _toggled(self, on: bool) -> None:
        store = self.context.store
        if store is None:
            return
        keychain = self.context.keychain

        def work(_job: Job) -> DeviceState:
            from practice.store.device import forget_on_device, remember_on_device

            if on:
                remember_on_device(store, keychain.get())
                return DeviceState(True, True, "")
            cleared = forget_on_device(store, keychain.get())
            note = "" if cleared else (
                "The store no longer accepts this computer's key; the keychain could not be "
                "reached to delete it, which is harmless.")
            return DeviceState(False, True, note)

        self.remember.setEnabled(False)
        self.context.ops.run(work, on_success=self._changed, on_failure=self._failed,
                             parent=self)

    def _changed(self, state: DeviceState) -> None:
        self.remember.setEnabled(True)
        self.remember.setChecked(state.remembered)
        self.explanation.setText(state.explanation)

    def _failed(self, error: BaseException) -> None:
        self.remember.setEnabled(True)
        self.remember.setChecked(not self.remember.isChecked())
        if isinstance(error, PracticeError):
            self.explanation.setText(error.message)
        else:
            show_error(self, error)
