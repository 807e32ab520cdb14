"""Opening a large board shows it before its model is loaded, and a failure leaves the window.

The preview is painted from the board's sketch while the previous board's session is
still the window's; the new session's scene then draws with that same overview item.
"""

import gc
import importlib
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
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
from evidenceboard.ui.board.scene.overview_item import OverviewItem
from evidenceboard.ui.common.theme import LIGHT
from evidenceboard.ui.features.recovery import feature as recovery_feature
from evidenceboard.ui.features.recovery.dialog import RecoveryChoice
from evidenceboard.ui.window import open_preview
from evidenceboard.ui.window.main_window import MainWindow
from evidenceboard.ui.window.open_preview import PREVIEW_CARDS, OpenPreview, PreviewView
from tests.window_fixtures import view_of

if TYPE_CHECKING:
    from evidenceboard.ui.window.session import BoardSession

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
    assert len(before.document.board.cards) == 21


class HeldLoad:
    """The model load of the large board, held on its worker until released."""

    def __init__(self) -> None:
        #: Set once a load has started (on whichever thread runs it).
        self.started = threading.Event()
        self.release = threading.Event()
        self.threads: list[threading.Thread] = []
        #: A load went on because nobody released it: the UI thread was stuck meanwhile.
        self.timed_out = False

    def during(self, action: Callable[[], object]) -> QTimer:
        """Run ``action`` on the UI thread while a load is held, then release the load.

        The UI thread looks for a held load from a timer, which runs only if the window
        keeps handling its events while the board loads. Keep the timer till the end.
        """
        timer = QTimer()
        timer.setInterval(5)

        def look() -> None:
            if self.started.is_set():
                timer.stop()
                action()
                self.release.set()

        timer.timeout.connect(look)
        timer.start()
        return timer


@pytest.fixture
def held_load(big_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldLoad]:
    """Make the loads of the large board wait for the test's release (others go on)."""
    held = HeldLoad()
    finish = BoardOpening.finish

    def holding(opening: BoardOpening) -> Any:
        if opening.path.resolve() != big_path.resolve():
            return finish(opening)
        held.threads.append(threading.current_thread())
        held.started.set()
        # A guard against a stuck test, not a measure: the test releases the load.
        if not held.release.wait(30):
            held.timed_out = True
        return finish(opening)

    monkeypatch.setattr(BoardOpening, "finish", holding)
    yield held
    held.release.set()


def test_the_window_keeps_painting_while_a_large_board_loads(
    window: MainWindow, big_path: Path, held_load: HeldLoad
) -> None:
    repainted: list[bool] = []

    def repaint() -> None:
        # What a window system asks of a window covered and uncovered meanwhile.
        for view in window.findChildren(PreviewView):
            view.painted.connect(lambda _at: repainted.append(not held_load.release.is_set()))
            view.viewport().repaint()

    timer = held_load.during(repaint)
    assert window.open_path(big_path)
    timer.stop()
    assert held_load.threads and held_load.threads[0] is not threading.main_thread()
    assert not held_load.timed_out, "the window handled no events while the board loaded"
    # The UI thread ran its timer and painted the preview while the load was held.
    assert repainted and all(repainted)
    session = window.session
    assert session is not None and session.document.path == big_path


def test_closing_the_window_during_the_load_waits_for_the_board(
    window: MainWindow, big_path: Path, held_load: HeldLoad, qtbot: QtBot
) -> None:
    old = window.session
    assert old is not None
    asked: list[bool] = []

    def close() -> None:
        asked.append(window.isVisible())
        window.close()

    timer = held_load.during(close)
    assert window.open_path(big_path)
    timer.stop()
    assert not held_load.timed_out
    assert asked == [True], "the close request came during the load"
    session = window.session
    assert session is not None and session is not old
    # Not closed into the load: the board opened, and the window closes right after.
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
    assert session.document.closed and not lock_path(big_path).exists()


def test_a_board_handed_over_during_the_load_opens_after_it(
    window: MainWindow, big_path: Path, board_dir: Path, held_load: HeldLoad, qtbot: QtBot
) -> None:
    other = board_dir / "handed-over.evboard"
    create_board(other, author="tester").close()
    answers: list[bool] = []
    timer = held_load.during(lambda: answers.append(window.open_path(other)))
    assert window.open_path(big_path)
    timer.stop()
    assert not held_load.timed_out
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
