"""What the window says about a board: its zoom and its counts, in plain English."""

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QPointF

from evidenceboard.model.cards import CardKind
from evidenceboard.storage.document import create_board
from evidenceboard.storage.snapshots import SnapshotInfo
from evidenceboard.ui.dialogs.recovery_dialog import RecoveryDialog
from evidenceboard.ui.dialogs.share_dialog import ShareDialog
from evidenceboard.ui.main_window import MainWindow


def test_a_new_board_shows_its_own_zoom_and_singular_counts(
    window: MainWindow, board_dir: Path
) -> None:
    # The demo board is fitted below 100 %; the empty board opened next is at 100 %.
    assert window.zoom_label.text() != "100 %"
    path = board_dir / "new.evboard"
    create_board(path).close()
    assert window.open_path(path)
    assert window.session is not None
    assert window.session.view.scale_factor() == 1.0
    assert window.zoom_label.text() == "100 %"
    assert window.count_label.text() == "0 cards · 0 links"
    assert window.session.editor.new_card(CardKind.CLAIM, QPointF(0, 0)) is not None
    assert window.count_label.text() == "1 card · 0 links"


def test_dialogs_count_one_card_as_one_card(window: MainWindow, board_dir: Path) -> None:
    path = board_dir / "one.evboard"
    create_board(path).close()
    assert window.open_path(path)
    assert window.session is not None
    window.session.editor.new_card(CardKind.NOTE, QPointF(0, 0))
    share = ShareDialog(window.session.document.board, path, "someone", window)
    assert share.summary.text() == "The copy will hold the board's one card and its links."
    snapshot = SnapshotInfo(path, datetime.now(UTC), 1, 1)
    recovery = RecoveryDialog(path, "it is damaged", snapshot, window)
    assert recovery.restore_button is not None
    assert recovery.restore_button.text().endswith(", 1 card)")
