"""Decides what the therapist sees: setup, unlock or the workspace, and locks when asked or idle."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from practice.errors import PracticeError
from ui.context import AppContext
from ui.errors import show_error
from ui.idle import IdleWatcher
from ui.operations import Job
from ui.settings import AUTO_LOCK_MINUTES, STORE_DIR
from ui.unlock import has_device_slot
from ui.window import MainWindow
from ui.workspace import SETTINGS

# Types only: the settings screen is built on its first visit, the wizard on first run.
if TYPE_CHECKING:
    from practice.store.store import Store
    from ui.screens.base import Screen
    from ui.screens.settings import SettingsScreen
    from ui.screens.settings.restore_dialog import RestoreRequest
    from ui.setup.state import SetupResult
    from ui.setup.wizard import SetupWizard

LOCKED = "Locked. Your drafts were saved."
IDLE_LOCKED = "Locked after {minutes} idle minutes. Your drafts were saved."
RESTORED = (
    "The backup was opened and fully verified (every page's checksum, the structure and "
    "the audit trail) before it replaced your store. The replaced store was kept in {kept}. "
    "Unlock with the backup's passphrase."
)
NOT_RESTORED = "{message} Nothing was replaced; unlock to carry on with your store."


class AppController(QObject):
    """Owns the main window and the idle watcher; opens and closes the store.

    Args:
        context: The application context.
        app: The running application (its input is watched for the idle lock).
    """

    setup_abandoned = Signal()

    def __init__(self, context: AppContext, app: QCoreApplication) -> None:
        super().__init__()
        self.context = context
        self.window = MainWindow(context)
        self.wizard: SetupWizard | None = None
        self.idle = IdleWatcher(app, _minutes_ms(context.settings.get(AUTO_LOCK_MINUTES)))
        self.idle.idle.connect(self._idle_lock)
        self.window.lock_action.triggered.connect(lambda: self.lock(LOCKED))
        self.window.unlock.unlocked.connect(self.unlocked)
        self.window.closing.connect(self.close_store)
        context.settings.changed.connect(self._setting_changed)

    def start(self) -> None:
        """Show the setup wizard on first run, otherwise the unlock screen."""
        from practice.store.layout import StoreLayout

        path = self.context.store_path
        if self.context.demo:
            from ui.demo import open_demo

            self.window.show()
            self.window.unlock.try_automatic(
                lambda job: open_demo(path, progress=job.progress, cancelled=job.cancelled),
                "Opening the demo practice… The first time takes a little while, as its "
                "fictional clients and months of notes are written.",
                label="Opening the demo practice…")
        elif StoreLayout(path).exists():
            self.window.show()
            self._try_device_or_ask(path)
        else:
            self._run_setup()

    def _try_device_or_ask(self, path: Path) -> None:
        # Only at start-up: after a lock the passphrase is always asked for, or anyone
        # walking up to an unattended, auto-locked computer would be let straight back in.
        if not has_device_slot(path):
            self.window.unlock.show_passphrase("")
            self._load_unlock_modules_while_typing()
            return
        keychain = self.context.keychain

        def work(_job: Job) -> Store:
            from practice.store.device import open_with_device

            return open_with_device(path, keychain.get())

        self.window.unlock.try_automatic(work, "Asking this computer's keychain…")

    def _load_unlock_modules_while_typing(self) -> None:
        from ui.prewarm import load_unlock_modules

        # After the unlock screen's first frame, so the loading never delays it; stopped
        # by Enter, so it never delays the unlock either.
        self.context.ops.hold_until_painted(self.window.unlock)
        job = self.context.ops.run(load_unlock_modules, on_success=_ignore)
        unlock = self.window.unlock
        unlock.opening.connect(job.cancel, Qt.ConnectionType.SingleShotConnection)

    def _run_setup(self) -> None:
        from ui.setup.wizard import SetupWizard

        self.wizard = SetupWizard(self.context)
        self.wizard.completed.connect(self._setup_completed)
        self.wizard.abandoned.connect(self.setup_abandoned)
        self.wizard.show()

    def _setup_completed(self, result: SetupResult) -> None:
        self.context.store_path = result.store_path
        self.context.settings.set(STORE_DIR, str(result.store_path))
        self._save_setup(result)
        self.window.show()
        self.unlocked(result.store)

    def _save_setup(self, result: SetupResult) -> None:
        sessions, store, keychain = result.store.sessions, result.store, self.context.keychain

        def save(_job: Job) -> None:
            from dataclasses import replace

            from practice.schedule.timezones import computer_zone
            from practice.services import settings

            if not result.imported:  # an imported practice keeps the details it came with
                # The wizard asks no time zone: a new practice keeps this computer's (as init).
                profile = result.profile or settings.PracticeProfile()
                settings.save_profile(sessions, replace(profile, time_zone=computer_zone().name))
            for name, image in ((settings.LOGO, result.logo),
                                (settings.SIGNATURE, result.signature)):
                if image is not None:
                    settings.save_image(sessions, name, image)

        def remember(_job: Job) -> None:
            from practice.store.device import remember_on_device

            remember_on_device(store, keychain.get())

        self.context.ops.run(save, on_success=_ignore, parent=self.window)
        if result.remember_device:
            self.context.ops.run(remember, on_success=_ignore, parent=self.window)

    def unlocked(self, store: Store) -> None:
        """Show the workspace for a freshly opened store and start the idle countdown.

        Args:
            store: The open store.
        """
        self.context.store = store
        first = self.window.workspace is None
        workspace = self.window.show_workspace()
        if first:
            workspace.when_built(SETTINGS, self._settings_built)
        # The first screen's data is read once its frame is up, so the two do not compete.
        self.context.ops.hold_until_painted(workspace)
        workspace.load_current()
        self.idle.start()
        self.context.forms.unshelve_all()
        for repair in store.repairs:  # what opening had to rebuild, such as a search index
            show_error(self.window, PracticeError(repair))

    def _settings_built(self, screen: Screen) -> None:
        settings = cast("SettingsScreen", screen)
        settings.restore_requested.connect(self.restore)

    def lock(self, message: str = LOCKED) -> None:
        """Save drafts, empty every view, close the store and show the unlock screen.

        Args:
            message: What the unlock screen says about why it is showing.
        """
        if self.context.store is None:
            return
        stopped = self._close_store()
        if stopped:
            message += " Stopped before it finished: " + "; ".join(stopped)
        self.window.show_unlock()
        self.window.unlock.show_passphrase(message)

    def close_store(self) -> None:
        """Close the store as the window closes (drafts saved, views emptied)."""
        self.window.unlock.clear()
        self._close_store()
        self.idle.detach()

    def _close_store(self) -> list[str]:
        """Close the store; return the long operations that had to be stopped."""
        store, workspace = self.context.store, self.window.workspace
        if store is None:
            return []
        self.idle.stop()
        # Forms being typed in are hidden, not closed: what was typed comes back after unlock.
        self.context.forms.shelve_all()
        _close_other_windows()
        failure: BaseException | None = None
        if workspace is not None:
            try:
                workspace.save_drafts()
            except Exception as error:  # the store still closes; the failure is shown below
                failure = error
            workspace.clear()
        self.context.store = None
        stopped = self.context.ops.cancel_all()
        self.context.ops.forget_pending()
        self.context.ops.run(lambda _job: store.close(), on_success=_ignore)
        if failure is not None:
            show_error(self.window, failure)
        return stopped

    def restore(self, request: RestoreRequest) -> None:
        """Lock, then replace the store with a verified backup (the core verifies first).

        Args:
            request: The backup and the credential that opens it.
        """
        from practice.store.backup import restore

        self.lock("Restoring the backup and verifying it…")
        self.window.unlock.set_busy(True)
        path = self.context.store_path
        self.context.ops.run(
            lambda _job: restore(request.source, path, request.credential),
            on_success=self._restored, on_failure=self._not_restored, parent=self.window)

    def _restored(self, kept: Path | None) -> None:
        where = str(kept) if kept is not None else "no folder (there was no store before)"
        self.window.unlock.show_passphrase(RESTORED.format(kept=where))

    def _not_restored(self, error: BaseException) -> None:
        if isinstance(error, PracticeError):
            self.window.unlock.show_passphrase(NOT_RESTORED.format(message=error.message))
        else:
            self.window.unlock.show_passphrase("")
            show_error(self.window, error)

    def _idle_lock(self) -> None:
        minutes = self.context.settings.get(AUTO_LOCK_MINUTES)
        self.lock(IDLE_LOCKED.format(minutes=minutes))

    def _setting_changed(self, key: str) -> None:
        if key == AUTO_LOCK_MINUTES.key:
            self.idle.set_interval(_minutes_ms(self.context.settings.get(AUTO_LOCK_MINUTES)))


def _minutes_ms(minutes: int) -> int:
    return minutes * 60_000


def _close_other_windows() -> None:
    """Close every other dialog and question still on screen, unanswered.

    A question or a dialog is a window of its own: hiding the screen or form it came from
    leaves it standing over the unlock screen, showing what it was read from the store (a
    client's name in a question, a caseload being imported, a record being exported).
    Rejected, a question's action never runs.
    """
    from PySide6.QtWidgets import QApplication, QDialog

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()


def _ignore(_value: object) -> None:
    """A success callback for work whose result nobody needs to see."""
