"""Setup pages: where the store goes, its passphrase, creating it, and this computer's keychain."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from practice.errors import PracticeError
from ui.context import AppContext
from ui.errors import show_error
from ui.setup.import_choice import ImportChoice
from ui.setup.state import KeychainAnswer, SetupState
from ui.widgets.passphrase import PassphraseFields

if TYPE_CHECKING:
    from practice.services.practice_export import ExportSummary
    from practice.store.store import Store
    from ui.operations import Job


def _label(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setAccessibleName(name)
    return label


class LocationPage(QWizardPage):
    """Where the encrypted store will live (the platform's user data folder by default)."""

    def __init__(self, state: SetupState) -> None:
        super().__init__()
        self.state = state
        self.setTitle("Where to keep your records")
        self.setSubTitle("Practice keeps everything in one encrypted folder on this computer.")
        self.folder = QLineEdit(str(state.store_path))
        self.folder.setAccessibleName("Store folder")
        browse = QPushButton("Choose…")
        browse.setAccessibleName("Choose the store folder")
        browse.clicked.connect(self._browse)
        self.message = _label("", "Store folder message")
        self.import_choice = ImportChoice()
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addWidget(_label("Store folder (the default suits most people):"))
        layout.addLayout(row)
        layout.addWidget(self.import_choice)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.folder.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        """A folder has been given."""
        return bool(self.folder.text().strip())

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        """Refuse a folder that already holds a store, or a relative path."""
        from practice.store.layout import StoreLayout

        path = Path(self.folder.text().strip()).expanduser()
        if not path.is_absolute():
            self.message.setText("Give the full path of the folder.")
            return False
        if StoreLayout(path).exists():
            self.message.setText(
                "That folder already holds a Practice store. Choose another folder, or quit "
                "and start Practice with --store to open that one."
            )
            return False
        try:
            self.state.import_from = self.import_choice.chosen()
        except ValueError as error:
            self.message.setText(str(error))
            return False
        self.message.clear()
        self.state.store_path = path
        return True

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Choose the store folder",
                                                  self.folder.text())
        if chosen:
            self.folder.setText(chosen)


class PassphrasePage(QWizardPage):
    """The passphrase, typed twice, with a plain strength hint."""

    def __init__(self, state: SetupState) -> None:
        super().__init__()
        self.state = state
        self.setTitle("Choose a passphrase")
        self.setSubTitle(
            "You will type it to unlock Practice. Nobody, including the makers of Practice, "
            "can recover your records without it or the recovery key shown next."
        )
        self.fields = PassphraseFields("Passphrase")
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addStretch(1)
        self.fields.changed.connect(self.completeChanged)

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        """The passphrase is long enough and typed the same twice."""
        return self.fields.problem() is None

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        """Hand the passphrase to the page that creates the store."""
        self.state.passphrase = self.fields.text()
        return True


class CreatePage(QWizardPage):
    """Creates the store on the worker; past this page there is no going back."""

    def __init__(self, state: SetupState, context: AppContext) -> None:
        super().__init__()
        self.state = state
        self.context = context
        self.setTitle("Creating your store")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Continue")
        self.status = _label("", "Store creation status")
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.creating = False

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        """Start creating the store, or building it from the export chosen (once)."""
        if self.state.store is not None or self.creating:
            return
        if self.state.import_from is not None:
            self._import(*self.state.import_from)
            return
        from practice.store.store import Store

        self.status.setText(
            "Creating your encrypted store. This takes a few seconds while Practice tunes "
            "the encryption to this computer…"
        )
        path, passphrase, kdf = self.state.store_path, self.state.passphrase, self.context.kdf
        self.creating = True
        self.context.ops.run(lambda _job: Store.create(path, passphrase, kdf=kdf),
                             on_success=self._created, on_failure=self._failed, parent=self)

    def _import(self, export: Path, export_passphrase: str) -> None:
        from practice.services.practice_export import import_practice

        self.status.setText(
            "Bringing in your practice from the export. Every record is checked as it is "
            "read; a large practice takes a minute or two…")
        path, passphrase, kdf = self.state.store_path, self.state.passphrase, self.context.kdf

        def work(job: Job) -> tuple[Store, str, ExportSummary]:
            return import_practice(export, path, passphrase=export_passphrase or None,
                                   store_passphrase=passphrase, kdf=kdf,
                                   cancelled=job.cancelled)

        self.creating = True
        self.context.ops.run(work, on_success=self._imported, on_failure=self._failed,
                             label="Bringing in your practice…", parent=self)

    def _imported(self, imported: tuple[Store, str, ExportSummary]) -> None:
        store, recovery, summary = imported
        self.state.imported_records = summary.records
        self._created((store, recovery))

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        """The store exists."""
        return self.state.store is not None

    def _created(self, created: tuple[Store, str]) -> None:
        self.creating = False
        self.state.store, self.state.recovery_code = created
        self.state.forget_passphrase()
        imported = self.state.imported_records
        brought = "" if imported is None else f" It holds the {imported} records brought in."
        self.status.setText(f"Your store is ready in {self.state.store_path}.{brought}")
        self.completeChanged.emit()
        wizard = self.wizard()
        wizard.setOption(QWizard.WizardOption.NoCancelButton, True)
        wizard.next()

    def _failed(self, error: BaseException) -> None:
        self.creating = False
        if isinstance(error, PracticeError):
            what = "the export file or its passphrase" if self.state.import_from else "the folder"
            self.status.setText(f"{error.message} Go back to change {what}.")
        else:
            self.status.setText("The store could not be created because of a bug.")
            show_error(self, error)


class DevicePage(QWizardPage):
    """Whether this computer's keychain may unlock the store (hidden where there is none)."""

    def __init__(self, state: SetupState) -> None:
        super().__init__()
        self.state = state
        self.setTitle("This computer")
        self.setSubTitle("Whether this computer's own keychain may unlock Practice for you.")
        self.remember = QCheckBox("Remember this store on this computer")
        self.remember.setAccessibleName("Remember this store on this computer")
        self.explanation = _label("Checking for a system keychain…", "Keychain status")
        layout = QVBoxLayout(self)
        layout.addWidget(self.remember)
        layout.addWidget(self.explanation)
        layout.addStretch(1)
        self.refresh()

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        """Show what is known about the keychain so far."""
        self.refresh()

    def refresh(self) -> None:
        """Offer the checkbox only where a real keychain was found."""
        status = self.state.keychain
        available = status is not None and status.available
        self.remember.setVisible(available)
        if not available:
            self.remember.setChecked(False)
        if status is None:
            self.explanation.setText("Checking for a system keychain…")
        elif available:
            self.explanation.setText(
                "Practice will then open without your passphrase when you are logged in to "
                "this computer. Once it has locked itself while you were away, it asks for "
                "the passphrase again."
            )
        else:
            self.explanation.setText(status.explanation)


def check_keychain(context: AppContext, state: SetupState, page: DevicePage) -> None:
    """Ask (on the worker) whether a real keychain is there, then update the device page.

    Args:
        context: The application context.
        state: The wizard's state, which keeps the answer.
        page: The page to refresh.
    """
    keychain = context.keychain

    def work(_job: object) -> KeychainAnswer:
        status = keychain.get().status()  # imports keyring, which may be slow: worker only
        return KeychainAnswer(status.available, status.explanation)

    def known(answer: KeychainAnswer) -> None:
        state.keychain = answer
        page.refresh()

    def failed(_error: BaseException) -> None:
        known(KeychainAnswer(False, "Practice could not check for a system keychain."))

    context.ops.run(work, on_success=known, on_failure=failed)
