"""Whether the chosen letter may be issued under the releases on file, and if not, why.

The Letters screen asks before the therapist does: "Issue letter…" stays disabled while no
release covers the chosen client, provider and letter, and this line names the release that
is missing ("No release of information to Dr. Kim for this client.") with a button that
records it. The core still decides at issue time; this only says so sooner.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

if TYPE_CHECKING:
    from practice.services.releases import DisclosureDecision, RefusalCode
    from ui.context import AppContext
    from ui.models.letters import ReleaseCover

#: How a release that is not in force is described, after "No release of information to X
#: for this client".
_WHY: Mapping[str, str] = {
    "none_on_file": ".",
    "revoked": " is in force: the client has revoked it.",
    "expired": " is in force on the letter's date: the last one has expired.",
    "not_yet_signed": " is in force on the letter's date: it was signed later.",
}


def refusal_words(code: RefusalCode, provider: str, *, members: tuple[str, ...] = ()) -> str:
    """Say in the therapist's words which release a letter lacks.

    Args:
        code: The core's refusal code.
        provider: The recipient's name ("Dr. Alex Kim").
        members: For a joint-session refusal, the other attendees without a release.

    Returns:
        One or two sentences naming the recipient (and the members, if any).
    """
    if code == "joint_member_missing":
        who = " and ".join(members) if members else "another member of a joint session"
        return (f"No release of information to {provider} for {who}, seen with this client "
                "in joint sessions. Record their release, or untick “Include joint sessions”.")
    if code == "out_of_scope":
        return (f"The release of information to {provider} for this client does not cover "
                "everything this letter says.")
    return f"No release of information to {provider} for this client{_WHY.get(code, '.')}"


class ReleaseCheck(QWidget):
    """The line under the letter form that says which release is missing, and records it.

    ``changed`` fires whenever what it says changes (the screen then enables Issue or not);
    ``recorded`` fires when a release was recorded from its button.

    Args:
        context: The application context (for the release form).
        parent: The parent widget.
    """

    changed = Signal()
    recorded = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.checked = False  # False while the releases for the chosen letter are being read
        self.reason = ""
        self._whose: tuple[int, int] | None = None  # (client, provider) the button records for
        self.form: QWidget | None = None
        self.words = QLabel("")
        self.words.setWordWrap(True)
        self.words.setAccessibleName("Why the letter cannot be issued")
        self.record_button = QPushButton("Record release…")
        self.record_button.setAccessibleName("Record release")
        self.record_button.clicked.connect(self.open_release_form)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.words, 1)
        row.addWidget(self.record_button)
        self._show()

    @property
    def allows(self) -> bool:
        """Whether the releases read so far allow the chosen letter."""
        return self.checked and not self.reason

    def checking(self) -> None:
        """The client, provider or date changed: the letter waits for the releases to be read."""
        self.checked, self.reason, self._whose = False, "", None
        self._show()

    def set_cover(self, cover: ReleaseCover, client_id: int, provider_id: int,
                  provider: str) -> None:
        """Say whether a release is in force for the chosen client and provider.

        Args:
            cover: As read on the worker.
            client_id: The client chosen.
            provider_id: The provider chosen.
            provider: The provider's name, as the refusal says it.
        """
        self.checked = True
        if cover.in_force:
            self.reason, self._whose = "", None
        else:
            self.reason = refusal_words(cover.code, provider)
            self._whose = (client_id, provider_id)
        self._show()

    def refused(self, decision: DisclosureDecision, client_id: int, provider_id: int,
                provider: str, names: Callable[[int], str]) -> None:
        """The core refused the letter as composed (e.g. a joint-session member's release).

        Args:
            decision: The core's decision.
            client_id: The client the letter is about.
            provider_id: The recipient.
            provider: The recipient's name.
            names: A client's name by id (for the members without a release).
        """
        members = decision.members_without_release
        self.checked = True
        self.reason = refusal_words(decision.code, provider,
                                    members=tuple(names(m) for m in members))
        # The release to record is the first member's own, or else the client's.
        self._whose = (members[0] if members else client_id, provider_id)
        self._show()

    def allowed(self) -> None:
        """The core composed the letter: whatever it draws on is covered."""
        self.checked, self.reason, self._whose = True, "", None
        self._show()

    def clear(self) -> None:
        """Forget what was read (the store is closing).

        An open release form is left to the lock, which shelves it with what was typed.
        """
        self.checking()

    def _show(self) -> None:
        self.words.setText(self.reason)
        self.words.setVisible(bool(self.reason))
        self.record_button.setVisible(self._whose is not None)
        self.changed.emit()

    def open_release_form(self) -> None:
        """Open the release form for the client (or member) and provider the letter lacks."""
        if self._whose is None or self.form is not None:
            return
        from ui.widgets.release_form import ReleaseForm

        client_id, provider_id = self._whose
        form = ReleaseForm(self.context, client_id, provider_id, parent=self)  # opens itself
        form.saved.connect(lambda _release: self.recorded.emit())
        form.finished.connect(self._forget_form)
        self.form = form

    def _forget_form(self) -> None:
        self.form = None

