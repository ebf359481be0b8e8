"""Settings: the practice's details (letterhead, licences, images), kept inside the store."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from practice.errors import PracticeError
from ui.context import AppContext
from ui.errors import show_error
from ui.widgets.client_form import zone_box, zone_names
from ui.widgets.profile_form import ProfileForm

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from practice.services.settings import PracticeProfile


TITLE = "Practice details"  # the signing-name prompt says "Settings → Practice details"


@dataclass(frozen=True, repr=False)
class PracticeDetails:
    """The profile and both images, as read or to be saved."""

    profile: PracticeProfile
    logo: bytes | None
    signature: bytes | None


class PracticePanel(QGroupBox):
    """The practice's details, loaded from the store and saved back with one button.

    Args:
        context: The application context.
        parent: The parent widget.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(TITLE, parent)
        self.context = context
        self.form = ProfileForm()
        # The practice's clock: the schedule shows times in it. Set from this computer at
        # setup; changed only here (the wizard does not ask).
        self.time_zone = zone_box("Practice time zone")
        self.save_button = QPushButton("Save practice details")
        self.save_button.setAccessibleName("Save practice details")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Practice details message")
        self._saved: PracticeDetails | None = None
        self._focus_name = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        zone_row = QFormLayout()
        zone_row.addRow("Practice time zone:", self.time_zone)
        layout.addLayout(zone_row)
        layout.addWidget(self.save_button)
        layout.addWidget(self.message)
        self.save_button.clicked.connect(self.save)
        self._reading(True)

    def _reading(self, reading: bool) -> None:
        """Hold the form still while the saved details are read: typing then would be lost."""
        self.form.setEnabled(not reading)
        self.time_zone.setEnabled(not reading)
        self.save_button.setEnabled(not reading)

    def load(self) -> None:
        """Read the details from the store (on the worker)."""
        if self.context.store is None:
            return
        if self._saved is None:
            self._reading(True)

        def work(sessions: sessionmaker[Session]) -> PracticeDetails:
            from practice.services import settings

            return PracticeDetails(settings.load_profile(sessions),
                                   settings.load_image(sessions, settings.LOGO),
                                   settings.load_image(sessions, settings.SIGNATURE))

        self.context.read(work, on_success=self._show, parent=self)

    def save(self) -> None:
        """Write the details (and only the images that changed) to the store."""
        if self.context.store is None:
            return
        if not self.form.licences.take_pending():
            self.message.setText("The licence typed is not saved yet: "
                                 + self.form.licences.message.text())
            return
        before = self._saved
        zone = self.time_zone.currentText().strip()
        if zone not in zone_names():
            self.message.setText("Practice time zone must be one of the listed zones, such as "
                                 "America/Chicago.")
            return
        wanted = PracticeDetails(self._typed_profile(), self.form.logo.content,
                                 self.form.signature.content)

        def work(sessions: sessionmaker[Session]) -> PracticeDetails:
            from practice.services import settings

            settings.save_profile(sessions, wanted.profile)
            for name, image, old in ((settings.LOGO, wanted.logo, before and before.logo),
                                     (settings.SIGNATURE, wanted.signature,
                                      before and before.signature)):
                if before is None or image != old:
                    settings.save_image(sessions, name, image)
            return wanted

        self.save_button.setEnabled(False)
        self.context.write(work, on_success=self._stored, on_failure=self._failed,
                           parent=self)

    def focus_name(self) -> None:
        """Put the cursor in "Your name" (the sign dialog sends the therapist here).

        While the details are still being read, the cursor goes there once they are shown.
        """
        if not self.form.isEnabled():
            self._focus_name = True
            return
        self._focus_name = False
        self.form.therapist_name.setFocus()
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureWidgetVisible(self.form.therapist_name)

    def _typed_profile(self) -> PracticeProfile:
        return replace(self.form.profile(), time_zone=self.time_zone.currentText().strip())

    def has_changes(self) -> bool:
        """Tell whether the form differs from what the store holds."""
        saved = self._saved
        return saved is not None and (
            self._typed_profile() != saved.profile or self.form.logo.content != saved.logo
            or self.form.signature.content != saved.signature)

    def save_drafts(self) -> None:
        """Save edited details before the store closes."""
        if self.has_changes():
            self.save()

    def clear(self) -> None:
        """Empty the form."""
        from practice.services.settings import PracticeProfile

        self._saved = None
        self.form.set_profile(PracticeProfile())
        self.time_zone.setCurrentText("")
        self.form.logo.set_content(None)
        self.form.signature.set_content(None)
        self.message.clear()
        self._reading(True)

    def _show(self, details: PracticeDetails) -> None:
        if self.has_changes():  # typed since the last read: a re-read never throws it away
            self._saved = details
            return
        self._saved = details
        self.form.set_profile(details.profile)
        self.time_zone.setCurrentText(details.profile.time_zone)
        self.form.logo.set_content(details.logo)
        self.form.signature.set_content(details.signature)
        self.message.clear()
        self._reading(False)
        if self._focus_name:
            self.focus_name()

    def _stored(self, details: PracticeDetails) -> None:
        self._saved = details
        self.save_button.setEnabled(True)
        self.message.setText("Saved.")

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, PracticeError):
            self.message.setText(error.message)
        else:
            show_error(self, error)
