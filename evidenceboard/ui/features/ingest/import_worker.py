"""Read dropped, pasted or chosen files in the background, one after another, cancellable.

Reading is the slow part of an import (a PDF is parsed in a child process for up to
30 seconds, an image is decoded and reduced, a GraphML file may hold 100,000 nodes),
and :func:`~evidenceboard.formats.pipeline.read_sources` touches no board, so it runs
in a :class:`~evidenceboard.ui.common.background_task.BackgroundTask`; the board itself is
only changed afterwards, on the UI thread, in the one change
:func:`~evidenceboard.formats.pipeline.plan_import` builds from the
:class:`~evidenceboard.formats.pipeline.ImportBatch` this worker hands back.

Cancelling is checked between files and, by the board-file and web-archive readers,
every few hundred items inside a file, so a huge GraphML file stops part-way (a PDF
being read is finished first, at most in its time-out); then the worker reports
``cancelled`` and nothing reaches the board. Exactly one of ``finished`` or
``cancelled`` is emitted, on the UI thread; the task outlives a window closed
meanwhile.
"""

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from evidenceboard.formats.pipeline import ImportBatch, read_sources
from evidenceboard.ui.common.background_task import BackgroundTask, TaskControl


def _reader(paths: list[Path], by: str) -> Callable[[TaskControl], ImportBatch]:
    def read(control: TaskControl) -> ImportBatch:
        return read_sources(
            paths,
            by,
            cancel=control.cancelled,
            progressed=lambda done, total: control.report((done, total)),
        )

    return read


class ImportWorker(QObject):
    """Reads files in the background; create it, connect its signals, call start()."""

    #: (files read, files in all), after each file.
    progressed = Signal(int, int)
    #: Every file was read (an :class:`ImportBatch`, failures included).
    finished = Signal(object)
    #: The user cancelled; the files read so far are dropped.
    cancelled = Signal()

    def __init__(self, paths: Sequence[Path], by: str) -> None:
        super().__init__()
        self.paths = [Path(p) for p in paths]
        self.task: BackgroundTask[ImportBatch] = BackgroundTask(_reader(self.paths, by))
        self.task.progressed.connect(self._progressed)
        self.task.succeeded.connect(self.finished)
        self.task.cancelled.connect(self.cancelled)
        self.task.failed.connect(self._failed)

    def _failed(self, error: object) -> None:
        # Each file's failure is in the batch; this is a bug outside any one file. Say
        # so for every file rather than leave the import without an end.
        reason = f"the import stopped unexpectedly ({error})"
        self.finished.emit(ImportBatch(failures=[(path, reason) for path in self.paths]))

    def _progressed(self, value: object) -> None:
        if isinstance(value, tuple):
            self.progressed.emit(*value)

    def start(self) -> None:
        """Start reading (once)."""
        self.task.start()

    def cancel(self) -> None:
        """Stop soon, inside the file being read if it can; safe from any thread."""
        self.task.cancel()

    @property
    def running(self) -> bool:
        return self.task.running

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the files are read, then report (tests)."""
        return self.task.wait(timeout)
