"""Notices when nobody has touched the app for a while, so it can lock itself."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

# Input that proves someone is at the keyboard; paints and timers do not count.
_INPUT = frozenset({
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
})


class IdleWatcher(QObject):
    """Emits ``idle`` once after ``interval_ms`` without user input, while started.

    Args:
        app: The application whose input is watched (an event filter is installed on it).
        interval_ms: How long without input counts as idle.
    """

    idle = Signal()

    def __init__(self, app: QCoreApplication, interval_ms: int) -> None:
        super().__init__()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.idle)
        self._app = app
        app.installEventFilter(self)

    @property
    def active(self) -> bool:
        """Tell whether the countdown is running."""
        return self._timer.isActive()

    def start(self) -> None:
        """Start (or restart) the countdown."""
        self._timer.start()

    def stop(self) -> None:
        """Stop counting (nothing to protect while locked)."""
        self._timer.stop()

    def set_interval(self, interval_ms: int) -> None:
        """Change how long without input counts as idle (restarts a running countdown).

        Args:
            interval_ms: Milliseconds.
        """
        self._timer.setInterval(interval_ms)
        if self._timer.isActive():
            self._timer.start()

    def detach(self) -> None:
        """Stop watching the application's input."""
        self._timer.stop()
        self._app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Restart the countdown on user input; never consumes the event."""
        if self._timer.isActive() and event.type() in _INPUT:
            self._timer.start()
        return False
