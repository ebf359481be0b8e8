"""Settings: how long Practice waits before locking itself."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QSpinBox, QWidget

from ui.settings import AUTO_LOCK_MINUTES, SettingsAdapter


class LockingPanel(QGroupBox):
    """Auto-lock minutes, saved as soon as they change.

    Args:
        settings: The preferences adapter.
        parent: The parent widget.
    """

    def __init__(self, settings: SettingsAdapter, parent: QWidget | None = None) -> None:
        super().__init__("Locking", parent)
        self.settings = settings
        self.minutes = QSpinBox()
        self.minutes.setAccessibleName("Lock after this many idle minutes")
        self.minutes.setRange(AUTO_LOCK_MINUTES.minimum or 1, AUTO_LOCK_MINUTES.maximum or 240)
        self.minutes.setSuffix(" minutes")
        self.minutes.setValue(settings.get(AUTO_LOCK_MINUTES))
        note = QLabel("Ctrl+L locks at once. Locking saves drafts first.")
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("Lock when idle for:", self.minutes)
        form.addRow(note)
        self.minutes.valueChanged.connect(lambda value: settings.set(AUTO_LOCK_MINUTES, value))
