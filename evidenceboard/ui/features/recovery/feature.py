"""Recovery: automatic snapshots, restoring one, and rescuing a board that will not open.

While a writable board is open, a timer takes a snapshot every
:data:`SNAPSHOT_INTERVAL_MS` if the board changed (``AutoSnapshots``); a board with no
snapshot at all gets one when it opens; when the board is closed a last one is taken
if it changed since. File > Restore from snapshot… lists the open board's snapshots.
:func:`recover_damaged_board` is what the window shows when a board fails to open as
damaged.

Non-obvious choices:

* Snapshots are taken on a worker thread (:class:`SnapshotWorker`), from the board
  file through a read-only connection of their own, never through the document's
  connection: on a 100,000-card board a snapshot takes seconds, and the window stays
  usable meanwhile. The copy goes in small steps, so an edit saved meanwhile waits
  milliseconds, and it always copies one committed state of the board.
* "Changed since the last snapshot" is cleared when a snapshot starts, not when it
  ends: the copy holds the board as it is then or later, so an edit made while it runs
  keeps the board pending for the next one. A snapshot that fails makes the board
  pending again, and the user is warned once per board.
* Opening a board only asks whether any snapshot exists, from file names: describing
  them (for the restore dialog) vets and counts each one.
* The window closes a board before announcing the next session, so the last snapshot
  is read from the *closed* file: every change was on disk when it was made, so that
  file is exactly the final board. Quitting waits for snapshots still running.
* Restoring a snapshot of the board that is open (and healthy) writes the restore as
  a new file, ``NAME (restored YYYY-MM-DD HHMM).evboard``, and opens it; the current
  file is left alone. ``restore_snapshot`` puts an existing target aside as
  "damaged", which is right only for a board that really is damaged.
* Under Qt's test mode snapshots go to Qt's test data folder, so test runs never
  touch the user's real snapshots; otherwise to the storage default (shared with the
  command line).
"""

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from evidenceboard.durable import free_path
from evidenceboard.model.short_text import plural
from evidenceboard.storage.document import BoardDocument, open_board
from evidenceboard.storage.errors import BoardFileError, DamagedBoardError
from evidenceboard.storage.salvage import read_board_id, salvage_board
from evidenceboard.storage.snapshots import (
    AutoSnapshots,
    SnapshotInfo,
    SnapshotSource,
    has_snapshots,
    list_snapshots,
    restore_snapshot,
    snapshots_for_file,
)
from evidenceboard.ui.common import settings
from evidenceboard.ui.common.actions import ActionSpec, Needs
from evidenceboard.ui.features.recovery.dialog import (
    RecoveryChoice,
    RecoveryDialog,
    SnapshotListDialog,
    when,
)
from evidenceboard.ui.features.recovery.snapshot_worker import SnapshotJob, SnapshotWorker
from evidenceboard.ui.window.host import WindowFeature, WindowHost

if TYPE_CHECKING:
    from evidenceboard.ui.window.session import BoardSession

#: How often a changed board is snapshotted, in milliseconds.
SNAPSHOT_INTERVAL_MS = 10 * 60 * 1000


def snapshot_root() -> Path | None:
    """Where snapshots are kept: Qt's test folder under test mode, else the default."""
    if QStandardPaths.isTestModeEnabled():
        location = QStandardPaths.StandardLocation.AppDataLocation
        return Path(QStandardPaths.writableLocation(location)) / "snapshots"
    return None


def _stem(path: Path) -> str:
    return path.name.removesuffix(".evboard")


# -- prompts (tests replace these) --------------------------------------------------


def ask_recovery(
    parent: QWidget | None, path: Path, error: DamagedBoardError, snapshot: SnapshotInfo | None
) -> RecoveryChoice:
    dialog = RecoveryDialog(path, str(error), snapshot, parent)
    dialog.exec()
    return dialog.choice


def choose_salvage_path(parent: QWidget | None, suggested: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent,
        "Salvage into a new board",
        str(suggested),
        "EvidenceBoard boards (*.evboard)",
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    if not name:
        return None
    return Path(name) if name.endswith(".evboard") else Path(name + ".evboard")


def show_report(parent: QWidget | None, title: str, text: str, details: list[str]) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if details else QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if details:
        box.setDetailedText("\n".join(details))
    box.exec()


# -- a board that fails to open -----------------------------------------------------


def _restore_damaged(
    parent: QWidget | None, path: Path, snapshot: SnapshotInfo
) -> BoardDocument | None:
    try:
        result = restore_snapshot(snapshot.path, path, author=settings.author_name())
        document = open_board(result.path, author=settings.author_name())
    except BoardFileError as exc:
        show_report(parent, "The snapshot was not restored", str(exc), [])
        return None
    text = (
        f"{path.name} was restored from the snapshot taken {when(snapshot.taken_at)} "
        f"({plural(result.cards, 'card')}, {plural(result.links, 'link')}). Changes made "
        "after that time are not in it."
    )
    if result.damaged_moved_to is not None:
        text += (
            f" The damaged file was kept as “{result.damaged_moved_to.name}”; you can still "
            "salvage it."
        )
    show_report(parent, "Board restored", text, [])
    return document


def _salvage(parent: QWidget | None, path: Path) -> BoardDocument | None:
    suggested = free_path(path.parent, f"{_stem(path)} (salvaged)", ".evboard")
    out = choose_salvage_path(parent, suggested)
    if out is None:
        return None
    try:
        report = salvage_board(path, out, author=settings.author_name())
        document = open_board(out, author=settings.author_name())
    except BoardFileError as exc:
        show_report(parent, "Nothing was salvaged", str(exc), [])
        return None
    lost = report.lost or ["Nothing was found missing."]
    show_report(parent, "Salvage finished", report.describe(), lost)
    return document


def recover_damaged_board(
    parent: QWidget | None, path: Path, error: DamagedBoardError
) -> BoardDocument | None:
    """Offer to restore the last snapshot or salvage a damaged board; the new document.

    None when the user cancelled or recovery failed (the user has been told why).
    """
    snapshots = snapshots_for_file(path, read_board_id(path), snapshot_root())
    usable = next((s for s in snapshots if s.usable), None)
    choice = ask_recovery(parent, path, error, usable)
    if choice is RecoveryChoice.RESTORE and usable is not None:
        return _restore_damaged(parent, path, usable)
    if choice is RecoveryChoice.SALVAGE:
        return _salvage(parent, path)
    return None


# -- snapshots of the open board ----------------------------------------------------


class RecoveryFeature(WindowFeature):
    """Keeps snapshots of the window's open board and restores them."""

    def __init__(self, window: "WindowHost") -> None:
        super().__init__(window, "recovery-feature")
        self.auto: AutoSnapshots | None = None
        #: The newest snapshot taken while this window was open.
        self.last: Path | None = None
        self.worker = SnapshotWorker(self)
        self.worker.taken.connect(self._taken)
        self.worker.failed.connect(self._failed)
        # The open board's jobs not yet reported; those of a closed board are not here.
        self._jobs: list[SnapshotJob] = []
        self._warned = False
        self.timer = QTimer(self)
        self.timer.setInterval(SNAPSHOT_INTERVAL_MS)
        self.timer.timeout.connect(self.take_now)
        self.restore_action = window.add_action(
            ActionSpec(
                "restore-snapshot",
                "Restore from &snapshot…",
                self.show_snapshots,
                needs=Needs.BOARD,
            )
        )
        file_menu = window.menus["file"]
        file_menu.insertAction(window.actions_by_name["close"], self.restore_action)
        window.session_changed.connect(self._session_changed)
        application = QCoreApplication.instance()
        if application is not None:
            # The window closes its board (queuing the last snapshot) before this.
            application.aboutToQuit.connect(self.wait)
        self._session_changed(window.session)

    def _session_changed(self, session: "BoardSession | None") -> None:
        self._finish()
        if session is None or session.document.read_only:
            return
        document = session.document
        self.auto = AutoSnapshots(document, root=snapshot_root())
        self._warned = False
        try:
            if not has_snapshots(document.board.info.id, snapshot_root()):
                # A board received and never changed here would otherwise have none.
                self._submit(SnapshotSource.of(document))
        except BoardFileError as exc:
            self._warn(str(exc))
        self.timer.start()

    def take_now(self) -> SnapshotJob | None:
        """Start a snapshot of the open board if it changed since the last one started.

        Returns the job, or None when nothing changed or a snapshot is still running
        (the board then stays pending).
        """
        auto = self.auto
        if auto is None or auto.document.closed or self._jobs or not auto.claim():
            return None
        return self._submit(SnapshotSource.of(auto.document))

    def wait(self, timeout: float | None = None) -> None:
        """Block until the snapshots started so far are written (or failed) and reported."""
        self.worker.wait(timeout)

    def _submit(self, source: SnapshotSource) -> SnapshotJob:
        job = self.worker.submit(source, snapshot_root())
        self._jobs.append(job)
        return job

    def _taken(self, job: SnapshotJob, path: Path) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
        self.last = path

    def _failed(self, job: SnapshotJob, message: str) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
            if self.auto is not None:
                self.auto.mark_changed()
            self._warn(message)
        elif job.final:
            self.window.message_bar.show_message(
                f"The last snapshot of {job.source.path.name} could not be taken: {message}",
                "warning",
            )
        # Otherwise the board was closed after this snapshot started, and the last
        # snapshot, taken after it, reports for itself.

    def _warn(self, message: str) -> None:
        # Once per board: a full disk would otherwise repeat it every ten minutes.
        if not self._warned:
            self._warned = True
            self.window.message_bar.show_message(message, "warning")

    def _finish(self) -> None:
        """Stop following the previous board, with a last snapshot if it changed."""
        self.timer.stop()
        auto, self.auto = self.auto, None
        running, self._jobs = self._jobs, []
        if auto is None:
            return
        auto.stop()
        if auto.pending:
            # Read from the file: the window has usually closed the document already.
            self.worker.submit(SnapshotSource.of(auto.document), snapshot_root(), final=True)
        elif running:
            # It copies the board as it is now, closed: it is the last snapshot.
            running[-1].final = True

    def show_snapshots(self) -> SnapshotListDialog | None:
        session = self.window.session
        if session is None:
            return None
        document = session.document
        snapshots = list_snapshots(document.board.info.id, snapshot_root())
        dialog = SnapshotListDialog(document.path.name, snapshots, self.window.widget())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.restore(dialog.chosen()))
        dialog.open()
        return dialog

    def restore(self, snapshot: SnapshotInfo | None) -> Path | None:
        """Write ``snapshot`` as a new board next to the open one, and open it."""
        session = self.window.session
        if session is None or snapshot is None:
            return None
        board_path = session.document.path
        stamp = f"{datetime.now().astimezone():%Y-%m-%d %H%M}"
        stem = f"{_stem(board_path)} (restored {stamp})"
        target = free_path(board_path.parent, stem, ".evboard")
        try:
            result = restore_snapshot(snapshot.path, target, author=settings.author_name())
        except BoardFileError as exc:
            self.window.message_bar.show_message(f"The snapshot was not restored: {exc}")
            return None
        if self.window.open_path(result.path):
            self.window.message_bar.show_message(
                f"Opened the snapshot of {when(snapshot.taken_at)} as {result.path.name}; "
                f"{board_path.name} is unchanged.",
                "info",
            )
        return result.path


def install(window: "WindowHost") -> None:
    """Add snapshots and File > Restore from snapshot… to ``window``."""
    RecoveryFeature(window).setObjectName("recovery-feature")
