"""What an empty list says while its rows are still being read: "Loading…".

A list read on the worker is empty until the read calls back; without a word it looks like
a practice with nothing in it. The hint sits over the list's viewport from the moment the
read starts until the operation has called back (however it ended), and only when the list
has no rows yet: a list being read again keeps its rows on show instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel

from ui import design
from ui.operations import Job, Operations

LOADING = "Loading…"


class LoadingHint(QLabel):
    """"Loading…", centred over an item view's empty viewport while a read runs.

    Args:
        view: The list or table the rows will appear in.
        ops: The runner whose ``finished`` ends the wait.
    """

    def __init__(self, view: QAbstractItemView, ops: Operations) -> None:
        super().__init__(LOADING, view.viewport())
        self._view = view
        self._job: int | None = None
        self.setAccessibleName("Loading")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFont(design.font(design.TypeStep.SUBHEADING, self.font()))
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()
        ops.finished.connect(self._finished)
        view.viewport().installEventFilter(self)

    @property
    def waiting(self) -> bool:
        """Whether the hint is waiting for a read to call back."""
        return self._job is not None

    def wait_for(self, job: Job | None) -> None:
        """Say "Loading…" until ``job`` has called back, if the list has no rows yet.

        Args:
            job: The read filling the list (None when nothing was started: no store).
        """
        model = self._view.model()
        if job is None or (model is not None and model.rowCount() > 0):
            return
        self._job = job.id
        self.setGeometry(self._view.viewport().rect())
        self.show()
        self.raise_()

    def stop(self) -> None:
        """Stop waiting (the list was cleared, say)."""
        self._job = None
        self.hide()

    def _finished(self, job_id: int) -> None:
        if job_id == self._job:
            self.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Keep covering the viewport as it is resized."""
        if event.type() == QEvent.Type.Resize and watched is self._view.viewport():
            self.setGeometry(self._view.viewport().rect())
        return False
