"""Choosing a backup to restore and the passphrase (or recovery key) that opens it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from practice.store.credentials import Credential, Passphrase, RecoveryKey
from ui.widgets.passphrase import secret_field

_STAMP = re.compile(r"(\d{8}T\d{6})(\d{6})?Z$")
_PATH_ROLE = Qt.ItemDataRole.UserRole

RESTORE_EXPLAINED = (
    "Practice locks, copies the backup beside your store, opens it with the passphrase or "
    "recovery key below and checks every page, the structure and the audit trail. Only if "
    "all of that passes does it replace your store; the store it replaces is kept in a "
    "\"replaced-…\" folder inside the store folder."
)


@dataclass(frozen=True, repr=False)
class RestoreRequest:
    """Which backup to restore, and what opens it (repr hidden: it holds a secret)."""

    source: Path
    credential: Credential


def backup_label(path: Path) -> str:
    """Name a backup folder by when it was made.

    Args:
        path: A ``practice-backup-<UTC time>`` folder.

    Returns:
        Its local date and time, or the folder's name when that cannot be read.
    """
    match = _STAMP.search(path.name)
    if match is None:
        return path.name
    made = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    return made.astimezone().strftime("%d %b %Y, %H:%M")


class RestoreDialog(QDialog):
    """Lists the backups in the backup folder; any other backup folder can be chosen.

    Args:
        backups: Published backups, newest first.
        parent: The parent widget.
    """

    def __init__(self, backups: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from a backup")
        self.listing = QListWidget()
        self.listing.setAccessibleName("Backups")
        for path in backups:
            self.add_backup(path)
        other = QPushButton("Another backup folder…")
        other.setAccessibleName("Choose another backup folder")
        other.clicked.connect(self._browse)
        self.secret = secret_field("Passphrase of the backup")
        self.is_recovery_key = QCheckBox("This is the recovery key")
        self.is_recovery_key.setAccessibleName("The secret is the recovery key")
        explained = QLabel(RESTORE_EXPLAINED)
        explained.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            "Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setAccessibleName("Restore the chosen backup")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Backup:", self.listing)
        form.addRow(other)
        form.addRow("Its passphrase:", self.secret)
        form.addRow(self.is_recovery_key)
        form.addRow(explained)
        form.addRow(self.buttons)
        if self.listing.count():
            self.listing.setCurrentRow(0)
        self.listing.currentRowChanged.connect(self._update)
        self.secret.textChanged.connect(self._update)
        self._update()

    def add_backup(self, path: Path) -> None:
        """Offer one more backup folder (and select it).

        Args:
            path: The backup folder.
        """
        item = QListWidgetItem(backup_label(path))
        item.setData(_PATH_ROLE, str(path))
        item.setToolTip(str(path))
        self.listing.addItem(item)
        self.listing.setCurrentItem(item)

    def request(self) -> RestoreRequest | None:
        """The chosen backup and credential, or None while something is missing."""
        item = self.listing.currentItem()
        text = self.secret.text()
        if item is None or not text:
            return None
        credential: Credential = (RecoveryKey(text) if self.is_recovery_key.isChecked()
                                  else Passphrase(text))
        return RestoreRequest(Path(str(item.data(_PATH_ROLE))), credential)

    def _update(self) -> None:
        self.restore_button.setEnabled(self.request() is not None)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Choose a backup folder")
        if chosen:
            self.add_backup(Path(chosen))
