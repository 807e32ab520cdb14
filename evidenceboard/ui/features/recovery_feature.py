"""Recovery: automatic snapshots, restoring one, and rescuing a board that will not open.

While a writable board is open, a timer takes a snapshot every
:data:`SNAPSHOT_INTERVAL_MS` if the board changed (``AutoSnapshots``); a board with no
snapshot at all gets one when it opens; when the board is closed a last one is taken
if it changed since. File > Restore from snapshot… lists the open board's snapshots.
:func:`recover_damaged_board` is what the window shows when a board fails to open as
damaged.

Non-obvious choices:

* Snapshots are taken on the UI thread. The document's one SQLite connection serves
  every edit, and nothing serialises its use: a backup on another thread could copy
  a transaction half-written by an edit, and the snapshot's check counts the live
  board, which an edit may change meanwhile. A backup plus check of a normal board
  takes milliseconds (13 ms for the demo board), well under a frame.
* The window closes a board before announcing the next session, so the last
  snapshot is taken from the *closed* file, opened read-only: every change was on
  disk when it was made, so that file is exactly the final board.
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

from PySide6.QtCore import QObject, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from evidenceboard.storage.document import BoardDocument, open_board
from evidenceboard.storage.errors import BoardFileError, DamagedBoardError
from evidenceboard.storage.salvage import read_board_id, salvage_board
from evidenceboard.storage.snapshots import (
    AutoSnapshots,
    SnapshotInfo,
    list_snapshots,
    restore_snapshot,
    snapshots_for_file,
    take_snapshot,
)
from evidenceboard.ui.dialogs.recovery_dialog import (
    RecoveryChoice,
    RecoveryDialog,
    SnapshotListDialog,
    when,
)
from evidenceboard.ui.features.sharing_feature import author_name

if TYPE_CHECKING:
    from evidenceboard.ui.main_window import MainWindow
    from evidenceboard.ui.session import BoardSession

#: How often a changed board is snapshotted, in milliseconds.
SNAPSHOT_INTERVAL_MS = 10 * 60 * 1000


def snapshot_root() -> Path | None:
    """Where snapshots are kept: Qt's test folder under test mode, else the default."""
    if QStandardPaths.isTestModeEnabled():
        location = QStandardPaths.StandardLocation.AppDataLocation
        return Path(QStandardPaths.writableLocation(location)) / "snapshots"
    return None


def _free_name(folder: Path, base: str) -> Path:
    candidate = folder / f"{base}.evboard"
    number = 2
    while candidate.exists():
        candidate = folder / f"{base} {number}.evboard"
        number += 1
    return candidate


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
        result = restore_snapshot(snapshot.path, path, author=author_name())
        document = open_board(result.path, author=author_name())
    except BoardFileError as exc:
        show_report(parent, "The snapshot was not restored", str(exc), [])
        return None
    text = (
        f"{path.name} was restored from the snapshot taken {when(snapshot.taken_at)} "
        f"({result.cards} cards, {result.links} links). Changes made after that time are "
        "not in it."
    )
    if result.damaged_moved_to is not None:
        text += (
            f" The damaged file was kept as “{result.damaged_moved_to.name}”; you can still "
            "salvage it."
        )
    show_report(parent, "Board restored", text, [])
    return document


def _salvage(parent: QWidget | None, path: Path) -> BoardDocument | None:
    suggested = _free_name(path.parent, f"{_stem(path)} (salvaged)")
    out = choose_salvage_path(parent, suggested)
    if out is None:
        return None
    try:
        report = salvage_board(path, out, author=author_name())
        document = open_board(out, author=author_name())
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


class RecoveryFeature(QObject):
    """Keeps snapshots of the window's open board and restores them."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        self.auto: AutoSnapshots | None = None
        self._path: Path | None = None
        self._warned = False
        self.timer = QTimer(self)
        self.timer.setInterval(SNAPSHOT_INTERVAL_MS)
        self.timer.timeout.connect(self.take_now)
        self.restore_action = QAction("Restore from &snapshot…", window)
        self.restore_action.setObjectName("restore-snapshot")
        self.restore_action.triggered.connect(lambda _checked=False: self.show_snapshots())
        file_menu = window.menus["file"]
        file_menu.insertAction(window.actions_by_name["close"], self.restore_action)
        window.session_changed.connect(self._session_changed)
        self._session_changed(window.session)

    def _session_changed(self, session: "BoardSession | None") -> None:
        self._finish()
        self.restore_action.setEnabled(session is not None)
        if session is None or session.document.read_only:
            return
        document = session.document
        self.auto = AutoSnapshots(document, root=snapshot_root())
        self._path = document.path
        self._warned = False
        try:
            if not list_snapshots(document.board.info.id, snapshot_root()):
                # A board received and never changed here would otherwise have none.
                take_snapshot(document, root=snapshot_root())
        except BoardFileError as exc:
            self._warn(str(exc))
        self.timer.start()

    def take_now(self) -> Path | None:
        """Snapshot the open board if it changed since the last snapshot."""
        if self.auto is None:
            return None
        try:
            return self.auto.take_if_changed()
        except BoardFileError as exc:
            self._warn(str(exc))
            return None

    def _warn(self, message: str) -> None:
        # Once per board: a full disk would otherwise repeat it every ten minutes.
        if not self._warned:
            self._warned = True
            self.window.message_bar.show_message(message, "warning")

    def _finish(self) -> None:
        """Stop following the previous board, with a last snapshot if it changed."""
        self.timer.stop()
        auto, path, self.auto, self._path = self.auto, self._path, None, None
        if auto is None or path is None:
            return
        auto.stop()
        if not auto.pending:
            return
        try:
            if not auto.document.closed:
                auto.take_if_changed()
                return
            with open_board(path, read_only=True) as closed:
                take_snapshot(closed, root=snapshot_root())
        except BoardFileError as exc:
            self.window.message_bar.show_message(
                f"The last snapshot of {path.name} could not be taken: {exc}", "warning"
            )

    def show_snapshots(self) -> SnapshotListDialog | None:
        session = self.window.session
        if session is None:
            return None
        document = session.document
        snapshots = list_snapshots(document.board.info.id, snapshot_root())
        dialog = SnapshotListDialog(document.path.name, snapshots, self.window)
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
        target = _free_name(board_path.parent, f"{_stem(board_path)} (restored {stamp})")
        try:
            result = restore_snapshot(snapshot.path, target, author=author_name())
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


def install(window: "MainWindow") -> None:
    """Add snapshots and File > Restore from snapshot… to ``window``."""
    RecoveryFeature(window).setObjectName("recovery-feature")
