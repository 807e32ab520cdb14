"""File > Share a copy…: choose where, choose what to leave out, write the copy in the background.

The copy is written by :func:`evidenceboard.storage.share.share_file` in a
:class:`~evidenceboard.ui.common.background_task.BackgroundTask` from a *private read-only*
opening of the board file, never from the window's own document: that document's
SQLite connection serves every edit on the UI thread and nothing serialises access to
it, while a second connection is safe by SQLite's own locking. Every edit is on disk
when it returns, so the file holds exactly what the user sees. The dialog is
window-modal while the copy is written, so no edit waits on the reader's lock; it
cannot be closed until the copy is written or has failed.

Tags and handling markings offered for redaction are those present on the board; the
summary counts what will be left out with the same rule as ``share_copy`` (any chosen
tag, or a chosen marking or one above it in the board's marking scheme, and with "Only
this frame" every card the frame does not hold). The frames are offered by title; a
frame selected on the canvas when the dialog opens is the one preselected. Board text
is shown only through plain-text widgets (a combo box's items are plain text).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from evidenceboard.model.board import Board
from evidenceboard.model.short_text import plural
from evidenceboard.storage.errors import BoardFileError, failure_words
from evidenceboard.storage.share import ShareReport, omitted_card_ids, share_file
from evidenceboard.ui.common.background_task import BackgroundTask, TaskControl
from evidenceboard.ui.common.frame_choice import chosen_frame, frame_choice, frame_title
from evidenceboard.ui.common.plain import ask, plain_message_box

BOARD_FILTER = "EvidenceBoard boards (*.evboard)"


def choose_share_path(parent: QWidget, suggested: Path) -> Path | None:
    """Ask where to write the shared copy (tests replace this function)."""
    name, _ = QFileDialog.getSaveFileName(parent, "Share a copy", str(suggested), BOARD_FILTER)
    if not name:
        return None
    return Path(name) if name.endswith(".evboard") else Path(name + ".evboard")


def overwrite_question(parent: QWidget | None, path: Path) -> QMessageBox:
    """The question before replacing ``path``, whose name is shown as it is."""
    return plain_message_box(
        parent,
        QMessageBox.Icon.Question,
        "Replace file?",
        f"{path.name} already exists in {path.parent}. Replace it?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )


def confirm_overwrite(parent: QWidget, path: Path) -> bool:
    """Ask before replacing an existing file (tests replace this function)."""
    return ask(overwrite_question(parent, path)) == QMessageBox.StandardButton.Yes


def left_out(
    board: Board, tags: Iterable[str], markings: Iterable[str], frame: str | None = None
) -> tuple[int, int]:
    """How many cards and links a copy redacted by ``tags`` and ``markings`` (and holding
    only ``frame``, when given) leaves out."""
    cards = set(omitted_card_ids(board, tags, markings, frame))
    links = sum(1 for x in board.links.values() if x.source in cards or x.target in cards)
    return len(cards), links


@dataclass(frozen=True, slots=True)
class ShareRequest:
    """What the dialog asks of the copy, handed to the pool thread."""

    tags: list[str]
    markings: list[str]
    frame: str | None
    overwrite: bool
    author: str


def _sharer(
    source: Path, destination: Path, request: ShareRequest
) -> Callable[[TaskControl], ShareReport]:
    """The work that writes the copy from its own read-only connection to the board file."""

    def share(control: TaskControl) -> ShareReport:
        return share_file(
            source,
            destination,
            omit_tags=request.tags,
            omit_markings=request.markings,
            frame=request.frame,
            overwrite=request.overwrite,
            author=request.author,
            progress=control.report,
        )

    return share


def _failure_words(error: object) -> str:
    if isinstance(error, BoardFileError):
        return str(error)
    if isinstance(error, OSError):
        return f"The copy could not be written: {failure_words(error)}."
    return f"The copy could not be written: {error}."


def _check_list(name: str, values: list[str], empty: str) -> QListWidget:
    widget = QListWidget()
    widget.setObjectName(name)
    for value in values:
        item = QListWidgetItem(value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)
    if not values:
        item = QListWidgetItem(empty)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        widget.addItem(item)
    widget.setMaximumHeight(120)
    return widget


def _checked(widget: QListWidget) -> list[str]:
    items = (widget.item(i) for i in range(widget.count()))
    return [i.text() for i in items if i is not None and i.checkState() == Qt.CheckState.Checked]


def _plain(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class ShareDialog(QDialog):
    """Where to write the copy, what to leave out, and the copy's progress and report."""

    #: The copy was written (the :class:`ShareReport`).
    shared = Signal(object)

    def __init__(
        self,
        board: Board,
        source: Path,
        author: str,
        parent: QWidget | None,
        selected: Iterable[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("share-dialog")
        self.setWindowTitle("Share a copy")
        self.board = board
        self.source = source
        self.author = author
        self.report: ShareReport | None = None
        self._running = False
        self._task: BackgroundTask[ShareReport] | None = None
        self.destination = QLineEdit(str(self._suggested()))
        self.destination.setObjectName("share-destination")
        choose = QPushButton("Choose…")
        choose.setObjectName("share-choose")
        choose.clicked.connect(self._choose)
        where = QHBoxLayout()
        where.addWidget(self.destination, 1)
        where.addWidget(choose)
        self.scope = frame_choice(board, selected)
        self.scope.setObjectName("share-scope")
        self.scope.currentIndexChanged.connect(self._update_summary)
        tags = sorted({t for c in board.cards.values() for t in c.tags}, key=str.casefold)
        marks = sorted({c.handling.strip() for c in board.cards.values() if c.handling.strip()})
        self.tags = _check_list("share-tags", tags, "No card has a tag.")
        self.markings = _check_list("share-markings", marks, "No card has a handling marking.")
        for widget in (self.tags, self.markings):
            widget.itemChanged.connect(self._update_summary)
        self.summary = _plain()
        self.summary.setObjectName("share-summary")
        self.status = _plain()
        self.status.setObjectName("share-status")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.buttons = QDialogButtonBox()
        self.share_button = self.buttons.addButton("Share", QDialogButtonBox.ButtonRole.AcceptRole)
        self.share_button.setObjectName("share-button")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.share_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow("Write the copy to", where)
        form.addRow("Share", self.scope)
        form.addRow("Leave out cards tagged", self.tags)
        form.addRow("Leave out cards marked (or higher)", self.markings)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.summary)
        column.addWidget(self.progress)
        column.addWidget(self.status)
        column.addWidget(self.buttons)
        self._inputs: list[QWidget] = [
            self.destination,
            choose,
            self.scope,
            self.tags,
            self.markings,
        ]
        self._update_summary()
        self.resize(560, 480)

    def _suggested(self) -> Path:
        stem = self.source.name.removesuffix(".evboard")
        return self.source.with_name(f"{stem} (shared).evboard")

    def _choose(self) -> None:
        path = choose_share_path(self, Path(self.destination.text() or self._suggested()))
        if path is not None:
            self.destination.setText(str(path))

    def omitted_tags(self) -> list[str]:
        return _checked(self.tags)

    def omitted_markings(self) -> list[str]:
        return _checked(self.markings)

    def frame_id(self) -> str | None:
        """The frame the copy is to hold alone; None for the whole board."""
        return chosen_frame(self.scope)

    def _update_summary(self) -> None:
        frame_id = self.frame_id()
        if frame_id is not None and frame_id not in self.board.cards:
            self.summary.setText("That frame is no longer on the board; choose another.")
            return
        tags, markings = self.omitted_tags(), self.omitted_markings()
        cards, links = left_out(self.board, tags, markings, frame_id)
        total = len(self.board.cards)
        never = " Deleted items and the words of the history are never shared."
        if frame_id is not None:
            title = frame_title(self.board.cards[frame_id].display_title)
            kept = total - cards
            text = (
                f"The copy will hold only the frame “{title}”: {plural(kept, 'card')}, the "
                "frame included, the links among them and the files they use. It leaves "
                f"out {plural(cards, 'card')} of {total} and {plural(links, 'link')}." + never
            )
        elif not cards:
            text = (
                "The copy will hold the board's one card and its links."
                if total == 1
                else f"The copy will hold all {total} cards and their links."
            )
        else:
            text = (
                f"The copy will leave out {cards} of {plural(total, 'card')}, "
                f"the links that touch them ({plural(links, 'link')}), and files only they "
                "use." + never
            )
        self.summary.setText(text)

    def start(self) -> None:
        """Check the destination and start writing the copy on a pool thread."""
        if self._running:
            return
        if self.report is not None:
            self.accept()
            return
        text = self.destination.text().strip()
        if not text:
            self.status.setText("Choose where to write the copy.")
            return
        destination = Path(text).expanduser()
        if destination.suffix != ".evboard":
            destination = destination.with_name(destination.name + ".evboard")
        if destination.exists() and destination.resolve() == self.source.resolve():
            self.status.setText("The copy cannot replace the board itself; choose another name.")
            return
        overwrite = destination.exists()
        if overwrite and not confirm_overwrite(self, destination):
            return
        request = ShareRequest(
            self.omitted_tags(), self.omitted_markings(), self.frame_id(), overwrite, self.author
        )
        task: BackgroundTask[ShareReport] = BackgroundTask(
            _sharer(self.source, destination, request)
        )
        task.progressed.connect(self._progressed)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(self._failed)
        self._task = task
        self._set_running(True)
        self.status.setText("Starting…")
        task.start()

    def _set_running(self, running: bool) -> None:
        self._running = running
        self.progress.setVisible(running)
        for widget in (*self._inputs, self.share_button, self.close_button):
            widget.setEnabled(not running)

    def _progressed(self, message: object) -> None:
        self.status.setText(f"{message}…")

    def _succeeded(self, report: ShareReport) -> None:
        self._set_running(False)
        self.report = report
        self.status.setText(report.describe())
        self.share_button.setText("Close")
        self.close_button.hide()
        for widget in self._inputs:
            widget.setEnabled(False)
        self.shared.emit(report)

    def _failed(self, error: object) -> None:
        self._set_running(False)
        self.status.setText(f"The copy was not written. {_failure_words(error)}")

    @property
    def running(self) -> bool:
        return self._running

    @override
    def reject(self) -> None:
        if not self._running:
            super().reject()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._running:
            event.ignore()
            return
        super().closeEvent(event)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._running and event.key() == Qt.Key.Key_Escape:
            return
        super().keyPressEvent(event)
