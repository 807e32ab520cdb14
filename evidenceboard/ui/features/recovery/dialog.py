"""Dialogs of recovery: a board that will not open, and the list of a board's snapshots.

The damaged-board dialog never leads to a silent empty board: it names the file and
the reason, and offers only what can really be done (restoring the newest usable
snapshot, with its date and size, is offered only when one exists). Reasons come from
the storage layer and file names from the user's disk; both are shown as plain text.
"""

import enum
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evidenceboard.model.short_text import plural
from evidenceboard.storage.snapshots import SnapshotInfo
from evidenceboard.ui.common.dialogs import button_box
from evidenceboard.ui.common.plain import plain_label


class RecoveryChoice(enum.Enum):
    RESTORE = "restore"
    SALVAGE = "salvage"
    CANCEL = "cancel"


def when(taken_at: datetime) -> str:
    """A snapshot's time in the user's local time zone."""
    return f"{taken_at.astimezone():%Y-%m-%d %H:%M}"


class RecoveryDialog(QDialog):
    """ "This board is damaged": restore the last snapshot, salvage, or cancel."""

    def __init__(
        self, path: Path, reason: str, snapshot: SnapshotInfo | None, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recovery-dialog")
        self.setWindowTitle("This board is damaged")
        self.choice = RecoveryChoice.CANCEL
        heading = plain_label(f"This board is damaged: {path.name}", wrap=True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.reason = plain_label(reason, wrap=True)
        self.reason.setObjectName("recovery-reason")
        advice = plain_label(
            "The damaged file is never changed: restoring puts it aside under a new name, "
            "and salvaging reads from it into a new board."
            if snapshot is not None
            else "No usable snapshot of this board was found. Salvaging reads what is still "
            "readable into a new board and lists what was lost; the damaged file is not changed.",
            wrap=True,
        )
        column = QVBoxLayout(self)
        for widget in (heading, self.reason, advice):
            column.addWidget(widget)
        self.restore_button: QPushButton | None = None
        if snapshot is not None:
            self.restore_button = QPushButton(
                f"Restore the last snapshot (taken {when(snapshot.taken_at)}, "
                f"{plural(snapshot.cards, 'card')})"
            )
            self.restore_button.setObjectName("recovery-restore")
            self.restore_button.clicked.connect(lambda: self._choose(RecoveryChoice.RESTORE))
            column.addWidget(self.restore_button)
        self.salvage_button = QPushButton("Salvage what can be read into a new board…")
        self.salvage_button.setObjectName("recovery-salvage")
        self.salvage_button.clicked.connect(lambda: self._choose(RecoveryChoice.SALVAGE))
        column.addWidget(self.salvage_button)
        buttons = button_box(self, QDialogButtonBox.StandardButton.Cancel)
        column.addWidget(buttons)
        (self.restore_button or self.salvage_button).setDefault(True)

    def _choose(self, choice: RecoveryChoice) -> None:
        self.choice = choice
        self.accept()


class SnapshotListDialog(QDialog):
    """File > Restore from snapshot…: the open board's snapshots, newest first."""

    def __init__(
        self, board_name: str, snapshots: list[SnapshotInfo], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("snapshot-dialog")
        self.setWindowTitle("Restore from snapshot")
        self.snapshots = snapshots
        self.table = QTableWidget(len(snapshots), 4)
        self.table.setObjectName("snapshot-table")
        self.table.setHorizontalHeaderLabels(["Taken", "Cards", "Links", "State"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for row, info in enumerate(snapshots):
            state = "usable" if info.usable else f"problem: {info.problem}"
            values = [when(info.taken_at), str(info.cards), str(info.links), state]
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update)
        intro = plain_label(
            f"Snapshots of {board_name}, newest first. The restored board is written as a "
            "new file next to this one and opened; this board stays as it is."
            if snapshots
            else f"There are no snapshots of {board_name} yet. They are taken while the "
            "board is open and changing, and when it is closed.",
            wrap=True,
        )
        buttons = button_box(self, QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("snapshot-restore")
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(self.table, 1)
        column.addWidget(buttons)
        first_usable = next((i for i, s in enumerate(snapshots) if s.usable), None)
        if first_usable is not None:
            self.table.selectRow(first_usable)
        self._update()
        self.resize(560, 380)

    def chosen(self) -> SnapshotInfo | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        info = self.snapshots[rows.pop()]
        return info if info.usable else None

    def _update(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)
