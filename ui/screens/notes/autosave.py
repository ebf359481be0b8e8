"""A debounced autosave: typing restarts a short timer, and the save runs once typing pauses."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

AUTOSAVE_DELAY_MS = 1000


class Autosave(QObject):
    """Calls ``save`` once typing has paused for ``delay_ms``.

    The editor saves at once itself when asked (``save_drafts()``), calling ``cancel()`` first
    and letting errors through, so the lock can report them.

    Args:
        save: Writes whatever is pending; it raises what the core raises.
        on_error: Shown an error from a timed save.
        delay_ms: The pause that triggers a save.
        parent: The owning object (the timer dies with it).
    """

    def __init__(self, save: Callable[[], None], on_error: Callable[[BaseException], None],
                 delay_ms: int = AUTOSAVE_DELAY_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self._on_error = on_error
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._timed)

    @property
    def pending(self) -> bool:
        """Whether typed text waits to be saved."""
        return self._timer.isActive()

    def poke(self) -> None:
        """Note that something was typed: the save waits for the next pause."""
        self._timer.start()

    def cancel(self) -> None:
        """Forget what waits, unsaved (the view is being emptied after a flush)."""
        self._timer.stop()

    def _timed(self) -> None:
        try:
            self._save()
        except Exception as error:  # shown to the therapist; the text stays in the editor
            self._on_error(error)
