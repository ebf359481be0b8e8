"""Screenshots of every main screen of the demo practice, taken offscreen.

Builds the demo practice (fictional clients only) in a temporary folder, opens it in the
main window without a display, visits Today, Schedule, Clients, a client's chart, Units,
Providers, Letters, Search and Settings, opens the new-client and release forms, and saves a
PNG of each; then opens a new, empty practice and saves its Today screen. It does so twice:
in the light theme into the folder, and in the dark theme into its ``dark/`` subfolder::

    python packaging/screenshots.py [folder] [--theme light|dark|both]
                                                  # default: docs/screenshots/, both
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

# Before anything imports Qt: screenshots never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEventLoop, QSettings
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget

if TYPE_CHECKING:
    from practice.store.store import Store
    from ui.context import AppContext
    from ui.window import MainWindow
    from ui.workspace import Workspace

DEFAULT_FOLDER = Path("docs/screenshots")
#: Each theme's pictures, relative to the folder: the light ones in it, the dark beside.
THEME_FOLDERS = {"light": Path(), "dark": Path("dark")}
WINDOW_SIZE = (1280, 820)
PROSE = ("treatment_summary", "progress_summary", "recommendations", "risk_summary")
PROSE_TEXT = "Invented demo text: weekly sessions, graded steps and practice between sessions."
SETTLE_MS = 400  # after the worker is idle: debounced previews and searches fire by then


def settle(app: QApplication, context: AppContext, quiet_ms: int = SETTLE_MS,
           until: Callable[[], bool] | None = None, timeout_s: float = 30.0) -> None:
    """Run the event loop until the worker is idle (and ``until`` holds) for a moment.

    A script may spin the loop like this; the app itself never does.
    """
    deadline = time.monotonic() + timeout_s
    quiet_since: float | None = None
    while time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        done = not context.ops.busy and (until is None or until())
        if not done:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= quiet_ms / 1000:
            return
        time.sleep(0.01)


def open_window(app: QApplication, folder: Path) -> tuple[AppContext, MainWindow, Store]:
    """Build the demo store in ``folder`` and show it in the main window, unlocked."""
    from ui.app import build_context
    from ui.demo import open_demo
    from ui.window import MainWindow

    store = open_demo(folder / "demo")
    qsettings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    context = build_context(folder / "demo", demo=True, qsettings=qsettings)
    window = MainWindow(context)
    window.resize(*WINDOW_SIZE)
    window.show()
    context.store = store
    window.show_workspace().load_current()
    settle(app, context)
    return context, window, store


class Photographer:
    """Visits screens and saves the window as numbered PNGs.

    Args:
        app: The running application.
        context: The demo's context.
        window: The main window.
        out: Where the PNGs go.
    """

    def __init__(self, app: QApplication, context: AppContext, window: MainWindow,
                 out: Path) -> None:
        self.app, self.context, self.window, self.out = app, context, window, out
        self.saved: list[Path] = []

    @property
    def workspace(self) -> Workspace:
        """The unlocked workspace."""
        assert self.window.workspace is not None
        return self.window.workspace

    def go(self, title: str) -> None:
        """Show the section with this sidebar title."""
        titles = [screen.title for screen in self.workspace.screens]
        self.workspace.show_section(titles.index(title))
        settle(self.app, self.context)

    def shoot(self, name: str, widget: QWidget | None = None) -> None:
        """Save the window (or one of its dialogs) as ``NN-name.png``."""
        path = self.out / f"{len(self.saved) + 1:02d}-{name}.png"
        if not (widget or self.window).grab().save(str(path)):
            raise OSError(f"could not write {path}")
        self.saved.append(path)

    def open_form(self, title: str) -> QDialog:
        """The form just opened, with this window title, once it has read what it needs."""
        settle(self.app, self.context)
        found = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QDialog) and w.isVisible() and w.windowTitle() == title]
        if not found:
            raise LookupError(f"no open form titled {title!r}")
        return found[0]


def letter_example(store: Store) -> tuple[int, int] | None:
    """A (client, provider) pair whose letter the core would write today, for the screenshot."""
    from practice.errors import PracticeError
    from practice.letters.templates import load_templates
    from practice.services.clients import list_clients
    from practice.services.providers import get_provider
    from practice.services.releases import list_releases
    from ui.models.letters import LetterRequest, preview_letter

    today, templates = date.today(), load_templates()
    for client in list_clients(store.sessions):
        for release in list_releases(store.sessions, client.id):
            provider = release.details.provider_id
            if provider is None or release.state_on(today) != "active":
                continue
            label = get_provider(store.sessions, provider).specialty_label
            key = next((t.key for t in templates.values() if t.specialty == label), "general")
            try:
                preview_letter(store.sessions, LetterRequest(
                    client.id, provider, key, today, False, dict.fromkeys(PROSE, PROSE_TEXT)))
            except PracticeError:
                continue
            return client.id, provider
    return None


def visit_letters(shots: Photographer, store: Store) -> None:
    """Show a letter's live preview, with invented prose in its fields."""
    from ui.screens.letters import LettersScreen

    shots.go("Letters")
    screen = shots.workspace.section(LettersScreen)
    pair = letter_example(store)
    if pair is not None:
        screen.form.choose(client_id=pair[0], provider_id=pair[1])
        settle(shots.app, shots.context)
        for edit in screen.form.prose.values():
            edit.setPlainText(PROSE_TEXT)
        screen.preview_now()
        settle(shots.app, shots.context, until=lambda: screen.preview.ready, timeout_s=10)
    shots.shoot("letters")


def fill(form: QWidget, values: dict[str, str]) -> None:
    """Type invented values into the form's fields, found by their accessible names."""
    for field in form.findChildren(QLineEdit):
        if field.accessibleName() in values:
            field.setText(values[field.accessibleName()])


def visit_forms(shots: Photographer, store: Store) -> None:
    """The intake form for a new client, and the form for a release of information."""
    from practice.services.clients import list_clients
    from ui.screens.chart.releases_tab import ReleasesTab
    from ui.screens.clients import ClientsScreen

    shots.go("Clients")
    clients = shots.workspace.section(ClientsScreen)
    clients.new_client()
    form = shots.open_form("New client")
    fill(form, {"Legal name": "Jordan Avery Example", "Chosen name": "Jo",
                "Pronouns": "they/them", "Date of birth": "1988-04-12",
                "Email": "jo@example.org"})
    shots.shoot("new-client-form", form)
    form.done(QDialog.DialogCode.Rejected)  # invented values: nothing is saved
    clients.open_client(list_clients(store.sessions)[0].id)
    settle(shots.app, shots.context)
    clients.findChildren(ReleasesTab)[0].record_release()
    form = shots.open_form("Record a release of information")
    fill(form, {"Purpose": "Coordination of care for pelvic pain"})
    shots.shoot("release-form", form)
    form.done(QDialog.DialogCode.Rejected)
    clients.show_list()
    settle(shots.app, shots.context)


def empty_today(app: QApplication, folder: Path, out: Path, number: int) -> Path:
    """A new, empty practice's Today screen: what it is for, and the first thing to do."""
    from practice.store.kdf import FAST_INSECURE_PARAMS
    from practice.store.store import Store
    from ui.app import build_context
    from ui.window import MainWindow

    store, _recovery = Store.create(folder / "empty", "screenshots only, never used",
                                    kdf=FAST_INSECURE_PARAMS)
    qsettings = QSettings(str(folder / "empty-settings.ini"), QSettings.Format.IniFormat)
    context = build_context(folder / "empty", qsettings=qsettings)
    window = MainWindow(context)
    window.resize(*WINDOW_SIZE)
    window.show()
    context.store = store
    try:
        window.show_workspace().load_current()
        settle(app, context)
        path = out / f"{number:02d}-today-empty-practice.png"
        if not window.grab().save(str(path)):
            raise OSError(f"could not write {path}")
    finally:
        if window.workspace is not None:
            window.workspace.clear()
        context.store = None
        store.close()
        context.ops.shutdown()
        window.close()
    return path


def visit_all(shots: Photographer, store: Store) -> None:
    """Every main screen, in sidebar order, with a chart after Clients."""
    from practice.services.clients import list_clients
    from ui.screens.clients import ClientsScreen
    from ui.screens.search import SearchScreen

    for title, name in (("Today", "today"), ("Schedule", "schedule"),
                        ("Clients", "clients")):
        shots.go(title)
        shots.shoot(name)
    first = list_clients(store.sessions)[0]
    shots.workspace.section(ClientsScreen).open_client(first.id)
    settle(shots.app, shots.context)
    shots.shoot("chart")
    shots.workspace.section(ClientsScreen).show_list()
    for title, name in (("Units", "units"), ("Providers", "providers")):
        shots.go(title)
        shots.shoot(name)
    visit_letters(shots, store)
    shots.go("Search")
    shots.workspace.section(SearchScreen).field.setText(first.display_name.split()[0])
    settle(shots.app, shots.context, quiet_ms=1000)
    shots.shoot("search")
    shots.go("Settings")
    shots.shoot("settings")
    visit_forms(shots, store)


def take_screenshots(out: Path, theme: str = "light") -> list[Path]:
    """Build the demo, visit every main screen and save a PNG of each into ``out``.

    Args:
        out: The folder for the PNGs (created if missing).
        theme: "light" or "dark" (``ui.design.THEMES``), set for the whole app first.

    Returns:
        The files written, in visiting order.
    """
    from ui.design import apply_theme

    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_theme(app, theme)
    with tempfile.TemporaryDirectory(prefix="practice-screenshots-") as temp:
        context, window, store = open_window(app, Path(temp))
        shots = Photographer(app, context, window, out)
        try:
            visit_all(shots, store)
        finally:
            shots.workspace.clear()
            context.store = None
            store.close()
            context.ops.shutdown()
            window.close()
        shots.saved.append(empty_today(app, Path(temp), out, len(shots.saved) + 1))
    return shots.saved


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and take the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER,
                        help="where the PNGs go (default: docs/screenshots/)")
    parser.add_argument("--theme", choices=("light", "dark", "both"), default="both",
                        help="light (into the folder), dark (into its dark/), or both")
    args = parser.parse_args(argv)
    themes = tuple(THEME_FOLDERS) if args.theme == "both" else (args.theme,)
    for theme in themes:
        for path in take_screenshots(args.folder / THEME_FOLDERS[theme], theme):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
