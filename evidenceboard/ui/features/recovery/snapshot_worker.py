"""Take snapshots of board files in the background, one at a time, and report each.

A snapshot of a 100,000-card board takes seconds (copy, fsync, integrity check); on the
UI thread the window would freeze for all of it. Each job is a
:class:`~evidenceboard.ui.common.background_task.BackgroundTask` running
:func:`snapshot_of_file`, which reads the board file on a connection of its own, so the
user keeps editing meanwhile.

Non-obvious choices: jobs run one after the other, in the order asked for: each job's
work first waits on its pool thread until the job before it has returned, so the order
holds even when this worker (and its window) is gone before the jobs are. A snapshot
may outlive its window (the last one of a board closed as the application quits); its
task keeps itself alive until it is reported, and a report to a deleted worker is
dropped by Qt. Quitting waits for the jobs (:meth:`SnapshotWorker.wait`).
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from evidenceboard.storage.errors import BoardFileError
from evidenceboard.storage.snapshot_copy import STEP_PAGES, STEP_PAUSE
from evidenceboard.storage.snapshots import DEFAULT_KEEP, SnapshotSource, snapshot_of_file
from evidenceboard.ui.common.background_task import BackgroundTask, TaskControl


@dataclass(eq=False)
class SnapshotJob:
    """One snapshot asked for: of which board, and the task taking it."""

    source: SnapshotSource
    task: "BackgroundTask[Path]" = field(repr=False)
    #: The last snapshot of a board that has been closed: a failure is reported as such.
    final: bool = False


def _snapshotter(
    source: SnapshotSource,
    after: "BackgroundTask[Path] | None",
    keep: int,
    root: Path | None,
    pages: int,
    pause: float,
) -> Callable[[TaskControl], Path]:
    def take(_control: TaskControl) -> Path:
        if after is not None:
            after.join()  # one snapshot at a time, in order
        return snapshot_of_file(source, keep=keep, root=root, pages=pages, pause=pause)

    return take


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
        self._jobs: list[SnapshotJob] = []
        self._last: BackgroundTask[Path] | None = None

    def submit(
        self, source: SnapshotSource, root: Path | None, *, final: bool = False
    ) -> SnapshotJob:
        """Queue a snapshot of ``source``'s file into ``root`` (None: the default folder)."""
        after = self._last if self._last is not None and not self._last.done else None
        work = _snapshotter(source, after, self.keep, root, self.pages, self.pause)
        task: BackgroundTask[Path] = BackgroundTask(work)
        job = SnapshotJob(source, task, final)
        # Methods, not lambdas: Qt drops the connection if this worker is deleted first.
        task.succeeded.connect(self._taken)
        task.failed.connect(self._failed)
        self._jobs.append(job)
        self._last = task
        task.start()
        return job

    def unreported(self) -> list[SnapshotJob]:
        """Jobs running, queued, or done but not yet reported, oldest first."""
        return list(self._jobs)

    def wait(self, timeout: float | None = None) -> None:
        """Block until every job is done (or ``timeout`` seconds passed), then report."""
        deadline = None if timeout is None else time.monotonic() + timeout
        for job in list(self._jobs):
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            job.task.wait(left)

    def _job_of_sender(self) -> SnapshotJob | None:
        sender = self.sender()
        job = next((j for j in self._jobs if j.task is sender), None)
        if job is not None:
            self._jobs.remove(job)
        return job

    def _taken(self, path: object) -> None:
        job = self._job_of_sender()
        if job is not None:
            self.taken.emit(job, path)

    def _failed(self, error: object) -> None:
        job = self._job_of_sender()
        if job is None:
            return
        if isinstance(error, BoardFileError):
            self.failed.emit(job, str(error))
        else:
            self.failed.emit(
                job, f"A snapshot of {job.source.path.name} could not be written ({error})."
            )
