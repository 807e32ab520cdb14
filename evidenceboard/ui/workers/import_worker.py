"""Read dropped, pasted or chosen files on a pool thread, one after another, cancellable.

Reading is the slow part of an import (a PDF is parsed in a child process for up to
30 seconds, an image is decoded and reduced), and :func:`read_file` touches no board,
so it runs here; the board itself is only changed afterwards, on the UI thread, in
one undoable change built from the :class:`ImportBatch` this worker hands back.

Board files (JSON dumps, JSON Canvas, GraphML) are read into a new, separate board
here too; merging them into the open board needs the board's ids and so happens on
the UI thread.

Files are read one at a time rather than all at once in the pool: the PDF reader is
a process of its own, and a drop of fifty PDFs must not start fifty of them on a
laptop. Cancelling sets a :class:`threading.Event` checked between files and, by the
board-file and web-archive readers, every few hundred items inside a file, so a huge
GraphML file stops part-way (a PDF being read is finished first, at most in its
time-out); then the worker reports ``cancelled`` and nothing reaches the board.

Signals are emitted from the pool thread to an object that lives on the UI thread,
so Qt queues them there. The pool's runnable keeps a reference to the worker, so the
worker outlives any window that dropped it. Exactly one of ``finished`` or
``cancelled`` is emitted.
"""

import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from typing_extensions import override

from evidenceboard.formats.pipeline import read_sources
from evidenceboard.model.cancel import Cancelled


class _Job(QRunnable):
    def __init__(self, worker: "ImportWorker") -> None:
        super().__init__()
        self._worker = worker

    @override
    def run(self) -> None:
        self._worker._run()


class ImportWorker(QObject):
    """Reads files in the background; create it, connect its signals, call start()."""

    #: (files read, files in all), after each file.
    progressed = Signal(int, int)
    #: Every file was read (an :class:`ImportBatch`, failures included).
    finished = Signal(object)
    #: The user cancelled; the files read so far are dropped.
    cancelled = Signal()

    def __init__(self, paths: Sequence[Path], by: str, pool: QThreadPool | None = None) -> None:
        # No parent: the pool thread emits from this object until it is done, so its
        # life must not end with a window that is closed meanwhile.
        super().__init__()
        self.paths = [Path(p) for p in paths]
        self._by = by
        self._pool = pool or QThreadPool.globalInstance()
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._started = False

    def start(self) -> None:
        if self._started:
            raise RuntimeError("An import worker runs once.")
        self._started = True
        self._pool.start(_Job(self))

    def cancel(self) -> None:
        """Stop soon, inside the file being read if it can; safe from the UI thread."""
        self._cancel.set()

    @property
    def running(self) -> bool:
        return self._started and not self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the pool thread is done with this worker (tests, shutdown)."""
        return self._done.wait(timeout)

    def _run(self) -> None:
        try:
            # A file that fails is a failure in the batch; only a stop escapes.
            batch = read_sources(
                self.paths, self._by, cancel=self._cancel.is_set, progressed=self.progressed.emit
            )
        except Cancelled:
            self.cancelled.emit()
        else:
            self.finished.emit(batch)
        finally:
            self._done.set()
