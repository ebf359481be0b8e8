"""The one way work leaves the UI thread, after Anki's QueryOp/CollectionOp.

Every operation runs on a single worker (which also keeps store writes in order) and its
result comes back on the main thread through a queued Qt signal, never through a
``processEvents`` loop. Work receives only a ``Job`` (a cancel flag and a progress
reporter) and whatever plain data its closure holds: never a widget, never a live ORM
object. A progress dialog appears only when the work takes longer than ~600 ms.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)

T = TypeVar("T")

PROGRESS_DELAY_MS = 600
#: The longest ``hold_until_painted`` keeps work waiting when no frame comes (minimised).
LONGEST_HOLD_MS = 250


class Job:
    """What a worker sees of its operation: whether to stop, and where to report progress.

    Args:
        job_id: The operation's number (for logs and signals).
        report: Called from the worker with (job id, done, total).
    """

    def __init__(self, job_id: int, report: Callable[[int, int, int], None]) -> None:
        self.id = job_id
        self._report = report
        self._cancel = threading.Event()

    def cancelled(self) -> bool:
        """Tell whether the therapist asked to stop (the core polls this)."""
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the work to stop at its next check."""
        self._cancel.set()

    def progress(self, done: int, total: int) -> None:
        """Report progress from the worker (safe from any thread)."""
        self._report(self.id, done, total)


@dataclass
class _Pending(Generic[T]):
    job: Job
    epoch: int
    on_success: Callable[[T], None]
    on_failure: Callable[[BaseException], None] | None
    label: str | None
    parent: QWidget | None
    dialog: QProgressDialog | None = field(default=None, repr=False)


class Operations(QObject):
    """Runs work off the UI thread and calls back on it.

    Args:
        executor: Where work runs; a one-worker pool unless a test passes its own.
        progress_delay_ms: How long work may run before a progress dialog appears.
        show_error: How failures without their own handler are shown.
    """

    finished = Signal(int)  # a job's callback has run on the main thread
    _arrived = Signal(object)
    _progressed = Signal(int, int, int)

    def __init__(
        self,
        executor: Executor | None = None,
        *,
        progress_delay_ms: int = PROGRESS_DELAY_MS,
        show_error: Callable[[QWidget | None, BaseException], object] | None = None,
    ) -> None:
        super().__init__()
        self._executor = executor or ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="practice-worker"
        )
        self._delay = progress_delay_ms
        self._show_error = show_error
        self._ids = itertools.count(1)
        self._epoch = 0
        self._pending: dict[int, _Pending[Any]] = {}
        self._held: list[Callable[[], None]] | None = None  # work waiting for a frame
        # Queued even when work ran inline: callbacks never re-enter the caller.
        self._arrived.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        """Tell whether any submitted operation has not yet called back."""
        return bool(self._pending)

    def run(
        self,
        work: Callable[[Job], T],
        *,
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None = None,
        label: str | None = None,
        parent: QWidget | None = None,
    ) -> Job:
        """Start ``work`` on the worker; call back on the main thread when it ends.

        Args:
            work: Runs on the worker with the ``Job``; returns plain data.
            on_success: Called on the main thread with what ``work`` returned.
            on_failure: Called on the main thread with the error; by default the error is
                shown in plain words.
            label: What the progress dialog says; None for work too quick to need one.
            parent: The widget the progress dialog and any error belong to.

        Returns:
            The job, whose ``cancel()`` asks the work to stop.
        """
        job = Job(next(self._ids), self._progressed.emit)
        pending = _Pending(job, self._epoch, on_success, on_failure, label, parent)
        self._pending[job.id] = pending
        if label is not None:
            # Tied to this runner, so it never fires into a runner that is gone.
            QTimer.singleShot(self._delay, self, lambda: self._open_progress(job.id))
        if self._held is not None:
            self._held.append(lambda: self._submit(work, job))
        else:
            self._submit(work, job)
        return job

    def hold_until_painted(self, widget: QWidget) -> None:
        """Keep new work waiting (still counted as busy) until ``widget`` has painted once.

        The worker's imports and queries are Python too, so work started while a window
        draws its first frame takes the GIL in turns with the drawing and the window
        appears later. Held work starts right after the frame, in the order it was given,
        or after ``LONGEST_HOLD_MS`` if no frame comes (a minimised window).

        Args:
            widget: The widget whose first frame the work waits for.
        """
        if self._held is None:
            self._held = []
        widget.installEventFilter(_FirstPaint(widget, self.release))
        QTimer.singleShot(LONGEST_HOLD_MS, self, self.release)

    def release(self) -> None:
        """Start the work held by ``hold_until_painted`` (nothing if none is held)."""
        held, self._held = self._held, None
        for submit in held or []:
            submit()

    def _submit(self, work: Callable[[Job], Any], job: Job) -> None:
        future = self._executor.submit(work, job)
        future.add_done_callback(lambda done: self._arrived.emit((job.id, done)))

    def cancel_all(self) -> list[str]:
        """Ask every running operation to stop.

        Returns:
            The labels of the long operations that were asked to stop.
        """
        for pending in self._pending.values():
            pending.job.cancel()
        return [p.label for p in self._pending.values() if p.label is not None]

    def forget_pending(self) -> None:
        """Drop the callbacks of operations already submitted (the views they fed are gone).

        Their work still runs to its end (or its next cancel check); only the callbacks
        are skipped.
        """
        self._epoch += 1
        for pending in self._pending.values():
            _close_progress(pending)

    def shutdown(self) -> None:
        """Wait for the worker to finish what it was given, then stop it."""
        self.release()  # held work (closing the store, say) still runs
        self._executor.shutdown(wait=True)

    def _open_progress(self, job_id: int) -> None:
        pending = self._pending.get(job_id)
        if pending is None or pending.epoch != self._epoch or pending.label is None:
            return
        dialog = QProgressDialog(pending.label, "Cancel", 0, 0, pending.parent)
        dialog.setWindowTitle("Practice")
        dialog.setAccessibleName(pending.label)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.canceled.connect(lambda: self._cancel_from_dialog(job_id))
        pending.dialog = dialog
        dialog.show()

    def _cancel_from_dialog(self, job_id: int) -> None:
        pending = self._pending.get(job_id)
        if pending is not None:
            pending.job.cancel()
            if pending.dialog is not None:
                pending.dialog.setLabelText("Stopping…")

    def _show_progress(self, job_id: int, done: int, total: int) -> None:
        pending = self._pending.get(job_id)
        if pending is not None and pending.dialog is not None and total > 0:
            pending.dialog.setMaximum(total)
            pending.dialog.setValue(min(done, total))

    def _deliver(self, arrival: tuple[int, Future[Any]]) -> None:
        job_id, future = arrival
        pending = self._pending.pop(job_id, None)
        if pending is None:
            return
        _close_progress(pending)
        error = future.exception()
        if pending.epoch != self._epoch:
            if error is not None:
                log.info("operation %d ended with %s after its views were cleared",
                         job_id, type(error).__name__)
        elif error is not None:
            self._fail(pending, error)
        else:
            pending.on_success(future.result())
        self.finished.emit(job_id)

    def _fail(self, pending: _Pending[Any], error: BaseException) -> None:
        if pending.on_failure is not None:
            pending.on_failure(error)
        elif self._show_error is not None:
            self._show_error(pending.parent, error)
        else:
            raise error


class _FirstPaint(QObject):
    """Calls ``then`` once, just after the first paint of the widget it filters."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """On the first paint, stop watching and call ``then`` when the paint is over."""
        if event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self._then)  # not in the middle of the paint
            self.deleteLater()
        return False


def _close_progress(pending: _Pending[Any]) -> None:
    dialog, pending.dialog = pending.dialog, None
    if dialog is not None:
        # Deleted here and now (not deleteLater, which a nested event loop can postpone
        # past its parent's own deletion).
        dialog.hide()
        dialog.setParent(None)
