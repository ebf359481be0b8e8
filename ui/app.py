"""Builds the application context and starts the desktop app."""

from __future__ import annotations

import sys
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from practice.store.kdf import KdfParams
    from practice.store.keychain import DeviceKeychain
    from ui.context import AppContext

APP_NAME = "Practice"
#: The Linux desktop entry's id (packaging/linux), so Wayland shows the entry's icon.
DESKTOP_ID = "org.practice.Practice"
#: The pixel sizes of ``resources/icons/practice-<size>.png``, from the packaging SVG.
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def build_context(
    store: Path | None = None,
    *,
    demo: bool = False,
    qsettings: QSettings | None = None,
    executor: Executor | None = None,
    keychain: Callable[[], DeviceKeychain] | None = None,
    kdf: KdfParams | None = None,
) -> AppContext:
    """Build the one application context (tests pass their own settings, worker and keychain).

    Args:
        store: The store folder given on the command line, if any.
        demo: Open the demo practice.
        qsettings: Where preferences live; the user's own when None.
        executor: Where work runs; a one-worker pool when None.
        keychain: Builds the keychain; the system's when None.
        kdf: Argon2id parameters for new passphrases; calibrated when None.

    Returns:
        The context, with no store open yet.
    """
    from PySide6.QtCore import QSettings

    from practice.paths import default_store_dir
    from ui.context import AppContext, KeychainAccess
    from ui.errors import show_error
    from ui.operations import Operations
    from ui.settings import STORE_DIR, SettingsAdapter

    if qsettings is None:
        qsettings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                              APP_NAME, APP_NAME)
    settings = SettingsAdapter(qsettings, scope="demo" if demo else "")
    if demo:
        from ui.demo import demo_store_dir

        path = store or demo_store_dir()
    else:
        path = store or Path(settings.get(STORE_DIR) or default_store_dir())
    ops = Operations(executor, show_error=show_error)
    return AppContext(path, settings, ops, KeychainAccess(keychain), kdf=kdf, demo=demo)


def run_app(store: Path | None = None, demo: bool = False) -> int:
    """Start the desktop app and return its exit status.

    Args:
        store: The store folder to open (default: the user data folder).
        demo: Open the demo practice instead, creating it on first use.

    Returns:
        The event loop's exit status.
    """
    from PySide6.QtWidgets import QApplication

    from ui.controller import AppController
    from ui.errors import install_excepthook

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    prepare_application(app)
    context = build_context(store, demo=demo)
    apply_saved_theme(app, context)
    controller = AppController(context, app)
    controller.setup_abandoned.connect(app.quit)
    previous = install_excepthook(lambda: controller.window)
    controller.start()
    try:
        return int(app.exec())
    finally:
        controller.close_store()
        context.ops.shutdown()
        sys.excepthook = previous


def prepare_application(app: QApplication) -> None:
    """Name the application and give every window its icon.

    Args:
        app: The running application.
    """
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(DESKTOP_ID)
    app.setWindowIcon(app_icon())
    forget_module_sources()


def forget_module_sources() -> None:
    """Stop PySide6 keeping the source text of every module imported after it.

    shiboken6 reads each newly imported module's source (``inspect.getsource``) to learn
    whether it names PySide6, and the lines stay in ``linecache``: every module of the
    app and its libraries, about 20 MB of the app's peak memory, kept only for tracebacks,
    which read the lines again when they need them. The check itself is left as it is;
    only what it leaves behind is dropped, now and after each later import.
    """
    import linecache

    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, "_mod_uses_pyside", None)
    if callable(check) and not getattr(check, "forgets_sources", False):

        def forgetful(module: object) -> object:
            try:
                return check(module)
            finally:
                linecache.cache.pop(str(getattr(module, "__file__", "")), None)

        forgetful.forgets_sources = True  # type: ignore[attr-defined]
        feature._mod_uses_pyside = forgetful  # type: ignore[union-attr]
    linecache.clearcache()


def apply_saved_theme(app: QApplication, context: AppContext) -> None:
    """Set the theme chosen in Settings (nothing to do when it follows the system).

    Args:
        app: The running application.
        context: The context whose preferences hold the choice.
    """
    from ui.settings import THEME

    theme = context.settings.get(THEME)
    if theme != "system":
        from ui.design import apply_theme

        apply_theme(app, theme)


def app_icon() -> QIcon:
    """The app's icon at every size it ships in, from 16 px to 512 px for high-DPI screens.

    Each PNG is only named here: Qt reads one when a window first needs that size, so
    start-up pays for no image decoding (and needs no SVG plugin).

    Returns:
        The icon.
    """
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from practice.paths import resources_dir

    folder = resources_dir() / "icons"
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(folder / f"practice-{size}.png"), QSize(size, size))
    return icon
