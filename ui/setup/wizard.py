"""The first-run setup wizard: it creates the store, then gathers what goes into it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout, QWizard, QWizardPage

from ui.context import AppContext
from ui.setup.pages import CreatePage, DevicePage, LocationPage, PassphrasePage, check_keychain
from ui.setup.recovery_page import RecoveryPage
from ui.setup.state import SetupResult, SetupState
from ui.widgets.profile_form import ProfileForm

BROUGHT_IN = (
    "Your practice's details, letterhead and signature came with the export. Change them "
    "at any time in Settings → Practice details."
)
UNFINISHED = (
    "Your store is created. Type the recovery key back before leaving setup: it is the "
    "only way into your records if you forget your passphrase."
)


class ProfilePage(QWizardPage):
    """The practice's details: your name signs notes and letters; all changeable later."""

    def __init__(self, state: SetupState) -> None:
        super().__init__()
        self.state = state
        self.setTitle("Your practice")
        self.setSubTitle(
            "These go on letters and are kept inside the encrypted store. Your name is needed "
            "to sign notes and letters; fill in the rest when you have it. Everything can be "
            "changed later in Settings → Practice details."
        )
        self.form = ProfileForm()
        self.visited = False
        self.details_area = QScrollArea()
        self.details_area.setWidgetResizable(True)
        self.details_area.setWidget(self.form)
        self.brought = QLabel(BROUGHT_IN)
        self.brought.setWordWrap(True)
        self.brought.setAccessibleName("Practice details brought in")
        self.brought.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.brought)
        layout.addWidget(self.details_area)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        """Note that the therapist reached the details (an imported store has its own)."""
        if self.state.imported_records is not None:
            self.brought.show()
            self.details_area.hide()
            return
        self.visited = True


class SetupWizard(QWizard):
    """Location, passphrase, the store's creation, recovery key, this computer, the practice.

    Emits ``completed`` with a ``SetupResult`` when finished, or ``abandoned`` when closed
    before a store was created.

    Args:
        context: The application context (its KDF parameters and worker are used).
    """

    completed = Signal(object)  # SetupResult
    abandoned = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.state = SetupState(context.store_path)
        self.setWindowTitle("Set up Practice")
        self.setAccessibleName("Set up Practice")
        self.location_page = LocationPage(self.state)
        self.passphrase_page = PassphrasePage(self.state)
        self.create_page = CreatePage(self.state, context)
        self.recovery_page = RecoveryPage(self.state)
        self.device_page = DevicePage(self.state)
        self.profile_page = ProfilePage(self.state)
        for page in (self.location_page, self.passphrase_page, self.create_page,
                     self.recovery_page, self.device_page, self.profile_page):
            self.addPage(page)
        check_keychain(context, self.state, self.device_page)

    def done(self, result: int) -> None:
        """Finish, or close: once the store exists, only after the key was typed back."""
        if result == QDialog.DialogCode.Accepted and self.state.store is not None:
            # Hand over before hiding, so the main window is up before setup goes away.
            self.completed.emit(self._result())
            super().done(result)
        elif self.state.store is None and not self.create_page.creating:
            super().done(QDialog.DialogCode.Rejected)
            self.abandoned.emit()
        elif self.state.recovery_confirmed:
            self.done(QDialog.DialogCode.Accepted)
        else:
            self.recovery_page.saved.setText(UNFINISHED)

    def _result(self) -> SetupResult:
        assert self.state.store is not None
        visited = self.profile_page.visited
        form = self.profile_page.form
        return SetupResult(
            store=self.state.store,
            store_path=self.state.store_path,
            profile=form.profile() if visited else None,
            logo=form.logo.content if visited else None,
            signature=form.signature.content if visited else None,
            remember_device=self.device_page.remember.isChecked(),
            imported=self.state.imported_records is not None,
        )
