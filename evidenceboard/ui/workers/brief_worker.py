"""Write a PDF brief on a pool thread, with progress and a prompt, thread-safe cancel.

The worker is given a snapshot of the board (``Board.scratch_copy()`` taken on the UI
thread), never the live board: edits made while the export runs cannot change what is
being laid out, nor race with it.

``write_brief`` calls its progress callback once per placed flowable (tens of thousands
for a large board); the worker passes on only changes of a thousandth or of the total,
so the queued signals never flood the UI thread. Cancelling sets a
:class:`threading.Event` that ``write_brief`` polls between flowables; the export then
stops with ``BriefCancelled`` and its atomic writing leaves an earlier file untouched.

Signals are emitted from the pool thread; the worker lives on the UI thread, so Qt
queues them there. A worker has no Qt parent and stays referenced until its thread is
done, so deleting the dialog that started it (say, with the main window) never deletes
it under a running export; the dialog cancels it as it goes. Exactly one of
``succeeded``, ``failed`` or ``cancelled`` is emitted, then ``finished``.
"""

import threading
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from typing_extensions import override

from evidenceboard.export.brief_marking import MarkingRefused
from evidenceboard.export.brief_options import BriefCancelled, BriefError, BriefOptions
from evidenceboard.export.brief_writer import write_brief
from evidenceboard.model.board import Board

if TYPE_CHECKING:
    from collections.abc import Callable

#: Progress is reported in steps of 1/PROGRESS_STEPS of the total at most.
PROGRESS_STEPS = 1000
#: Workers whose export has not finished: they stay alive until their thread is done
#: with them, even if the dialog that started them is deleted meanwhile.
_ACTIVE: "set[BriefWorker]" = set()


class _Job(QRunnable):
    def __init__(self, worker: "BriefWorker") -> None:
        super().__init__()
        self._worker = worker

    @override
    def run(self) -> None:
        self._worker._run()


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
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self._snapshot = snapshot
        self._path = Path(path)
        self._options = options
        self._pool = pool or QThreadPool.globalInstance()
        self._cancel = threading.Event()
        #: Set once the outcome is known, just before it is signalled.
        self._ended = threading.Event()
        #: Set once the pool thread no longer touches this object.
        self._done = threading.Event()
        self._started = False
        self._last_reported = (-1, -1)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def running(self) -> bool:
        """Started and without an outcome yet (its signal may still be on its way)."""
        return self._started and not self._ended.is_set()

    def start(self) -> None:
        """Start the export on a pool thread (once)."""
        if self._started:
            raise RuntimeError("A brief worker runs once.")
        self._started = True
        # The worker keeps its job: a runnable known only to the pool can be collected by
        # Python before the pool runs it, and the export would then never start.
        self._job = _Job(self)
        self._job.setAutoDelete(False)
        _ACTIVE.add(self)
        self._pool.start(self._job)

    def cancel(self) -> None:
        """Ask the export to stop; safe from any thread, returns at once."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the pool thread is done with this object (True) or on timeout."""
        if not self._started:
            return True
        return self._done.wait(timeout)

    def _report(self, done: int, total: int) -> None:
        # Runs on the pool thread, for every flowable placed: pass on visible steps only.
        step = done * PROGRESS_STEPS // max(total, 1)
        if (step, total) != self._last_reported:
            self._last_reported = (step, total)
            self.progressed.emit(done, total)

    def _run(self) -> None:
        outcome: Callable[[], None]
        try:
            write_brief(
                self._snapshot,
                self._path,
                self._options,
                progress=self._report,
                is_cancelled=self._cancel.is_set,
            )
        except BriefCancelled:
            outcome = self.cancelled.emit
        except MarkingRefused as exc:
            outcome = partial(self.refused.emit, str(exc), exc.higher_cards)
        except BriefError as exc:
            outcome = partial(self.failed.emit, str(exc))
        except Exception as exc:
            # Whatever went wrong must reach the user as a message, not end the thread.
            outcome = partial(self.failed.emit, f"The brief could not be written: {exc}")
        else:
            outcome = partial(self.succeeded.emit, str(self._path))
        self._ended.set()
        # Emit before marking the job done: a dialog waiting in wait() may delete this
        # object as soon as it returns, and nothing may touch it after that.
        outcome()
        self.finished.emit()
        self._done.set()
        _ACTIVE.discard(self)
