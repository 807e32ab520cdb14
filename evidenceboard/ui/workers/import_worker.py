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
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from typing_extensions import override

from evidenceboard.formats import IMPORT_SUFFIXES, read_board_file
from evidenceboard.ingest import ImportedItem, IngestError, read_file
from evidenceboard.ingest.items import unexpected_failure
from evidenceboard.model.board import Board
from evidenceboard.model.cancel import CancelCheck, Cancelled
from evidenceboard.model.errors import ModelError


@dataclass(slots=True)
class ImportBatch:
    """What reading a set of files gave, in the order the files were given."""

    #: Evidence files read into items (pages, PDFs, images, text).
    items: list[ImportedItem] = field(default_factory=list)
    #: Board files read into boards of their own, to be added to the open board.
    boards: list[tuple[Path, Board]] = field(default_factory=list)
    #: Files that could not be read, with a one-line reason for the user.
    failures: list[tuple[Path, str]] = field(default_factory=list)


def is_board_file(path: Path) -> bool:
    """Is ``path`` another board's export (read with the formats package, not ingest)?"""
    return path.suffix.lower() in IMPORT_SUFFIXES


def read_one(path: Path, by: str, batch: ImportBatch, cancel: CancelCheck | None = None) -> None:
    """Read ``path`` into ``batch``: an item, a board, or a failure with its reason.

    Raises :class:`Cancelled` when ``cancel`` says stop while the file is read.
    """
    try:
        if is_board_file(path):
            batch.boards.append((path, read_board_file(path, by, cancel)))
        else:
            batch.items.append(read_file(path, cancel))
    except Cancelled:
        raise  # a stop, not this file's failure
    except IngestError as exc:
        batch.failures.append((path, str(exc)))
    except ModelError as exc:
        batch.failures.append((path, str(exc).removeprefix(f"{path.name}: ")))
    except (OSError, ValueError) as exc:
        # Board-file readers let plain I/O and parse errors through; they are still
        # one file's failure, never the whole import's.
        batch.failures.append((path, f"the file cannot be read ({exc})"))
    except Exception as exc:
        # Anything else a reader raises fails this file alone: were it to escape, the
        # worker would never finish and the batch's good files would be dropped.
        batch.failures.append((path, unexpected_failure(exc)))


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
        batch = ImportBatch()
        total = len(self.paths)
        try:
            for index, path in enumerate(self.paths):
                if self._cancel.is_set():
                    self.cancelled.emit()
                    return
                # A file that fails is a failure in the batch; only a stop escapes.
                try:
                    read_one(path, self._by, batch, self._cancel.is_set)
                except Cancelled:
                    self.cancelled.emit()
                    return
                self.progressed.emit(index + 1, total)
            if self._cancel.is_set():
                self.cancelled.emit()
            else:
                self.finished.emit(batch)
        finally:
            self._done.set()
