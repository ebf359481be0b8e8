"""The Settings section, one panel per concern.

Practice details, fees, locking, appearance, backups, checking the store, calendar, records
in and out, passphrase, and this computer's keychain.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.screens.base import Screen
from ui.screens.billing.fees import FeesPanel
from ui.screens.settings.appearance import AppearancePanel
from ui.screens.settings.backup import BackupPanel
from ui.screens.settings.calendar import CalendarPanel
from ui.screens.settings.device import DevicePanel
from ui.screens.settings.locking import LockingPanel
from ui.screens.settings.passphrase import PassphrasePanel
from ui.screens.settings.practice import PracticePanel
from ui.screens.settings.records import RecordsPanel
from ui.screens.settings.store_check import StoreCheckPanel


class SettingsScreen(Screen):
    """Settings, one panel per concern; preferences save as they change."""

    title = "Settings"
    restore_requested = Signal(object)  # RestoreRequest: the controller locks, then restores

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.locking = LockingPanel(context.settings)
        self.appearance = AppearancePanel(context.settings)
        self.backups = BackupPanel(context)
        self.store_check = StoreCheckPanel(context)
        self.passphrase = PassphrasePanel(context)
        self.device = DevicePanel(context)
        self.practice = PracticePanel(context)
        self.calendar = CalendarPanel(context)
        self.records = RecordsPanel(context)
        self.fees = FeesPanel(context)
        body = QWidget()
        column = QVBoxLayout(body)
        for panel in (self.practice, self.fees, self.locking, self.appearance, self.backups,
                      self.store_check, self.calendar, self.records, self.passphrase,
                      self.device):
            column.addWidget(panel)
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self.backups.restore_requested.connect(self.restore_requested)

    def load(self) -> None:
        """Read the practice's details; the keychain is asked once its panel is seen."""
        self.practice.load()
        self.fees.load()
        self.calendar.load()
        self.device.load()

    def save_drafts(self) -> None:
        """Save edited practice details before the store closes."""
        self.practice.save_drafts()
        self.calendar.save_label()

    def clear(self) -> None:
        """Empty the passphrase fields and forget results."""
        self.passphrase.clear()
        self.backups.clear()
        self.store_check.clear()
        self.device.clear()
        self.practice.clear()
        self.fees.clear()
        self.calendar.clear()
