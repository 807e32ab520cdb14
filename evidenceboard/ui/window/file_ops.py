"""Opening, creating and copying board files, with the user told why when it fails.

Board files come from other people, so every open goes through the vetted
``begin_open`` (then ``finish``, with a preview of a large board in between); its
errors carry a sentence for the user. A board locked by someone else can still be
opened read-only. Dialog functions are module-level so tests can replace them instead
of clicking modal boxes.
"""

import contextlib
import os
import secrets
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from evidenceboard.durable import fsync_folder, fsync_path
from evidenceboard.storage.document import BoardDocument, BoardOpening, begin_open
from evidenceboard.storage.errors import (
    BoardFileError,
    BoardLockedError,
    DamagedBoardError,
    WriteFailedError,
)
from evidenceboard.ui.common import settings
from evidenceboard.ui.features.recovery.feature import recover_damaged_board
from evidenceboard.ui.window.background_open import finish_in_background

if TYPE_CHECKING:
    from evidenceboard.ui.window.open_preview import OpenPreview

BOARD_FILTER = "EvidenceBoard boards (*.evboard);;All files (*)"


def ask_open_read_only(parent: QWidget | None, error: BoardLockedError) -> bool:
    """Ask whether to open a locked board read-only."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Board in use")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(str(error))
    box.setInformativeText("You can open it read-only to look at it without changing it.")
    read_only = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is read_only


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    """Tell the user something failed (a modal box with plain text)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(message)
    box.exec()


def open_with_dialogs(
    parent: QWidget | None,
    path: Path,
    author: str | None = None,
    preview: "OpenPreview | None" = None,
) -> BoardDocument | None:
    """Open a board, explaining a failure; None if it was not opened.

    A damaged board leads to the recovery dialog (restore a snapshot or salvage), never
    to a silent empty board. ``preview``, when given, shows the board from its sketch
    before the model loads; it is discarded when the open fails.
    """
    author = author or settings.author_name()
    try:
        try:
            opening = begin_open(path, author=author)
        except BoardLockedError as exc:
            if not ask_open_read_only(parent, exc):
                return None
            try:
                return _finish(begin_open(path, read_only=True, author=author), preview)
            except BoardFileError as again:
                show_error(parent, "The board cannot be opened", str(again))
                return None
        return _finish(opening, preview)
    except DamagedBoardError as exc:
        return recover_damaged_board(parent, path, exc)
    except BoardFileError as exc:
        show_error(parent, "The board cannot be opened", str(exc))
        return None
    except OSError as exc:
        show_error(parent, "The board cannot be opened", f"{path.name}: {exc.strerror}.")
        return None


def _finish(opening: BoardOpening, preview: "OpenPreview | None") -> BoardDocument:
    try:
        if preview is not None:
            preview.show(opening)
            if preview.view is not None:
                # A large board: the window keeps painting while the model loads.
                return finish_in_background(opening)
        return opening.finish()
    except BaseException:
        opening.abandon()
        if preview is not None:
            # Off the canvas before any dialog: the board it shows did not open.
            preview.discard()
            preview.close()
        raise


def save_copy(document: BoardDocument, destination: Path) -> None:
    """Write a consistent copy of an open board with SQLite's online backup.

    A plain file copy of an open database could catch it mid-write; the backup API
    copies a consistent snapshot. The copy is written beside the destination and
    moved into place, so a failure never leaves half a file under the chosen name.
    """
    if destination.resolve() == document.path.resolve():
        raise WriteFailedError("Choose another file name: a board cannot be copied onto itself.")
    temp = destination.with_name(f".{destination.name}.{secrets.token_hex(6)}.copying")
    try:
        document.backup_to(temp)
        fsync_path(temp)
        os.replace(temp, destination)
        fsync_folder(destination.parent)
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise WriteFailedError(
            f"The copy could not be written to {destination.name}: {exc}."
        ) from exc
