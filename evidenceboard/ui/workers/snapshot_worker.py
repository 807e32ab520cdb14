"""Take snapshots of board files on a worker thread, one at a time, and report each.

A snapshot of a 100,000-card board takes seconds (copy, fsync, integrity check); on the
UI thread the window would freeze for all of it. Jobs run one after the other on a
single pool thread through :func:`snapshot_of_file`, which reads the board file on a
connection of its own, so the user keeps editing meanwhile.

Non-obvious choice: the pool thread never touches a Qt object. The worker looks at its
jobs' futures from a timer on the UI thread (every :data:`POLL_MS` while a job is
unreported) and emits ``taken`` or ``failed`` there. A snapshot may outlive its window
(the last one of a board closed as the application quits), and a signal emitted from
another thread on an object being destroyed can crash; a timer dies with its owner and
a future does not care. Python joins the pool thread at exit, so a snapshot that was
started is finished even then. The thread exists only while there are jobs: a window
that is open for days keeps no idle thread, and neither does each test's window.
"""

from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from evidenceboard.storage.errors import BoardFileError
from evidenceboard.storage.snapshot_copy import STEP_PAGES, STEP_PAUSE
from evidenceboard.storage.snapshots import DEFAULT_KEEP, SnapshotSource, snapshot_of_file

#: How often unreported jobs are looked at, in milliseconds.
POLL_MS = 50


@dataclass(eq=False)
class SnapshotJob:
    """One snapshot asked for: of which board, and its outcome once known."""

    source: SnapshotSource
    future: "Future[Path]" = field(repr=False)
    #: The last snapshot of a board that has been closed: a failure is reported as such.
    final: bool = False


class SnapshotWorker(QObject):
    """Runs snapshot jobs off the UI thread; reports them on it."""

    #: A job wrote its snapshot (job, path of the snapshot).
    taken = Signal(object, object)
    #: A job failed (job, the reason in words); nothing was left behind.
    failed = Signal(object, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: Pages per copy step and the pause between steps (see snapshot_copy).
        self.pages = STEP_PAGES
        self.pause = STEP_PAUSE
        self.keep = DEFAULT_KEEP
        self._executor: ThreadPoolExecutor | None = None
        self._jobs: list[SnapshotJob] = []
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._collect)

    def submit(
        self, source: SnapshotSource, root: Path | None, *, final: bool = False
    ) -> SnapshotJob:
        """Queue a snapshot of ``source``'s file into ``root`` (None: the default folder)."""
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="snapshots")
        future = self._executor.submit(
            snapshot_of_file, source, keep=self.keep, root=root, pages=self.pages, pause=self.pause
        )
        job = SnapshotJob(source, future, final)
        self._jobs.append(job)
        self._poll.start()
        return job

    def unreported(self) -> list[SnapshotJob]:
        """Jobs running, queued, or done but not yet reported, oldest first."""
        return list(self._jobs)

    def wait(self, timeout: float | None = None) -> None:
        """Block until every job is done (or ``timeout`` seconds passed), then report."""
        wait_for([job.future for job in self._jobs], timeout)
        self._collect()

    def _collect(self) -> None:
        done = [job for job in self._jobs if job.future.done()]
        self._jobs = [job for job in self._jobs if job not in done]
        if not self._jobs:
            self._poll.stop()
            if self._executor is not None:
                self._executor.shutdown(wait=False)
                self._executor = None
        for job in done:
            error = job.future.exception()
            if error is None:
                self.taken.emit(job, job.future.result())
            elif isinstance(error, BoardFileError):
                self.failed.emit(job, str(error))
            else:
                self.failed.emit(
                    job, f"A snapshot of {job.source.path.name} could not be written ({error})."
                )
