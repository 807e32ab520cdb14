"""Write a PDF brief in the background, with progress and thread-safe cancel.

The worker is given a snapshot of the board (``Board.scratch_copy()`` taken on the UI
thread), never the live board: edits made while the export runs cannot change what is
being laid out, nor race with it.

``write_brief`` calls its progress callback once per placed flowable (tens of thousands
for a large board); the worker passes on only changes of a thousandth or of the total,
so the queued signals never flood the UI thread. Cancelling is asked by
``write_brief`` between flowables; the export then stops with ``BriefCancelled`` and
its atomic writing leaves an earlier file untouched.

The export runs in a :class:`~evidenceboard.ui.common.background_task.BackgroundTask`, which
keeps itself alive until it is done, so deleting the dialog that started it (say, with
the main window) never deletes it under a running export; the dialog cancels it as it
goes. Exactly one of ``succeeded``, ``failed`` or ``cancelled`` is emitted, then
``finished``, all on the UI thread.
"""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from evidenceboard.export.brief import (
    BriefCancelled,
    BriefError,
    BriefOptions,
    MarkingRefused,
    write_brief,
)
from evidenceboard.model.board import Board
from evidenceboard.ui.common.background_task import BackgroundTask, TaskControl

#: Progress is reported in steps of 1/PROGRESS_STEPS of the total at most.
PROGRESS_STEPS = 1000


Written = tuple[str, tuple[str, ...]]


def _writer(snapshot: Board, path: Path, options: BriefOptions) -> Callable[[TaskControl], Written]:
    def write(control: TaskControl) -> Written:
        last = [(-1, -1)]

        def report(done: int, total: int) -> None:
            # For every flowable placed, on the pool thread: pass on visible steps only.
            step = done * PROGRESS_STEPS // max(total, 1)
            if (step, total) != last[0]:
                last[0] = (step, total)
                control.report((done, total))

        # Looked up when the export starts, so that tests can hold the writer.
        warnings = write_brief(
            snapshot, path, options, progress=report, is_cancelled=control.cancelled
        )
        return str(path), tuple(warnings)

    return write


class BriefWorker(QObject):
    """Writes one brief in the background; create it, connect its signals, call start()."""

    #: (done, total); total may grow once, when the page layout starts.
    progressed = Signal(int, int)
    #: The brief was written to this path.
    succeeded = Signal(str)
    #: The brief could not be written; the message is meant for the user.
    failed = Signal(str)
    #: The brief would be marked lower than what it holds: (message, how many cards are
    #: marked above the marking asked for; 0 when leaving cards out would not help).
    refused = Signal(str, int)
    #: The user cancelled; no file was written or changed.
    cancelled = Signal()
    #: Emitted last, whatever the outcome.
    finished = Signal()

    def __init__(
        self,
        snapshot: Board,
        path: Path,
        options: BriefOptions,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._path = Path(path)
        #: What the user should know about the written brief (set before ``succeeded``).
        self.warnings: tuple[str, ...] = ()
        self.task: BackgroundTask[Written] = BackgroundTask(
            _writer(snapshot, self._path, options), stops=(BriefCancelled,)
        )
        self.task.progressed.connect(self._progressed)
        self.task.succeeded.connect(self._succeeded)
        self.task.failed.connect(self._failed)
        self.task.cancelled.connect(self.cancelled)
        self.task.finished.connect(self.finished)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def running(self) -> bool:
        """Started and its outcome not yet signalled."""
        return self.task.running

    def start(self) -> None:
        """Start the export on a pool thread (once)."""
        self.task.start()

    def cancel(self) -> None:
        """Ask the export to stop; safe from any thread, returns at once."""
        self.task.cancel()

    def is_cancelled(self) -> bool:
        return self.task.is_cancelled()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the export is done and its outcome signalled (True) or on timeout."""
        return self.task.wait(timeout)

    def _progressed(self, value: object) -> None:
        if isinstance(value, tuple):
            self.progressed.emit(*value)

    def _succeeded(self, written: object) -> None:
        if isinstance(written, tuple):
            path, warnings = written
            self.warnings = tuple(warnings)
            self.succeeded.emit(str(path))

    def _failed(self, error: object) -> None:
        if isinstance(error, MarkingRefused):
            self.refused.emit(str(error), error.higher_cards)
        elif isinstance(error, BriefError):
            self.failed.emit(str(error))
        else:
            self.failed.emit(f"The brief could not be written: {error}")
