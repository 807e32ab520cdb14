"""Opening a large board shows it before its model is loaded, and a failure leaves the window.

The preview is painted from the board's sketch while the previous board's session is
still the window's; the new session's scene then draws with that same overview item.
"""

import gc
import importlib
import sqlite3
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QGraphicsView
from pytestqt.qtbot import QtBot

from evidenceboard.storage import create_board
from evidenceboard.storage.document import BoardOpening
from evidenceboard.storage.errors import DamagedBoardError
from evidenceboard.storage.lock import lock_path
from evidenceboard.ui import open_preview
from evidenceboard.ui.dialogs.recovery_dialog import RecoveryChoice
from evidenceboard.ui.features import recovery_feature
from evidenceboard.ui.main_window import MainWindow
from evidenceboard.ui.open_preview import PREVIEW_CARDS, OpenPreview
from evidenceboard.ui.scene.overview_item import OverviewItem
from evidenceboard.ui.theme import LIGHT
from tests.ui.conftest import view_of

if TYPE_CHECKING:
    from evidenceboard.ui.session import BoardSession

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
# The benchmarks' seeded generator, so tests and figures use the same kind of board.
generate = importlib.import_module("board_generator").generate


@pytest.fixture
def big_path(board_dir: Path) -> Path:
    path = board_dir / "big.evboard"
    document = create_board(path, author="tester")
    document.apply(generate(PREVIEW_CARDS + 300, 2 * PREVIEW_CARDS).change())
    document.close()
    return path


def _board_pixels(image: QImage) -> int:
    """Pixels that are neither the canvas background nor empty."""
    canvas = QColor(LIGHT.canvas).rgb()
    return sum(
        1
        for x in range(0, image.width(), 5)
        for y in range(0, image.height(), 5)
        if image.pixel(x, y) != canvas
    )


class _Seen:
    """What the canvas showed each time the preview painted."""

    def __init__(self) -> None:
        self.paints: list[tuple[BoardSession | None, OverviewItem | None]] = []
        self.images: list[QImage] = []


def _watch(monkeypatch: pytest.MonkeyPatch, window: MainWindow) -> _Seen:
    seen = _Seen()
    show = OpenPreview.show

    def watching_show(preview: OpenPreview, opening: Any) -> None:
        def painted(_at: float) -> None:
            assert preview.view is not None
            overview = next((i for i in preview.view.items() if isinstance(i, OverviewItem)), None)
            seen.paints.append((window.session, overview))

        original_view = open_preview.PreviewView

        def recording_view(*args: Any) -> open_preview.PreviewView:
            view = original_view(*args)
            view.painted.connect(painted)
            return view

        monkeypatch.setattr(open_preview, "PreviewView", recording_view)
        show(preview, opening)
        if preview.view is not None:
            seen.images.append(preview.view.viewport().grab().toImage())

    monkeypatch.setattr(OpenPreview, "show", watching_show)
    return seen


def test_a_large_board_is_painted_before_its_session_exists(
    window: MainWindow, big_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = window.session
    seen = _watch(monkeypatch, window)
    assert window.open_path(big_path)
    session = window.session
    assert session is not None and session is not before
    # Painted at least once while the old board was still the window's session.
    assert seen.paints and all(s is before for s, _ in seen.paints)
    overview = seen.paints[0][1]
    assert overview is not None
    assert _board_pixels(seen.images[0]) > 100
    # The new scene draws with the very item the preview painted, nothing else.
    overviews = [i for i in session.scene.items() if isinstance(i, OverviewItem)]
    assert overviews == [overview]
    assert overview.isVisible()
    # The preview is gone from the canvas and the status bar.
    assert not window.findChildren(QGraphicsView, "open-preview")
    assert "Opening" not in window.statusBar().currentMessage()
    assert _board_pixels(view_of(window).viewport().grab().toImage()) > 100


def test_a_small_board_opens_without_a_preview(
    window: MainWindow, demo_path: Path, board_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _watch(monkeypatch, window)
    other = board_dir / "other.evboard"
    other.write_bytes(demo_path.read_bytes())
    assert window.open_path(other)
    assert seen.paints == [] and seen.images == []


def test_a_board_whose_load_fails_after_the_preview_leaves_the_window_as_it_was(
    window: MainWindow, big_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = window.session
    assert before is not None
    # The canvas columns are sound (the preview draws), the rest of one card is not.
    db = sqlite3.connect(big_path)
    db.execute("UPDATE cards SET created_at = 'yesterday' WHERE rowid = 7")
    db.commit()
    db.close()
    seen = _watch(monkeypatch, window)
    asked: list[tuple[DamagedBoardError, bool]] = []

    def ask(_parent: object, _path: Path, error: DamagedBoardError, _snap: object) -> Any:
        # The recovery dialog shows over the old board, not over the failed preview.
        host_shows_old = view_of(window).isVisible()
        asked.append((error, host_shows_old))
        return RecoveryChoice.CANCEL

    monkeypatch.setattr(recovery_feature, "ask_recovery", ask)
    assert not window.open_path(big_path)
    assert seen.paints, "the preview was painted before the load failed"
    assert len(asked) == 1 and asked[0][1]
    assert window.session is before and not before.document.closed
    assert view_of(window).isVisible()
    assert not window.findChildren(QGraphicsView, "open-preview")
    assert not lock_path(big_path).exists()
    assert len(before.document.board.cards) == 12


@pytest.fixture
def slow_load(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the model load take half a second longer; returns the threads it ran on."""
    threads: list[str] = []
    finish = BoardOpening.finish

    def slow(opening: BoardOpening) -> Any:
        threads.append(threading.current_thread().name)
        time.sleep(0.5)
        return finish(opening)

    monkeypatch.setattr(BoardOpening, "finish", slow)
    return threads


def test_the_window_keeps_painting_while_a_large_board_loads(
    window: MainWindow, big_path: Path, slow_load: list[str], qtbot: QtBot
) -> None:
    ticks: list[float] = []
    repaints: list[float] = []
    timer = QTimer()
    timer.setInterval(20)

    def tick() -> None:
        ticks.append(time.perf_counter())
        # What a window system asks of a window covered and uncovered meanwhile.
        for view in window.findChildren(QGraphicsView, "open-preview"):
            view.viewport().repaint()
            repaints.append(time.perf_counter())

    timer.timeout.connect(tick)
    timer.start()
    assert window.open_path(big_path)
    timer.stop()
    assert slow_load and slow_load[0] != threading.main_thread().name
    # The UI thread ran its timers and painted the preview during the half second.
    assert len(ticks) >= 5 and len(repaints) >= 5
    session = window.session
    assert session is not None and session.document.path == big_path


def test_closing_the_window_during_the_load_waits_for_the_board(
    window: MainWindow, big_path: Path, slow_load: list[str], qtbot: QtBot
) -> None:
    old = window.session
    assert old is not None
    asked: list[bool] = []

    def close() -> None:
        asked.append(window.isVisible())
        window.close()

    QTimer.singleShot(150, close)
    assert window.open_path(big_path)
    assert asked == [True], "the close request came during the load"
    session = window.session
    assert session is not None and session is not old
    # Not closed into the load: the board opened, and the window closes right after.
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
    assert session.document.closed and not lock_path(big_path).exists()


def test_a_board_handed_over_during_the_load_opens_after_it(
    window: MainWindow, big_path: Path, board_dir: Path, slow_load: list[str], qtbot: QtBot
) -> None:
    other = board_dir / "handed-over.evboard"
    create_board(other, author="tester").close()
    answers: list[bool] = []
    QTimer.singleShot(150, lambda: answers.append(window.open_path(other)))
    assert window.open_path(big_path)
    assert answers == [False]
    session = window.session
    assert session is not None and session.document.path == big_path
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.document.path == other,
        timeout=5_000,
    )
    assert session.document.closed


def test_an_open_board_is_kept_out_of_the_cyclic_collectors_walks(
    window: MainWindow, big_path: Path
) -> None:
    assert window.open_path(big_path)
    session = window.session
    assert session is not None
    # Every card of the open board is frozen: a full collection does not walk them.
    assert gc.get_freeze_count() > len(session.document.board.cards)
    window.close_board()
    assert gc.get_freeze_count() == 0
